package format

import (
	"go/token"
	"strconv"

	"github.com/overt-sec/overt/yara/syntax"
)

// hexString prints a hex pattern: upper-case bytes, single spaces, [n-m]
// jumps, and the line breaks the user wrote between elements (inside a
// string broken over lines, elements are indented one level deeper).
func (p *printer) hexString(h *syntax.HexString) {
	hp := hexPrinter{p: p, last: h.Lbrace}
	p.tok(h.Lbrace, "{")
	p.indent++
	hp.seq(h.Tokens())
	hp.sep(h.Rbrace)
	p.flushComments(h.Rbrace)
	p.indent--
	p.tok(h.Rbrace, "}")
}

// hexPrinter remembers where the previous positioned element of a hex
// string ended, to keep the user's line breaks.
type hexPrinter struct {
	p    *printer
	last token.Pos // position of the previous positioned element
}

// sep requests the separator before an element at pos: a line break if the
// source had one since the previous element, else a space.
func (h *hexPrinter) sep(pos token.Pos) {
	if pos.IsValid() && h.last.IsValid() && h.p.line(pos) > h.p.line(h.last) {
		h.p.space(wsNewline)
	} else {
		h.p.space(wsSpace)
	}
	if pos.IsValid() {
		h.last = pos
	}
}

// elem prints one hex element at pos.
func (h *hexPrinter) elem(pos token.Pos, text string) {
	h.sep(pos)
	h.p.tok(pos, text)
}

// seq prints a sequence of hex tokens.
func (h *hexPrinter) seq(toks []syntax.HexToken) {
	for _, t := range toks {
		switch t := t.(type) {
		case *syntax.HexByte:
			h.elem(t.Pos(), hexByteText(t))
		case *syntax.HexJump:
			h.elem(t.Lbrack, hexJumpText(t))
		case *syntax.HexAlt:
			h.p.depth++
			if h.p.depth > MaxDepth {
				h.p.fail("hex alternatives nested deeper than %d", MaxDepth)
				return
			}
			h.elem(t.Lparen, "(")
			for i, alt := range t.Alternatives {
				if i > 0 {
					h.p.space(wsSpace)
					h.p.tok(noPos, "|")
				}
				h.seq(alt)
			}
			h.elem(t.Rparen, ")")
			h.p.depth--
		default:
			h.p.fail("unexpected hex token %T", t)
		}
	}
}

const hexDigits = "0123456789ABCDEF"

// hexByteText spells a hex byte: "4D", "4?", "?D", "??", with "~" if negated.
func hexByteText(b *syntax.HexByte) string {
	buf := make([]byte, 0, 3)
	if b.Not {
		buf = append(buf, '~')
	}
	if b.Mask&0xF0 != 0 {
		buf = append(buf, hexDigits[b.Value>>4])
	} else {
		buf = append(buf, '?')
	}
	if b.Mask&0x0F != 0 {
		buf = append(buf, hexDigits[b.Value&0x0F])
	} else {
		buf = append(buf, '?')
	}
	return string(buf)
}

// hexJumpText spells a jump: "[n]", "[n-m]", "[n-]" or "[-]".
func hexJumpText(j *syntax.HexJump) string {
	switch {
	case j.Max < 0 && j.Min == 0:
		return "[-]"
	case j.Max < 0:
		return "[" + strconv.Itoa(j.Min) + "-]"
	case j.Min == j.Max:
		return "[" + strconv.Itoa(j.Min) + "]"
	}
	return "[" + strconv.Itoa(j.Min) + "-" + strconv.Itoa(j.Max) + "]"
}
