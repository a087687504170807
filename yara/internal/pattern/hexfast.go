package pattern

import (
	"strings"
	"sync"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// hexTextTree converts the text of a hex string (HexString.Text: what lies
// between the braces) straight to the tree hexTree builds from its tokens,
// without building the tokens: compiling a rule set converts hundreds of
// thousands of hex bytes, and the tokens (with their positions) cost more
// than the conversion. It handles the usual text — bytes, wildcards,
// nibbles, "~", jumps, alternatives and blanks — and reports false for
// anything else (comments, malformed text), for which the caller falls back
// to the tokens. Where it succeeds, its tree equals hexTree(Tokens())
// (FuzzHexTextTree checks it).
func hexTextTree(text string) (*rxsyntax.Node, bool) {
	return hexTextTreeBuf(text, nil)
}

// hexTextTreeBuf is hexTextTree building the top-level concatenation's
// items in buf when it is large enough.
func hexTextTreeBuf(text string, buf []*rxsyntax.Node) (*rxsyntax.Node, bool) {
	h := hexText{s: text}
	// Every element takes two characters other than blanks.
	if n := (len(text)-strings.Count(text, " ")-strings.Count(text, "\n"))/2 + 1; cap(buf) < n {
		buf = make([]*rxsyntax.Node, 0, n)
	}
	n, ok := h.seq(0, buf[:0])
	if !ok || h.i != len(text) {
		return nil, false
	}
	return n, true
}

// hexBufs recycles the item slices of the top-level concatenations of the
// trees compileHex builds and drops (treeBuf, releaseTreeBuf): the largest
// allocation of compiling a hex string.
var hexBufs sync.Pool // of *[]*rxsyntax.Node

// treeBuf returns an item slice from hexBufs, or nil.
func treeBuf() []*rxsyntax.Node {
	if b, ok := hexBufs.Get().(*[]*rxsyntax.Node); ok {
		return *b
	}
	return nil
}

// releaseTreeBuf gives the items of tree's top-level concatenation to
// hexBufs. Nothing may refer to tree any more: its items are cleared first,
// so that a reference kept by mistake fails loudly rather than reading
// another string's items.
func releaseTreeBuf(tree *rxsyntax.Node) {
	if tree == nil || tree.Op != rxsyntax.OpConcat {
		return
	}
	items := tree.Subs
	clear(items)
	tree.Subs = nil
	items = items[:0]
	hexBufs.Put(&items)
}

// hexText is the state of hexTextTree: the text and the read offset.
type hexText struct {
	s   string
	i   int
	any *rxsyntax.Node // the operand of jumps, shared as hexNodes does
}

// blanks skips the blanks the hex parser skips (comments are not handled).
func (h *hexText) blanks() {
	for h.i < len(h.s) {
		switch h.s[h.i] {
		case ' ', '\t', '\n', '\r':
			h.i++
		default:
			return
		}
	}
}

// seq reads a sequence up to the end of the text (depth 0) or to a "|" or
// ")" (inside an alternative), which it does not consume. The
// concatenation's items are appended to items.
func (h *hexText) seq(depth int, items []*rxsyntax.Node) (*rxsyntax.Node, bool) {
	cat := &rxsyntax.Node{Op: rxsyntax.OpConcat, Subs: items}
	lastJump := false
	for {
		h.blanks()
		if h.i >= len(h.s) {
			if depth > 0 {
				return nil, false
			}
			break
		}
		c := h.s[h.i]
		if c == '|' || c == ')' {
			if depth == 0 {
				return nil, false
			}
			break
		}
		var it *rxsyntax.Node
		jump := false
		switch {
		case hexNib[c] != 0:
			if h.byteRun(cat) {
				lastJump = false
				continue
			}
			b, ok := h.byteAt(false)
			if !ok {
				return nil, false
			}
			it = b
		case c == '~':
			h.i++
			h.blanks()
			b, ok := h.byteAt(true)
			if !ok {
				return nil, false
			}
			it = b
		case c == '[':
			j, ok := h.jump(depth > 0)
			if !ok || len(cat.Subs) == 0 {
				return nil, false // a sequence cannot start with a jump
			}
			it, jump = j, true
		case c == '(':
			if depth+1 > syntax.MaxNestingDepth {
				return nil, false
			}
			a, ok := h.alt(depth + 1)
			if !ok {
				return nil, false
			}
			it = a
		default:
			return nil, false
		}
		cat.Subs = append(cat.Subs, it)
		lastJump = jump
	}
	if len(cat.Subs) == 0 || lastJump {
		return nil, false // empty, or ending with a jump
	}
	return cat, true
}

// hexNib maps a character of a hex byte to its value plus one, to
// nibWild for '?', and to 0 for any other character.
var hexNib = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c-'0') + 1
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c-'a') + 11
		t[c-'a'+'A'] = byte(c-'a') + 11
	}
	t['?'] = nibWild
	return t
}()

