package pattern

import (
	"errors"
	"fmt"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// errTooDeep is returned for syntax trees nested beyond maxTreeDepth.
var errTooDeep = errors.New("pattern nested too deeply")

// hexTree converts a hex string to a regex syntax tree: a byte is a class
// (its mask and value, complemented by "~"), a jump [n-m] is .{n,m}? over
// any byte (hex jumps are lazy) and an alternative is an alternation. The
// nodes of equal bytes are shared (the tree is never modified), which keeps
// long hex strings cheap to convert.
func hexTree(toks []syntax.HexToken, depth int) (*rxsyntax.Node, error) {
	return new(hexNodes).tree(toks, depth)
}

// hexNodes builds the tree of one hex string.
type hexNodes struct {
	any *rxsyntax.Node // the operand of jumps
}

// exactNodes and wildNode are the nodes of the exact hex bytes and of ??,
// shared by every hex string: trees are never modified.
var exactNodes, wildNode = func() (exact [256]*rxsyntax.Node, wild *rxsyntax.Node) {
	for v := range 256 {
		n := &rxsyntax.Node{Op: rxsyntax.OpClass}
		n.Class.Add(byte(v))
		exact[v] = n
	}
	wild = &rxsyntax.Node{Op: rxsyntax.OpClass}
	wild.Class.Negate()
	return exact, wild
}()

// byteNode returns the node of one hex byte.
func (h *hexNodes) byteNode(t *syntax.HexByte) *rxsyntax.Node {
	return hexByteNode(t.Value, t.Mask, t.Not)
}

// hexByteNode returns the node of the hex byte of value v under mask,
// negated by "~" if not: a shared node for the usual masks (0xFF, 0xF0,
// 0x0F, 0x00), a new one otherwise.
func hexByteNode(v, mask byte, not bool) *rxsyntax.Node {
	switch {
	case mask == 0xFF && !not:
		return exactNodes[v]
	case mask == 0 && !not:
		return wildNode
	case mask == 0xFF:
		return notExactNodes[v]
	case mask == 0xF0:
		return nibbleNodes[0][b2i(not)][v>>4]
	case mask == 0x0F:
		return nibbleNodes[1][b2i(not)][v&0x0F]
	}
	return newHexByteNode(v, mask, not)
}

// newHexByteNode builds the class node of a hex byte (see hexByteNode).
func newHexByteNode(v, mask byte, not bool) *rxsyntax.Node {
	n := &rxsyntax.Node{Op: rxsyntax.OpClass}
	for b := 0; b < 256; b++ {
		if (byte(b)&mask == v&mask) != not {
			n.Class.Add(byte(b))
		}
	}
	return n
}

// b2i returns 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// notExactNodes and nibbleNodes are the shared nodes of "~XX" and of the
// nibble bytes "X?" ([0]) and "?X" ([1]), plain and negated, by nibble.
var notExactNodes, nibbleNodes = func() (nots [256]*rxsyntax.Node, nibs [2][2][16]*rxsyntax.Node) {
	for v := range 256 {
		nots[v] = newHexByteNode(byte(v), 0xFF, true)
	}
	for x := range 16 {
		for not := range 2 {
			nibs[0][not][x] = newHexByteNode(byte(x<<4), 0xF0, not == 1)
			nibs[1][not][x] = newHexByteNode(byte(x), 0x0F, not == 1)
		}
	}
	return nots, nibs
}()

func (h *hexNodes) tree(toks []syntax.HexToken, depth int) (*rxsyntax.Node, error) {
	if depth > maxTreeDepth {
		return nil, errTooDeep
	}
	cat := &rxsyntax.Node{Op: rxsyntax.OpConcat, Subs: make([]*rxsyntax.Node, 0, len(toks))}
	for _, t := range toks {
		switch t := t.(type) {
		case *syntax.HexByte:
			cat.Subs = append(cat.Subs, h.byteNode(t))
		case *syntax.HexJump:
			if t.Min < 0 || t.Max >= 0 && t.Max < t.Min {
				return nil, fmt.Errorf("invalid hex jump [%d-%d]", t.Min, t.Max)
			}
			if h.any == nil {
				h.any = &rxsyntax.Node{Op: rxsyntax.OpAnyByte}
			}
			cat.Subs = append(cat.Subs, &rxsyntax.Node{Op: rxsyntax.OpRepeat, Min: t.Min, Max: t.Max, Subs: []*rxsyntax.Node{h.any}})
		case *syntax.HexAlt:
			alt := &rxsyntax.Node{Op: rxsyntax.OpAlternate}
			for _, a := range t.Alternatives {
				sub, err := h.tree(a, depth+1)
				if err != nil {
					return nil, err
				}
				alt.Subs = append(alt.Subs, sub)
			}
			if len(alt.Subs) == 0 {
				return nil, errors.New("empty hex alternative")
			}
			cat.Subs = append(cat.Subs, alt)
		default:
			return nil, fmt.Errorf("unknown hex token %T", t)
		}
	}
	return cat, nil
}

// wideTree returns a copy of n in which every consumed byte is followed by
// a zero byte: the wide form of a regex, as yara builds it.
func wideTree(n *rxsyntax.Node, depth int) (*rxsyntax.Node, error) {
	if depth > maxTreeDepth {
		return nil, errTooDeep
	}
	zero := func() *rxsyntax.Node { return &rxsyntax.Node{Op: rxsyntax.OpLiteral, Lit: []byte{0}} }
	c := *n
	switch n.Op {
	case rxsyntax.OpLiteral:
		c.Lit = widen(n.Lit)
		return &c, nil
	case rxsyntax.OpAnyByte, rxsyntax.OpAnyNotNL, rxsyntax.OpClass:
		return &rxsyntax.Node{Op: rxsyntax.OpConcat, Pos: n.Pos, Subs: []*rxsyntax.Node{&c, zero()}}, nil
	}
	if len(n.Subs) > 0 {
		c.Subs = make([]*rxsyntax.Node, len(n.Subs))
		for i, s := range n.Subs {
			w, err := wideTree(s, depth+1)
			if err != nil {
				return nil, err
			}
			c.Subs[i] = w
		}
	}
	return &c, nil
}

// flatten lists the items of a concatenation: nested concatenations and
// groups are opened, multi-byte literals split into one node per byte and
// empty nodes dropped, so that every item is a single byte position, an
// assertion, an alternation or a repetition.
func flatten(n *rxsyntax.Node, out []*rxsyntax.Node, depth int) ([]*rxsyntax.Node, error) {
	if depth > maxTreeDepth {
		return nil, errTooDeep
	}
	switch n.Op {
	case rxsyntax.OpConcat, rxsyntax.OpGroup:
		for _, s := range n.Subs {
			var err error
			if out, err = flatten(s, out, depth+1); err != nil {
				return nil, err
			}
		}
	case rxsyntax.OpEmpty:
	case rxsyntax.OpLiteral:
		if len(n.Lit) == 1 {
			return append(out, n), nil
		}
		for i := range n.Lit {
			out = append(out, &rxsyntax.Node{Op: rxsyntax.OpLiteral, Pos: n.Pos, Lit: n.Lit[i : i+1], Fold: n.Fold})
		}
	default:
		out = append(out, n)
	}
	return out, nil
}

// flatItems returns the items of n as flatten does, sharing n.Subs when they
// are already flat (hex strings); the result must not be modified.
func flatItems(n *rxsyntax.Node, depth int) ([]*rxsyntax.Node, error) {
	if n.Op == rxsyntax.OpConcat && isFlat(n.Subs) && depth <= maxTreeDepth {
		return n.Subs[:len(n.Subs):len(n.Subs)], nil
	}
	return flatten(n, nil, depth)
}

// isFlat reports whether flatten would return items unchanged.
func isFlat(items []*rxsyntax.Node) bool {
	for _, it := range items {
		switch it.Op {
		case rxsyntax.OpConcat, rxsyntax.OpGroup, rxsyntax.OpEmpty:
			return false
		case rxsyntax.OpLiteral:
			if len(it.Lit) != 1 {
				return false
			}
		}
	}
	return true
}

// lengths returns the least and the greatest number of bytes n can match;
// max is -1 if unbounded. Both saturate at maxLen.
func lengths(n *rxsyntax.Node, depth int) (lo, hi int) {
	const maxLen = 1 << 40
	if depth > maxTreeDepth {
		return 0, -1
	}
	switch n.Op {
	case rxsyntax.OpLiteral:
		return len(n.Lit), len(n.Lit)
	case rxsyntax.OpAnyByte, rxsyntax.OpAnyNotNL, rxsyntax.OpClass:
		return 1, 1
	case rxsyntax.OpConcat, rxsyntax.OpGroup:
		for _, s := range n.Subs {
			l, h := lengths(s, depth+1)
			lo = min(lo+l, maxLen)
			if hi >= 0 {
				if h < 0 {
					hi = -1
				} else {
					hi = min(hi+h, maxLen)
				}
			}
		}
		return lo, hi
	case rxsyntax.OpAlternate:
		lo = maxLen
		for _, s := range n.Subs {
			l, h := lengths(s, depth+1)
			lo = min(lo, l)
			if hi >= 0 && (h < 0 || h > hi) {
				hi = h
			}
		}
		return lo, hi
	case rxsyntax.OpRepeat:
		l, h := lengths(n.Subs[0], depth+1)
		lo = mulSat(l, n.Min, maxLen)
		switch {
		case n.Max < 0 && h != 0:
			hi = -1
		case h < 0 && n.Max != 0:
			hi = -1
		case n.Max < 0:
			hi = 0
		default:
			hi = mulSat(h, n.Max, maxLen)
		}
		return lo, hi
	}
	return 0, 0 // empty and assertions
}

// hasAssertion reports whether n contains a zero-width assertion.
func hasAssertion(n *rxsyntax.Node, depth int) bool {
	if n.IsAssertion() || depth > maxTreeDepth {
		return true
	}
	for _, s := range n.Subs {
		if hasAssertion(s, depth+1) {
			return true
		}
	}
	return false
}

// hasWordAssertion reports whether n contains \b or \B.
func hasWordAssertion(n *rxsyntax.Node, depth int) bool {
	if n.Op == rxsyntax.OpWordBoundary || n.Op == rxsyntax.OpNoWordBoundary || depth > maxTreeDepth {
		return true
	}
	for _, s := range n.Subs {
		if hasWordAssertion(s, depth+1) {
			return true
		}
	}
	return false
}

// mulSat returns a*b, or limit if that is larger (a, b >= 0).
func mulSat(a, b, limit int) int {
	if a != 0 && b > limit/a {
		return limit
	}
	return min(a*b, limit)
}
