package refmatch

import (
	"fmt"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// compileHex compiles a hex string. A byte is a one-byte class (its mask and
// value, negated by "~"); a jump [n-m] consumes n to m bytes, fewest first
// (yara's jumps are lazy: { 01 [1-3] 02 } on 01 00 02 02 matches 01 00 02);
// alternatives are tried left to right, as regex alternatives.
func compileHex(h *syntax.HexString) ([]inst, error) {
	b := &builder{}
	b.hexSeq(h.Tokens(), 0)
	b.emit(inst{op: opMatch})
	return b.prog, b.err
}

// hexSeq emits a sequence of hex tokens.
func (b *builder) hexSeq(toks []syntax.HexToken, depth int) {
	if depth > syntax.MaxNestingDepth {
		b.err = fmt.Errorf("hex alternatives nested too deeply")
		return
	}
	for _, t := range toks {
		if b.err != nil {
			return
		}
		switch t := t.(type) {
		case *syntax.HexByte:
			in := inst{op: opByte}
			for v := 0; v < 256; v++ {
				if (byte(v)&t.Mask == t.Value&t.Mask) != t.Not {
					in.class.Add(byte(v))
				}
			}
			b.emit(in)
		case *syntax.HexJump:
			if t.Min < 0 || t.Max >= 0 && t.Max < t.Min {
				b.err = fmt.Errorf("invalid hex jump [%d-%d]", t.Min, t.Max)
				return
			}
			b.emit(inst{op: opSkip, min: t.Min, max: t.Max})
		case *syntax.HexAlt:
			b.alternate(len(t.Alternatives), func(i int) { b.hexSeq(t.Alternatives[i], depth+1) })
		default:
			b.err = fmt.Errorf("unknown hex token %T", t)
		}
	}
}

// findHex finds the matches of a hex string: at each offset, the
// highest-priority match, with no limit on its length (yara splits hex
// strings at long jumps into chained pieces, so { 61 [-] 62 } matches across
// more than a megabyte).
func findHex(h *syntax.HexString, m modifiers, data []byte) ([]candidate, error) {
	prog, err := compileHex(h)
	if err != nil {
		return nil, err
	}
	if tree := hexTree(h.Tokens(), 0); tree != nil {
		if sites := modelSites(tree, true, false); sites != nil {
			return findModel(sites, false, true, false, false, false, 0, data)
		}
	}
	mc := newMachine(prog)
	var out []candidate
	for off := 0; off < len(data); off++ {
		if n, ok := mc.matchAt(data, off, len(data)); ok && n > 0 {
			out = append(out, candidate{Match{Offset: off, Length: n, XorKey: -1}, 0})
		}
	}
	return out, nil
}

// hexTree converts hex tokens to a regex syntax tree for the alternation
// model: a byte is a class, a jump a lazy repetition of any byte, an
// alternative an alternation. It returns nil past the nesting limit.
func hexTree(toks []syntax.HexToken, depth int) *rxsyntax.Node {
	if depth > syntax.MaxNestingDepth {
		return nil
	}
	cat := &rxsyntax.Node{Op: rxsyntax.OpConcat}
	for _, t := range toks {
		switch t := t.(type) {
		case *syntax.HexByte:
			n := &rxsyntax.Node{Op: rxsyntax.OpClass}
			for v := 0; v < 256; v++ {
				if (byte(v)&t.Mask == t.Value&t.Mask) != t.Not {
					n.Class.Add(byte(v))
				}
			}
			cat.Subs = append(cat.Subs, n)
		case *syntax.HexJump:
			cat.Subs = append(cat.Subs, &rxsyntax.Node{Op: rxsyntax.OpRepeat, Min: t.Min, Max: t.Max,
				Subs: []*rxsyntax.Node{{Op: rxsyntax.OpAnyByte}}})
		case *syntax.HexAlt:
			alt := &rxsyntax.Node{Op: rxsyntax.OpAlternate}
			for _, a := range t.Alternatives {
				sub := hexTree(a, depth+1)
				if sub == nil {
					return nil
				}
				alt.Subs = append(alt.Subs, sub)
			}
			cat.Subs = append(cat.Subs, alt)
		default:
			return nil
		}
	}
	return cat
}
