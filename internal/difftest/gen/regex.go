package gen

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"

	rsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// genRegexString parses a regex string and instantiates it with its
// modifiers: /i or nocase fold literals to a random case, wide interleaves
// zero bytes, fullword adds delimiters.
func genRegexString(lit *syntax.RegexLit, m modifiers, rng *rand.Rand, miss bool) (Instance, error) {
	if lit == nil {
		return Instance{}, fmt.Errorf("%w: missing regex literal", ErrUnsupported)
	}
	var flags rsyntax.Flags
	if lit.CaseInsensitive || m.nocase {
		flags |= rsyntax.FoldCase
	}
	if lit.DotAll {
		flags |= rsyntax.DotAll
	}
	re, err := rsyntax.Parse(lit.Pattern, flags)
	if err != nil {
		return Instance{}, fmt.Errorf("%w: regex: %v", ErrUnsupported, err)
	}
	inst, fixed, err := GenerateRegex(re, rng)
	if err != nil {
		return Instance{}, err
	}
	if miss {
		if len(fixed) == 0 {
			return Instance{}, fmt.Errorf("%w: regex has no mandatory literal", ErrNoNearMiss)
		}
		i := fixed[rng.IntN(len(fixed))]
		inst.Data[i] = missByte(inst.Data[i])
	}
	wide := m.useWide(rng)
	if wide {
		inst.Data = widen(inst.Data)
	}
	if m.fullword {
		inst.Data = fullwordGuard(rng, inst.Data, wide, inst.AtStart, inst.AtEnd)
	}
	return inst, nil
}

// GenerateRegex returns an instance of a parsed regular expression and the
// offsets in it of the bytes that come from mandatory literals (literals not
// under an alternation or a variable repeat), which a near miss may change.
// Zero-width assertions are satisfied by construction: word boundaries at an
// edge get a guard byte outside the match, ^ and $ set AtStart and AtEnd.
// Attempts that violate an assertion are retried, preferring unanchored
// results, up to MaxAttempts times.
func GenerateRegex(re *rsyntax.Node, rng *rand.Rand) (Instance, []int, error) {
	var (
		fallback      *Instance
		fallbackFixed []int
		lastErr       error
	)
	for range MaxAttempts {
		g := &regexGen{rng: rng}
		if err := g.walk(re, true, 0); err != nil {
			if errors.Is(err, ErrTooLong) || errors.Is(err, ErrUnsupported) {
				return Instance{}, nil, err
			}
			lastErr = err
			continue
		}
		inst, fixed, err := g.finish()
		if err != nil {
			lastErr = err
			continue
		}
		if !inst.AtStart && !inst.AtEnd {
			return inst, fixed, nil
		}
		if fallback == nil {
			fallback, fallbackFixed = &inst, fixed
		}
	}
	if fallback != nil {
		return *fallback, fallbackFixed, nil
	}
	return Instance{}, nil, fmt.Errorf("%w: regex: no attempt satisfied its assertions (last: %v)", ErrUnsupported, lastErr)
}

// errRetry marks a failed random attempt that another attempt may fix.
var errRetry = errors.New("attempt failed")

type regexGen struct {
	rng     *rand.Rand
	out     []byte
	asserts []assertion
	fixed   []int // offsets of mandatory literal bytes
	steps   int
}

// assertion is a zero-width assertion reached at an output offset.
type assertion struct {
	pos int
	op  rsyntax.Op
}

func (g *regexGen) walk(n *rsyntax.Node, mandatory bool, depth int) error {
	g.steps++
	switch {
	case g.steps > MaxSteps:
		return fmt.Errorf("%w: regex needs more than %d generation steps", ErrTooLong, MaxSteps)
	case len(g.out) > MaxInstanceLen:
		return fmt.Errorf("%w: regex instance exceeds %d bytes", ErrTooLong, MaxInstanceLen)
	case depth > rsyntax.MaxNestingDepth:
		return fmt.Errorf("%w: regex nested deeper than %d", ErrUnsupported, rsyntax.MaxNestingDepth)
	case n == nil:
		return fmt.Errorf("%w: nil regex node", ErrUnsupported)
	}
	switch n.Op {
	case rsyntax.OpEmpty:
	case rsyntax.OpLiteral:
		for _, c := range n.Lit {
			if mandatory {
				g.fixed = append(g.fixed, len(g.out))
			}
			if n.Fold {
				c = randomCase(g.rng, c)
			}
			g.out = append(g.out, c)
		}
	case rsyntax.OpAnyByte:
		g.out = append(g.out, byte(g.rng.IntN(256)))
	case rsyntax.OpAnyNotNL:
		c := byte(g.rng.IntN(255))
		if c >= '\n' {
			c++
		}
		g.out = append(g.out, c)
	case rsyntax.OpClass:
		c, ok := pickClass(g.rng, &n.Class)
		if !ok {
			return fmt.Errorf("%w: empty character class at offset %d", ErrUnsupported, n.Pos)
		}
		g.out = append(g.out, c)
	case rsyntax.OpConcat:
		for _, s := range n.Subs {
			if err := g.walk(s, mandatory, depth+1); err != nil {
				return err
			}
		}
	case rsyntax.OpAlternate:
		if len(n.Subs) == 0 {
			return fmt.Errorf("%w: empty alternation", ErrUnsupported)
		}
		return g.walk(n.Subs[g.rng.IntN(len(n.Subs))], false, depth+1)
	case rsyntax.OpRepeat:
		return g.repeat(n, mandatory, depth)
	case rsyntax.OpGroup:
		if len(n.Subs) != 1 {
			return fmt.Errorf("%w: malformed group", ErrUnsupported)
		}
		return g.walk(n.Subs[0], mandatory, depth+1)
	case rsyntax.OpBeginText, rsyntax.OpEndText, rsyntax.OpWordBoundary, rsyntax.OpNoWordBoundary:
		g.asserts = append(g.asserts, assertion{len(g.out), n.Op})
	default:
		return fmt.Errorf("%w: unknown regex op %v", ErrUnsupported, n.Op)
	}
	return nil
}

