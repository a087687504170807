package pattern

import (
	"math/bits"
	"sync"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// This file computes the quality yara gives the atoms of a string, only to
// decide the "may slow down scanning" warning (Slow) exactly as yara does.
// It is independent of the atoms this package really searches for, which
// are chosen by atom.go and select.go. The rules below were learnt from
// yarac 4.2.3's observable behaviour (probing rules one string at a time):
//
//   - an atom is a window of at most 4 positions of a run of adjacent
//     positions; a position is an exact byte, a wildcard (hex ??, regex .)
//     or a hex nibble (4?); regex classes, jumps, optional and repeated
//     items end a run;
//   - points per position: 20 for a byte, 18 for an ASCII letter, 12 for
//     00 20 CC FF, -10 for a wildcard, 4 for a nibble; plus 2 per distinct
//     exact byte; a window made of one common byte repeated scores low;
//   - the best window of each run wins (the first on ties), the best run or
//     sub-choice of a concatenation wins, an alternation is as good as its
//     worst alternative;
//   - the wide form widens the chosen window and keeps its first 4 bytes,
//     and both the plain and the widened window must be good; xor applies
//     each key to the chosen window;
//   - a string is slow when its worst atom scores below SlowQuality.
const (
	yqByte     = 20  // an exact byte
	yqAlpha    = 18  // an exact ASCII letter
	yqCommon   = 12  // an exact 00, 20, CC or FF
	yqWildcard = -10 // any byte
	yqNibble   = 4   // a byte with one nibble fixed
	yqUnique   = 2   // per distinct exact byte of the window
	// yqSameCommon is the score of a window made only of one common byte
	// repeated (00 00 00 00): below SlowQuality whatever its length.
	yqSameCommon = yqCommon + yqUnique
	// yqNone is the quality of a string without any atom.
	yqNone = 0
	// yqMax is the highest quality of a window (MaxAtomLen distinct
	// ordinary bytes): a window of it cannot be beaten.
	yqMax = MaxAtomLen * (yqByte + yqUnique)
	// yqMaxRepeat bounds the copies of a repeated position added to a run:
	// a window never spans more than MaxAtomLen of them.
	yqMaxRepeat = MaxAtomLen
)

// Kinds of yqPos.
const (
	yqExact uint8 = iota
	yqAny
	yqHalf
)

// yqPos is one position of a run, as yara's quality sees it.
type yqPos struct {
	kind uint8
	b    byte
}

// yqScore returns the quality of a window.
func yqScore(w []yqPos) int {
	q := 0
	var seen [4]uint64
	unique := 0
	same := true
	for i, p := range w {
		switch p.kind {
		case yqAny:
			q += yqWildcard
			same = false
			continue
		case yqHalf:
			q += yqNibble
			same = false
			continue
		}
		switch {
		case isCommonByte(p.b):
			q += yqCommon
		case p.b >= 'a' && p.b <= 'z' || p.b >= 'A' && p.b <= 'Z':
			q += yqAlpha
		default:
			q += yqByte
		}
		if seen[p.b>>6]&(1<<(p.b&63)) == 0 {
			seen[p.b>>6] |= 1 << (p.b & 63)
			unique++
		}
		if p.b != w[0].b || w[0].kind != yqExact {
			same = false
		}
		_ = i
	}
	if same && len(w) > 1 && isCommonByte(w[0].b) {
		return yqSameCommon
	}
	return q + yqUnique*unique
}

// yqBest returns the best window of run: the first of highest quality
// among the windows of 1 to MaxAtomLen positions. The windows starting at
// one position are scored incrementally (yqScore gives the same values).
func yqBest(run []yqPos) (w []yqPos, q int) {
	q = -1 << 30
	for i := range run {
		var acc yqAcc
		same := true
		for l := 1; l <= MaxAtomLen && i+l <= len(run); l++ {
			p := run[i+l-1]
			acc.add(p)
			same = same && p.kind == yqExact && run[i].kind == yqExact && p.b == run[i].b
			s := acc.score()
			if same && l > 1 && isCommonByte(run[i].b) {
				s = yqSameCommon
			}
			if s > q {
				w, q = run[i:i+l], s
			}
		}
		if q == yqMax {
			break // no later window is strictly better
		}
	}
	return w, q
}

// yqAcc adds up yara's points for the positions of one window, in any
// order: points per kind of position plus a bonus per distinct byte.
type yqAcc struct {
	pts, unique int
	seen        [MaxAtomLen]byte
}

// add scores one more position of the window.
func (a *yqAcc) add(p yqPos) {
	switch p.kind {
	case yqAny:
		a.pts += yqWildcard
		return
	case yqHalf:
		a.pts += yqNibble
		return
	}
	switch {
	case isCommonByte(p.b):
		a.pts += yqCommon
	case p.b >= 'a' && p.b <= 'z' || p.b >= 'A' && p.b <= 'Z':
		a.pts += yqAlpha
	default:
		a.pts += yqByte
	}
	for _, b := range a.seen[:a.unique] {
		if b == p.b {
			return
		}
	}
	a.seen[a.unique] = p.b
	a.unique++
}

// score is the window's quality before the same-common-byte rule.
func (a *yqAcc) score() int { return a.pts + yqUnique*a.unique }

// yqRunBest finds yqBest's window incrementally while a run grows (as
// runBest does for bestWindow), so that the rest of a run need not be
// built once its window cannot be beaten.
type yqRunBest struct{ start, n, q int }

// reset forgets the windows seen, for a new run.
func (b *yqRunBest) reset() { *b = yqRunBest{q: -1 << 30} }

// add scores the windows ending at the last position of run, which must be
// the run of the earlier calls since reset plus one position. After every
// call, run[b.start:b.start+b.n] and b.q are what yqBest(run) returns: of
// the windows of equal quality, the one of the smallest start wins.
func (b *yqRunBest) add(run []yqPos) {
	e := len(run)
	last := run[e-1]
	var acc yqAcc
	same := true
	for l := 1; l <= MaxAtomLen && l <= e; l++ {
		p := run[e-l]
		acc.add(p)
		same = same && p.kind == yqExact && last.kind == yqExact && p.b == last.b
		s := acc.score()
		if same && l > 1 && isCommonByte(last.b) {
			s = yqSameCommon
		}
		if s > b.q || s == b.q && e-l < b.start {
			b.start, b.n, b.q = e-l, l, s
		}
	}
}

// yqWiden returns the wide form of a window, cut to MaxAtomLen positions.
func yqWiden(w []yqPos) []yqPos {
	var buf [MaxAtomLen]yqPos
	out := buf[:0]
	for _, p := range w {
		if len(out) >= MaxAtomLen {
			break
		}
		out = append(out, p)
		if len(out) < MaxAtomLen {
			out = append(out, yqPos{kind: yqExact})
		}
	}
	return out
}

// yqXor returns the window with key applied to its exact bytes, in out
// (which must be as long as w).
func yqXor(out, w []yqPos, key byte) []yqPos {
	out = out[:len(w)]
	for i, p := range w {
		out[i] = p
		if p.kind == yqExact {
			out[i].b ^= key
		}
	}
	return out
}

// yqForms returns the worst quality of the window w over the forms of the
// string: plain and/or wide, times the xor keys.
func yqForms(w []yqPos, ascii, wide bool, keyMin, keyMax int) int {
	q := 1 << 30
	var xbuf [MaxAtomLen]yqPos
	wide4 := yqWiden(w)
	for key := keyMin; key <= keyMax; key++ {
		x := w
		if key >= 0 {
			x = yqXor(xbuf[:], w, byte(key))
		}
		if ascii || wide {
			q = min(q, yqScore(x))
		}
		if wide {
			wx := wide4
			if key >= 0 {
				wx = yqXor(xbuf[:], wide4, byte(key))
			}
			q = min(q, yqScore(wx))
		}
	}
	return q
}

// yqText returns yara's quality of a text string (base64 excepted), exact
// below SlowQuality as yqRegexOrHex's.
func yqText(s []byte, m mods) int {
	// yqBest's window, found as the run grows (see yqRunBest). Without
	// wide or xor, the string's quality is its window's: once that reaches
	// SlowQuality only the slow verdict matters, as for yqTree.enough.
	stop := yqMax
	if !m.wide && !m.xor {
		stop = SlowQuality
	}
	var stack [64]yqPos
	run := stack[:0]
	var rb yqRunBest
	rb.reset()
	for _, b := range s {
		run = append(run, yqPos{kind: yqExact, b: b})
		if rb.add(run); rb.q >= stop {
			break
		}
	}
	if rb.n == 0 {
		return yqNone
	}
	w := run[rb.start : rb.start+rb.n]
	keyMin, keyMax := -1, -1
	if m.xor {
		keyMin, keyMax = m.xorMin, m.xorMax
	}
	return yqForms(w, m.asciiForm(), m.wide, keyMin, keyMax)
}

// yqBase64 returns yara's quality of a base64 string: its worst encoding.
func yqBase64(encs [][]byte) int {
	q := 1 << 30
	for _, e := range encs {
		q = min(q, yqText(e, mods{}))
	}
	if len(encs) == 0 {
		return yqNone
	}
	return q
}

// yqTree is the state of yara's atom choice over a syntax tree.
type yqTree struct {
	hex  bool    // classes are hex bytes: ?? is a wildcard, 4? a nibble
	wide bool    // the wide form: a wildcard ends a run
	run  []yqPos // buffer shared by the calls of best (emptied before recursing)
	// enough, if positive, is a quality at which best may stop looking:
	// the caller only needs to know whether the quality of the choice is
	// below it. best then returns the exact quality when it is below
	// enough, and some quality of at least enough otherwise (every value
	// of enough or more can be replaced by enough in the maxima and minima
	// that make the quality without changing whether it is below enough).
	// 0 asks for the exact choice.
	enough int
}

// yqRuns recycles the run buffers of yqTrees.
var yqRuns sync.Pool

// yqChoice is the windows chosen for a tree and their (plain) quality.
type yqChoice struct {
	wins [][]yqPos
	q    int
}

// yqRegexOrHex returns yara's quality of a hex or regex tree: exact below
// SlowQuality, possibly lower than yara's (but not below SlowQuality) above
// it, which Slow does not tell apart.
func yqRegexOrHex(tree *rxsyntax.Node, hex, ascii, wide bool) int {
	q := 1 << 30
	for _, isWide := range []bool{false, true} {
		if isWide && !wide || !isWide && !ascii {
			continue
		}
		t := yqTree{hex: hex, wide: isWide}
		if !isWide {
			// The plain form's quality is that of its windows as chosen
			// (yqForms scores them unchanged): only the slow verdict
			// matters. The wide form widens the windows: it needs them.
			t.enough = SlowQuality
		}
		c, ok := t.best(tree, 0)
		if t.run != nil {
			run := t.run[:0]
			yqRuns.Put(&run)
		}
		if !ok {
			return yqNone
		}
		for _, w := range c.wins {
			q = min(q, yqForms(w, !isWide, isWide, -1, -1))
		}
	}
	return q
}

// position returns the yqPos of a single-position item, whether it has
// one (false: the item ends a run).
func (t *yqTree) position(n *rxsyntax.Node) (yqPos, bool) {
	switch n.Op {
	case rxsyntax.OpLiteral:
		if len(n.Lit) == 1 {
			return yqPos{kind: yqExact, b: n.Lit[0]}, true
		}
	case rxsyntax.OpAnyByte, rxsyntax.OpAnyNotNL:
		return yqPos{kind: yqAny}, !t.wide
	case rxsyntax.OpClass:
		if !t.hex {
			return yqPos{}, false
		}
		cnt, lo := classCount(&n.Class)
		switch {
		case cnt == 256:
			return yqPos{kind: yqAny}, !t.wide
		case cnt == 1:
			return yqPos{kind: yqExact, b: lo}, true
		case cnt == 16 && isNibbleClass(&n.Class, lo):
			return yqPos{kind: yqHalf}, true
		}
	}
	return yqPos{}, false
}

// classCount returns the number of members of c and its smallest member
// (0 if none).
func classCount(c *rxsyntax.Class) (n int, lo byte) {
	found := false
	for i, w := range c {
		if w != 0 {
			n += bits.OnesCount64(w)
			if !found {
				lo, found = byte(64*i+bits.TrailingZeros64(w)), true
			}
		}
	}
	return n, lo
}

// isNibbleClass reports whether the 16 members of c, the smallest of
// which is lo, share one nibble: whether c is the class of "X?" or "?X".
func isNibbleClass(c *rxsyntax.Class, lo byte) bool {
	return *c == nibbleNodes[0][0][lo>>4].Class || *c == nibbleNodes[1][0][lo&15].Class
}

// best returns the best choice of windows for the tree n.
func (t *yqTree) best(n *rxsyntax.Node, depth int) (yqChoice, bool) {
	if depth > maxTreeDepth {
		return yqChoice{}, false
	}
	items, err := flatItems(n, depth)
	if err != nil {
		return yqChoice{}, false
	}
	if cap(t.run) < len(items) {
		if t.run == nil {
			if b, ok := yqRuns.Get().(*[]yqPos); ok {
				t.run = *b
			}
		}
		if cap(t.run) < len(items) {
			t.run = make([]yqPos, 0, len(items))
		}
	}
	var best yqChoice
	found := false
	consider := func(c yqChoice) {
		if !found || c.q > best.q {
			best, found = c, true
		}
	}
	run := t.run[:0]
	defer func() { t.run = run[:0] }()
	// rb is the best window of run so far (yqBest's, incrementally).
	var rb yqRunBest
	rb.reset()
	flush := func() {
		if rb.n > 0 && (!found || rb.q > best.q) {
			w := run[rb.start : rb.start+rb.n]
			consider(yqChoice{wins: [][]yqPos{append([]yqPos(nil), w...)}, q: rb.q})
		}
		run = run[:0]
		rb.reset()
	}
	push := func(p yqPos) {
		run = append(run, p)
		rb.add(run)
	}
	// Every replacement is strict: once a window of yqMax is found (the
	// first window of a run reaching it is that run's best), the items
	// left cannot change the choice; once a window of t.enough is found,
	// they cannot make its quality fall below t.enough.
	stop := yqMax
	if t.enough > 0 {
		stop = min(stop, t.enough)
	}
	for _, it := range items {
		if found && best.q >= stop || rb.q >= stop {
			break
		}
		if p, ok := t.position(it); ok {
			push(p)
			continue
		}
		if it.IsAssertion() {
			continue
		}
		if it.Op == rxsyntax.OpRepeat && it.Min >= 1 && len(it.Subs) == 1 {
			if p, ok := t.position(it.Subs[0]); ok {
				for i := 0; i < min(it.Min, yqMaxRepeat); i++ {
					push(p)
				}
				if it.Min != it.Max {
					flush()
				}
				continue
			}
		}
		flush()
		t.run = run
		switch it.Op {
		case rxsyntax.OpAlternate:
			c := yqChoice{q: 1 << 30}
			ok := len(it.Subs) > 0
			for _, sub := range it.Subs {
				sc, sok := t.best(sub, depth+1)
				if !sok {
					ok = false
					break
				}
				c.wins = append(c.wins, sc.wins...)
				c.q = min(c.q, sc.q)
			}
			if ok {
				consider(c)
			}
		case rxsyntax.OpRepeat:
			if it.Min >= 1 && len(it.Subs) == 1 {
				if c, ok := t.best(it.Subs[0], depth+1); ok {
					consider(c)
				}
			}
		}
	}
	flush()
	return best, found
}
