package syntax

import (
	"go/token"
	"strconv"
	"strings"

	"github.com/overt-sec/overt/yara/diag"
)

// hexBailout is panicked by hexParser.fail to abandon a malformed hex string.
type hexBailout struct{}

// hexParser parses the body of a hex string directly from the scanner's
// bytes: hex strings have their own lexical rules (two-digit bytes, decimal
// jump bounds) that the main token set does not describe.
type hexParser struct {
	s *scanner
}

// scanHexString parses a hex string whose "{" (at offset lbrace) has just
// been returned as an LBRACE token. On error it reports one diagnostic,
// skips to the closing "}" and returns a HexString without tokens.
func (s *scanner) scanHexString(lbrace int) (x *HexString) {
	x = &HexString{Lbrace: s.pos(lbrace)}
	h := &hexParser{s: s}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(hexBailout); !ok {
				panic(r)
			}
			s.badLit = true
			x.Tokens = nil
			// Resynchronize after the closing brace.
			for s.ch != eof && s.ch != '}' {
				if s.ch == '/' && (s.peek() == '/' || s.peek() == '*') {
					h.skipSpace()
					continue
				}
				s.next()
			}
			x.Rbrace = s.pos(s.offset)
			if s.ch == '}' {
				s.next()
			}
		}
	}()
	x.Tokens = h.parseSeq(0)
	x.Rbrace = s.pos(s.offset)
	s.next() // consume '}'
	return x
}

func (h *hexParser) fail(off int, code diag.Code, format string, args ...any) {
	h.s.error(off, code, format, args...)
	panic(hexBailout{})
}

// skipSpace skips blanks and comments inside a hex string.
func (h *hexParser) skipSpace() {
	s := h.s
	for {
		s.skipSpace()
		if s.ch != '/' {
			return
		}
		off := s.offset
		switch s.peek() {
		case '/':
			s.next()
			text := s.scanLineComment(off)
			s.comment(off, text)
		case '*':
			s.next()
			text := s.scanBlockComment(off)
			s.comment(off, text)
		default:
			return
		}
	}
}

// parseSeq parses a sequence of hex tokens up to a "}" (depth 0) or a "|" or
// ")" (inside an alternative), without consuming the terminator.
func (h *hexParser) parseSeq(depth int) []HexToken {
	s := h.s
	var toks []HexToken
	startOff := s.offset
	for {
		h.skipSpace()
		off := s.offset
		switch c := s.ch; {
		case isHex(c) || c == '?':
			toks = append(toks, h.parseByte(token.NoPos, off))
		case c == '~':
			s.next()
			h.skipSpace()
			if !(isHex(s.ch) || s.ch == '?') {
				h.fail(off, CodeHexSyntax, "expected a byte after \"~\" in hex string")
			}
			b := h.parseByte(s.pos(off), s.offset)
			if b.Mask == 0 {
				h.fail(off, CodeHexSyntax, "\"~??\" is not allowed in hex string")
			}
			toks = append(toks, b)
		case c == '[':
			toks = append(toks, h.parseJump(depth > 0))
		case c == '(':
			if depth >= MaxNestingDepth {
				h.s.error(off, CodeTooDeep, "hex string alternatives nested deeper than %d", MaxNestingDepth)
				panic(hexBailout{})
			}
			toks = append(toks, h.parseAlt(depth+1))
		case c == '|' || c == ')':
			if depth == 0 {
				h.fail(off, CodeHexSyntax, "unexpected %q in hex string outside an alternative", rune(c))
			}
			h.checkSeq(toks, startOff, true)
			return toks
		case c == '}':
			if depth > 0 {
				h.fail(off, CodeHexSyntax, "unterminated alternative in hex string: expected \")\", found \"}\"")
			}
			h.checkSeq(toks, startOff, false)
			return toks
		case c == eof:
			h.fail(off, CodeHexSyntax, "hex string not terminated")
		default:
			h.fail(off, CodeHexSyntax, "invalid character %s in hex string", quoteByte(c))
		}
	}
}

