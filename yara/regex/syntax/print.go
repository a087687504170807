package syntax

import (
	"strconv"
	"strings"
)

// String prints the node back in canonical YARA regex syntax. Flags are
// already applied in the tree, so the result is meant to be parsed with no
// flags: a case-folded literal prints as a class ("[Aa]") and "." under /s
// prints as "[\x00-\xff]". Parsing the result and printing it again gives
// the same text.
func (n *Node) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

// metachars are the bytes escaped with a backslash when printed as literals.
const metachars = `\^$.|?*+()[]{}/`

func (n *Node) write(b *strings.Builder) {
	switch n.Op {
	case OpEmpty:
	case OpLiteral:
		for _, c := range n.Lit {
			if n.Fold && isLetter(c) {
				var cls Class
				cls.Add(c)
				cls.FoldCase()
				writeClass(b, &cls)
				continue
			}
			writeLiteralByte(b, c)
		}
	case OpAnyByte:
		b.WriteString(`[\x00-\xff]`)
	case OpAnyNotNL:
		b.WriteByte('.')
	case OpClass:
		writeClass(b, &n.Class)
	case OpConcat:
		for _, s := range n.Subs {
			if s.Op == OpAlternate || s.Op == OpEmpty {
				writeParen(b, s)
				continue
			}
			s.write(b)
		}
	case OpAlternate:
		for i, s := range n.Subs {
			if i > 0 {
				b.WriteByte('|')
			}
			if i == 0 && s.Op == OpEmpty {
				// An empty first alternative cannot be written; "[^\x00-\xff]{0}"
				// would need a class yara rejects, so use an always-empty repeat.
				b.WriteString(`(a){0}`)
				continue
			}
			s.write(b)
		}
	case OpRepeat:
		s := n.Subs[0]
		if isAtomic(s) {
			s.write(b)
		} else {
			writeParen(b, s)
		}
		writeQuantifier(b, n.Min, n.Max)
		if !n.Greedy {
			b.WriteByte('?')
		}
	case OpBeginText:
		b.WriteByte('^')
	case OpEndText:
		b.WriteByte('$')
	case OpWordBoundary:
		b.WriteString(`\b`)
	case OpNoWordBoundary:
		b.WriteString(`\B`)
	case OpGroup:
		writeParen(b, n.Subs[0])
	}
}

// isAtomic reports whether a quantifier can follow the printed node directly.
func isAtomic(n *Node) bool {
	switch n.Op {
	case OpLiteral:
		return len(n.Lit) == 1
	case OpAnyByte, OpAnyNotNL, OpClass, OpGroup:
		return true
	}
	return false
}

func writeParen(b *strings.Builder, n *Node) {
	b.WriteByte('(')
	if n.Op == OpEmpty {
		b.WriteString(`(a){0}`)
	} else {
		n.write(b)
	}
	b.WriteByte(')')
}

func writeQuantifier(b *strings.Builder, min, max int) {
	switch {
	case min == 0 && max == -1:
		b.WriteByte('*')
	case min == 1 && max == -1:
		b.WriteByte('+')
	case min == 0 && max == 1:
		b.WriteByte('?')
	case max == -1:
		b.WriteString("{" + strconv.Itoa(min) + ",}")
	case min == max:
		b.WriteString("{" + strconv.Itoa(min) + "}")
	default:
		b.WriteString("{" + strconv.Itoa(min) + "," + strconv.Itoa(max) + "}")
	}
}

func writeLiteralByte(b *strings.Builder, c byte) {
	switch {
	case strings.IndexByte(metachars, c) >= 0:
		b.WriteByte('\\')
		b.WriteByte(c)
	case c > 0x20 && c < 0x7f:
		b.WriteByte(c)
	default:
		writeHex(b, c)
	}
}

func writeHex(b *strings.Builder, c byte) {
	const hex = "0123456789abcdef"
	b.WriteString(`\x`)
	b.WriteByte(hex[c>>4])
	b.WriteByte(hex[c&15])
}

// writeClass prints a class as ranges, negated when that is shorter. A
// class of one byte prints as "[x]" so that it stays a class when parsed.
func writeClass(b *strings.Builder, c *Class) {
	set := *c
	switch set.Count() {
	case 0:
		b.WriteString(`[^\x00-\xff]`)
		return
	case 256:
		b.WriteString(`[\x00-\xff]`)
		return
	}
	b.WriteByte('[')
	if set.Count() > 128 {
		b.WriteByte('^')
		set.Negate()
	}
	for i := 0; i < 256; {
		if !set.Has(byte(i)) {
			i++
			continue
		}
		j := i
		for j+1 < 256 && set.Has(byte(j+1)) {
			j++
		}
		writeClassByte(b, byte(i))
		if j > i {
			if j > i+1 {
				b.WriteByte('-')
			}
			writeClassByte(b, byte(j))
		}
		i = j + 1
	}
	b.WriteByte(']')
}

func writeClassByte(b *strings.Builder, c byte) {
	if c > 0x20 && c < 0x7f && c != ']' && c != '\\' && c != '^' && c != '-' && c != '[' {
		b.WriteByte(c)
		return
	}
	writeHex(b, c)
}
