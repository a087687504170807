package gen

import (
	"fmt"
	"math/rand/v2"

	"github.com/overt-sec/overt/yara/syntax"
)

// hexGen instantiates the tokens of a hex string.
type hexGen struct {
	rng  *rand.Rand
	out  []byte
	miss syntax.HexToken // the top-level byte to violate, or nil
	size int             // bytes produced so far, checked against MaxInstanceLen
}

// genHex fills wildcards and jumps at random, picks one alternative of each
// group and, for a near miss, violates one top-level byte with a mask.
func genHex(tokens []syntax.HexToken, rng *rand.Rand, miss bool) (Instance, error) {
	g := &hexGen{rng: rng}
	if miss {
		var cands []syntax.HexToken
		for _, t := range tokens {
			if b, ok := t.(*syntax.HexByte); ok && b.Mask != 0 {
				cands = append(cands, b)
			}
		}
		if len(cands) == 0 {
			return Instance{}, fmt.Errorf("%w: hex string has no fixed byte outside alternatives", ErrNoNearMiss)
		}
		g.miss = cands[rng.IntN(len(cands))]
	}
	if err := g.tokens(tokens, 0); err != nil {
		return Instance{}, err
	}
	if len(g.out) == 0 {
		return Instance{}, fmt.Errorf("%w: empty hex string", ErrUnsupported)
	}
	return Instance{Data: g.out}, nil
}

// maxHexDepth bounds the nesting of alternatives the generator follows; the
// parser has its own bound, this one only protects against hand-built ASTs.
const maxHexDepth = 64

func (g *hexGen) tokens(tokens []syntax.HexToken, depth int) error {
	if depth > maxHexDepth {
		return fmt.Errorf("%w: hex alternatives nested deeper than %d", ErrUnsupported, maxHexDepth)
	}
	for _, t := range tokens {
		switch t := t.(type) {
		case *syntax.HexByte:
			g.out = append(g.out, g.hexByte(t, t == g.miss))
		case *syntax.HexJump:
			n, err := g.jumpLen(t)
			if err != nil {
				return err
			}
			for ; n > 0; n-- {
				g.out = append(g.out, byte(g.rng.IntN(256)))
			}
		case *syntax.HexAlt:
			if len(t.Alternatives) == 0 {
				return fmt.Errorf("%w: empty hex alternative", ErrUnsupported)
			}
			if err := g.tokens(t.Alternatives[g.rng.IntN(len(t.Alternatives))], depth+1); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%w: unknown hex token %T", ErrUnsupported, t)
		}
		if len(g.out) > MaxInstanceLen {
			return fmt.Errorf("%w: hex string instance exceeds %d bytes", ErrTooLong, MaxInstanceLen)
		}
	}
	return nil
}

// hexByte returns a byte that matches b (or, when violate is set, one that
// does not). Wildcard nibbles are random.
func (g *hexGen) hexByte(b *syntax.HexByte, violate bool) byte {
	free := byte(g.rng.IntN(256)) &^ b.Mask
	equal := b.Value&b.Mask | free
	if b.Not == violate {
		return equal
	}
	// Differ from Value in at least one masked bit.
	for {
		d := byte(g.rng.IntN(256)) & b.Mask
		if d != 0 {
			return (b.Value^d)&b.Mask | free
		}
		if b.Mask == 0 { // ~?? cannot be satisfied; give the equal byte
			return equal
		}
	}
}

// jumpLen picks how many bytes a jump skips: within its range, capped at
// MaxJumpExtra beyond the minimum, with an even chance of an endpoint.
func (g *hexGen) jumpLen(j *syntax.HexJump) (int, error) {
	if j.Min < 0 || j.Min > MaxInstanceLen {
		return 0, fmt.Errorf("%w: hex jump minimum %d", ErrTooLong, j.Min)
	}
	hi := j.Max
	if hi < 0 || hi > j.Min+MaxJumpExtra {
		hi = j.Min + MaxJumpExtra
	}
	if hi < j.Min {
		hi = j.Min
	}
	switch g.rng.IntN(4) {
	case 0:
		return j.Min, nil
	case 1:
		return hi, nil
	}
	return j.Min + g.rng.IntN(hi-j.Min+1), nil
}