// checkSeq rejects empty sequences and jumps at either end of a sequence.
func (h *hexParser) checkSeq(toks []HexToken, off int, inAlt bool) {
	what := "a hex string"
	if inAlt {
		what = "an alternative of a hex string"
	}
	if len(toks) == 0 {
		h.fail(off, CodeHexSyntax, "empty %s", what[strings.IndexByte(what, ' ')+1:])
	}
	if j, ok := toks[0].(*HexJump); ok {
		h.fail(h.s.file.Offset(j.Lbrack), CodeHexJump, "%s cannot start with a jump", what)
	}
	if j, ok := toks[len(toks)-1].(*HexJump); ok {
		h.fail(h.s.file.Offset(j.Lbrack), CodeHexJump, "%s cannot end with a jump", what)
	}
}

// parseByte parses two hex digits or '?' wildcards starting at s.ch.
func (h *hexParser) parseByte(notPos token.Pos, off int) *HexByte {
	s := h.s
	hi := s.ch
	s.next()
	lo := s.ch
	if !(isHex(lo) || lo == '?') {
		h.fail(off, CodeHexSyntax, "uneven number of digits in hex string")
	}
	s.next()
	b := &HexByte{NotPos: notPos, Not: notPos.IsValid(), ValuePos: s.pos(off)}
	if hi != '?' {
		b.Value |= byte(hexVal(hi) << 4)
		b.Mask |= 0xF0
	}
	if lo != '?' {
		b.Value |= byte(hexVal(lo))
		b.Mask |= 0x0F
	}
	return b
}

// parseJump parses [n], [n-m], [n-] or [-].
func (h *hexParser) parseJump(inAlt bool) *HexJump {
	s := h.s
	off := s.offset
	s.next() // '['
	j := &HexJump{Lbrack: s.pos(off), Max: -1}
	h.skipSpace()
	lo, hasLo := h.jumpBound(off)
	h.skipSpace()
	if s.ch == '-' {
		s.next()
		h.skipSpace()
		hi, hasHi := h.jumpBound(off)
		h.skipSpace()
		j.Min = lo
		if hasHi {
			j.Max = hi
			if lo > hi {
				h.fail(off, CodeHexJump, "invalid jump range [%d-%d] in hex string: lower bound exceeds upper bound", lo, hi)
			}
		} else if inAlt {
			h.fail(off, CodeHexJump, "unbounded jump not allowed inside an alternative of a hex string")
		}
	} else {
		if !hasLo {
			h.fail(off, CodeHexSyntax, "empty jump \"[]\" in hex string")
		}
		if lo == 0 {
			h.fail(off, CodeHexJump, "invalid jump length [0] in hex string")
		}
		j.Min, j.Max = lo, lo
	}
	if s.ch != ']' {
		h.fail(s.offset, CodeHexSyntax, "expected \"]\" to close the jump in hex string, found %s", quoteByte(s.ch))
	}
	j.Rbrack = s.pos(s.offset)
	s.next()
	return j
}

// jumpBound parses an optional decimal jump bound.
func (h *hexParser) jumpBound(jumpOff int) (int, bool) {
	s := h.s
	off := s.offset
	for isDigit(s.ch) {
		s.next()
	}
	if off == s.offset {
		return 0, false
	}
	if isIdent(s.ch) {
		h.fail(off, CodeHexSyntax, "jump bounds in hex strings must be decimal numbers")
	}
	lit := string(s.src[off:s.offset])
	n, err := strconv.ParseInt(lit, 10, 64)
	if err != nil || n > MaxHexJump {
		h.fail(jumpOff, CodeHexJump, "jump bound %s in hex string exceeds the limit %d", lit, MaxHexJump)
	}
	return int(n), true
}

// parseAlt parses ( seq | seq ... ).
func (h *hexParser) parseAlt(depth int) *HexAlt {
	s := h.s
	a := &HexAlt{Lparen: s.pos(s.offset)}
	s.next() // '('
	for {
		a.Alternatives = append(a.Alternatives, h.parseSeq(depth))
		if s.ch == ')' {
			a.Rparen = s.pos(s.offset)
			s.next()
			return a
		}
		s.next() // '|'
	}
}