// repeat emits between Min and Min+MaxRepeatExtra iterations (at most Max).
// Literals inside count as mandatory only for a fixed count.
func (g *regexGen) repeat(n *rsyntax.Node, mandatory bool, depth int) error {
	if len(n.Subs) != 1 || n.Min < 0 {
		return fmt.Errorf("%w: malformed repeat", ErrUnsupported)
	}
	hi := n.Max
	if hi < 0 || hi > n.Min+MaxRepeatExtra {
		hi = n.Min + MaxRepeatExtra
	}
	if hi < n.Min {
		hi = n.Min
	}
	count := n.Min + g.rng.IntN(hi-n.Min+1)
	fixed := mandatory && n.Min == n.Max
	for range count {
		if err := g.walk(n.Subs[0], fixed, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// pickClass returns a random member of c, in time independent of its size.
func pickClass(rng *rand.Rand, c *rsyntax.Class) (byte, bool) {
	n := 0
	for _, w := range c {
		n += bits.OnesCount64(w)
	}
	if n == 0 {
		return 0, false
	}
	k := rng.IntN(n)
	for i, w := range c {
		if cnt := bits.OnesCount64(w); k >= cnt {
			k -= cnt
			continue
		}
		for ; k > 0; k-- {
			w &= w - 1 // drop the lowest member
		}
		return byte(64*i + bits.TrailingZeros64(w)), true
	}
	return 0, false
}

// finish checks the assertions against the generated bytes and adds guard
// bytes for word boundaries at the edges.
func (g *regexGen) finish() (Instance, []int, error) {
	var inst Instance
	if len(g.out) == 0 {
		return inst, nil, fmt.Errorf("%w: empty instance", errRetry)
	}
	for _, a := range g.asserts {
		switch a.op {
		case rsyntax.OpBeginText:
			if a.pos != 0 {
				return inst, nil, fmt.Errorf("%w: ^ after the start", errRetry)
			}
			inst.AtStart = true
		case rsyntax.OpEndText:
			if a.pos != len(g.out) {
				return inst, nil, fmt.Errorf("%w: $ before the end", errRetry)
			}
			inst.AtEnd = true
		}
	}
	// Word byte required before/after the data: 0 = free, 1 = word, 2 = non-word.
	var before, after int
	for _, a := range g.asserts {
		if a.op != rsyntax.OpWordBoundary && a.op != rsyntax.OpNoWordBoundary {
			continue
		}
		boundary := a.op == rsyntax.OpWordBoundary
		switch {
		case a.pos > 0 && a.pos < len(g.out):
			if (isWord(g.out[a.pos-1]) != isWord(g.out[a.pos])) != boundary {
				return inst, nil, fmt.Errorf("%w: word boundary violated", errRetry)
			}
		case a.pos == 0:
			// The byte before must be a word byte iff (first is word) != boundary.
			need := wordNeed(isWord(g.out[0]) != boundary)
			if inst.AtStart && need == 1 || before != 0 && before != need {
				return inst, nil, fmt.Errorf("%w: word boundary at the start", errRetry)
			}
			if !inst.AtStart {
				before = need
			}
		default:
			need := wordNeed(isWord(g.out[len(g.out)-1]) != boundary)
			if inst.AtEnd && need == 1 || after != 0 && after != need {
				return inst, nil, fmt.Errorf("%w: word boundary at the end", errRetry)
			}
			if !inst.AtEnd {
				after = need
			}
		}
	}
	fixed := g.fixed
	data := g.out
	if before != 0 {
		data = append([]byte{g.guardByte(before)}, data...)
		for i := range fixed {
			fixed[i]++
		}
	}
	if after != 0 {
		data = append(data, g.guardByte(after))
	}
	inst.Data = data
	return inst, fixed, nil
}

func wordNeed(word bool) int {
	if word {
		return 1
	}
	return 2
}

func (g *regexGen) guardByte(need int) byte {
	if need == 1 {
		return pick(g.rng, wordBytes)
	}
	return pick(g.rng, nonWord)
}