// nibWild is hexNib's mark of a '?' wildcard.
const nibWild = 0xFF

// byteRun appends to cat the run of bytes (without "~") separated by
// spaces starting at the read offset, the common case of hex strings, and
// reports whether it read any.
func (h *hexText) byteRun(cat *rxsyntax.Node) bool {
	s, i := h.s, h.i
	for i+1 < len(s) {
		hi, lo := hexNib[s[i]], hexNib[s[i+1]]
		if hi == 0 || lo == 0 {
			break
		}
		var n *rxsyntax.Node
		switch {
		case hi != nibWild && lo != nibWild:
			n = exactNodes[(hi-1)<<4|(lo-1)]
		case hi == nibWild && lo == nibWild:
			n = wildNode
		case hi == nibWild:
			n = nibbleNodes[1][0][lo-1]
		default:
			n = nibbleNodes[0][0][hi-1]
		}
		cat.Subs = append(cat.Subs, n)
		i += 2
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	read := i > h.i
	h.i = i
	return read
}

// byteAt reads two hex digits or wildcards and returns the byte's node.
func (h *hexText) byteAt(not bool) (*rxsyntax.Node, bool) {
	if h.i+1 >= len(h.s) {
		return nil, false
	}
	hi, lo := hexNib[h.s[h.i]], hexNib[h.s[h.i+1]]
	if hi == 0 || lo == 0 {
		return nil, false
	}
	h.i += 2
	var v, mask byte
	if hi != nibWild {
		v |= (hi - 1) << 4
		mask |= 0xF0
	}
	if lo != nibWild {
		v |= lo - 1
		mask |= 0x0F
	}
	if not && mask == 0 {
		return nil, false // "~??"
	}
	return hexByteNode(v, mask, not), true
}

// jump reads [n], [n-m], [n-] or [-] and returns its repetition node.
func (h *hexText) jump(inAlt bool) (*rxsyntax.Node, bool) {
	h.i++ // '['
	h.blanks()
	lo, hasLo, ok := h.bound()
	if !ok {
		return nil, false
	}
	h.blanks()
	min, max := lo, lo
	if h.i < len(h.s) && h.s[h.i] == '-' {
		h.i++
		h.blanks()
		hi, hasHi, ok := h.bound()
		if !ok {
			return nil, false
		}
		h.blanks()
		max = -1
		switch {
		case hasHi && lo > hi:
			return nil, false
		case hasHi:
			max = hi
		case inAlt:
			return nil, false // unbounded jump inside an alternative
		}
	} else if !hasLo || lo == 0 {
		return nil, false // "[]" or "[0]"
	}
	if h.i >= len(h.s) || h.s[h.i] != ']' {
		return nil, false
	}
	h.i++
	if h.any == nil {
		h.any = &rxsyntax.Node{Op: rxsyntax.OpAnyByte}
	}
	return &rxsyntax.Node{Op: rxsyntax.OpRepeat, Min: min, Max: max, Subs: []*rxsyntax.Node{h.any}}, true
}

// bound reads an optional decimal jump bound; ok is false for a bound
// beyond syntax.MaxHexJump or followed by a letter.
func (h *hexText) bound() (n int, has, ok bool) {
	start := h.i
	for h.i < len(h.s) && h.s[h.i] >= '0' && h.s[h.i] <= '9' {
		n = n*10 + int(h.s[h.i]-'0')
		if n > syntax.MaxHexJump {
			return 0, false, false
		}
		h.i++
	}
	if h.i < len(h.s) {
		if c := h.s[h.i]; c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return 0, false, false
		}
	}
	return n, h.i > start, true
}

// alt reads ( seq | seq ... ) and returns its alternation node.
func (h *hexText) alt(depth int) (*rxsyntax.Node, bool) {
	h.i++ // '('
	a := &rxsyntax.Node{Op: rxsyntax.OpAlternate}
	for {
		sub, ok := h.seq(depth, make([]*rxsyntax.Node, 0, 4))
		if !ok {
			return nil, false
		}
		a.Subs = append(a.Subs, sub)
		if h.s[h.i] == ')' { // seq stops only at "|" or ")" inside
			h.i++
			return a, true
		}
		h.i++ // '|'
	}
}
