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
//
// The parser runs twice over a hex string: once while the rules are parsed,
// to validate it without building anything (build false), and once per
// call of HexString.Tokens, to build the tree of a string known to be valid.
type hexParser struct {
	s     *scanner
	build bool
	slab  []HexByte // backing store of the bytes built (build only)
	// topCap bounds the number of top-level elements (build only).
	topCap int
}

// scanHexString parses a hex string whose "{" (at offset lbrace) has just
// been returned as an LBRACE token. It validates the string and keeps its
// text; on error it reports one diagnostic, skips to the closing "}" and
// returns a HexString without text.
func (s *scanner) scanHexString(lbrace int) (x *HexString) {
	x = &HexString{Lbrace: s.pos(lbrace)}
	h := &hexParser{s: s}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(hexBailout); !ok {
				panic(r)
			}
			s.badLit = true
			x.Text = ""
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
	h.parseSeq(0)
	x.Text = s.str(lbrace+1, s.offset)
	x.Rbrace = s.pos(s.offset)
	s.next() // consume '}'
	return x
}

// Tokens parses the hex string's text into its elements, in source order,
// with their positions in the file. It returns nil for a hex string whose
// parse failed. Every call builds a new tree (the AST keeps only the text):
// callers needing the tokens more than once should keep the result.
func (x *HexString) Tokens() []HexToken {
	if x.Text == "" {
		return nil
	}
	src := make([]byte, len(x.Text)+1)
	copy(src, x.Text)
	src[len(x.Text)] = '}'
	s := &scanner{src: src}
	if x.Lbrace.IsValid() {
		s.base = x.Lbrace + 1
	}
	s.ch = ' '
	s.next()
	nb := hexBytesMax(x.Text)
	h := &hexParser{s: s, build: true, slab: make([]HexByte, 0, nb),
		topCap: nb + strings.Count(x.Text, "[") + strings.Count(x.Text, "(")}
	var toks []HexToken
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(hexBailout); !ok {
					panic(r)
				}
				toks = nil // a Text set by hand that is not a valid hex string
			}
		}()
		toks = h.parseSeq(0)
		if s.offset != len(x.Text) {
			toks = nil // a "}" inside a Text set by hand
		}
	}()
	return toks
}

// hexBytesMax returns an upper bound of the number of bytes of a hex
// string's text: each byte takes two characters other than spaces.
func hexBytesMax(text string) int {
	return (len(text)-strings.Count(text, " "))/2 + 1
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
// ")" (inside an alternative), without consuming the terminator. It returns
// the tokens when building, nil when validating.
func (h *hexParser) parseSeq(depth int) []HexToken {
	s := h.s
	var toks []HexToken
	if h.build && depth == 0 {
		toks = make([]HexToken, 0, h.topCap)
	}
	startOff := s.offset
	n := 0                        // elements of the sequence
	firstJump, lastJump := -1, -1 // offsets of a leading and a trailing jump, or -1
	for {
		h.skipSpace()
		off := s.offset
		switch c := s.ch; {
		case isHex(c) || c == '?':
			k := h.byteRun(&toks)
			if k == 0 {
				h.addByte(&toks, h.parseByte(false, token.NoPos, off))
				k = 1
			}
			n += k - 1
			lastJump = -1
		case c == '~':
			s.next()
			h.skipSpace()
			if !(isHex(s.ch) || s.ch == '?') {
				h.fail(off, CodeHexSyntax, "expected a byte after \"~\" in hex string")
			}
			b := h.parseByte(true, s.pos(off), s.offset)
			if b.Mask == 0 {
				h.fail(off, CodeHexSyntax, "\"~??\" is not allowed in hex string")
			}
			h.addByte(&toks, b)
			lastJump = -1
		case c == '[':
			j := h.parseJump(depth > 0)
			if h.build {
				toks = append(toks, j)
			}
			if n == 0 {
				firstJump = off
			}
			lastJump = off
		case c == '(':
			if depth >= MaxNestingDepth {
				h.s.error(off, CodeTooDeep, "hex string alternatives nested deeper than %d", MaxNestingDepth)
				panic(hexBailout{})
			}
			a := h.parseAlt(depth + 1)
			if h.build {
				toks = append(toks, a)
			}
			lastJump = -1
		case c == '|' || c == ')':
			if depth == 0 {
				h.fail(off, CodeHexSyntax, "unexpected %q in hex string outside an alternative", rune(c))
			}
			h.checkSeq(n, firstJump, lastJump, startOff, true)
			return toks
		case c == '}':
			if depth > 0 {
				h.fail(off, CodeHexSyntax, "unterminated alternative in hex string: expected \")\", found \"}\"")
			}
			h.checkSeq(n, firstJump, lastJump, startOff, false)
			return toks
		case c == eof:
			h.fail(off, CodeHexSyntax, "hex string not terminated")
		default:
			h.fail(off, CodeHexSyntax, "invalid character %s in hex string", quoteByte(c))
		}
		n++
	}
}

// byteRun reads a run of bytes ("4D 5A ?? 0?") separated by spaces or
// tabs straight from the source: the common case of hex strings, without
// a call per character. It
// returns the number of bytes read; the scanner is left at the first
// character that is not part of the run (a blank before it is consumed).
func (h *hexParser) byteRun(toks *[]HexToken) int {
	s := h.s
	src := s.src
	i := s.offset
	n := 0
	for i+1 < len(src) {
		hi, lo := hexNibble[src[i]], hexNibble[src[i+1]]
		if hi == 0 || lo == 0 {
			break
		}
		if h.build {
			b := HexByte{ValuePos: s.pos(i)}
			if hi != nibbleWild {
				b.Value |= (hi - 1) << 4
				b.Mask |= 0xF0
			}
			if lo != nibbleWild {
				b.Value |= lo - 1
				b.Mask |= 0x0F
			}
			h.addByte(toks, b)
		}
		n++
		i += 2
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
	}
	if n > 0 {
		// Resume the scanner at src[i].
		s.rdOffset = i
		s.next()
	}
	return n
}

// hexNibble maps a character of a hex byte to its value plus one, to
// nibbleWild for '?', and to 0 for any other character.
var hexNibble = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c-'0') + 1
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c-'a') + 11
		t[c-'a'+'A'] = byte(c-'a') + 11
	}
	t['?'] = nibbleWild
	return t
}()

// nibbleWild is hexNibble's mark of a '?' wildcard.
const nibbleWild = 0xFF

// addByte appends b to toks when building, from the slab.
func (h *hexParser) addByte(toks *[]HexToken, b HexByte) {
	if !h.build {
		return
	}
	if len(h.slab) == cap(h.slab) {
		h.slab = make([]HexByte, 0, 16) // unreachable for a valid text: see Tokens
	}
	h.slab = append(h.slab, b)
	*toks = append(*toks, &h.slab[len(h.slab)-1])
}

// checkSeq rejects empty sequences and jumps at either end of a sequence:
// n is the number of elements, firstJump and lastJump the offsets of a
// leading and a trailing jump (-1 if none).
func (h *hexParser) checkSeq(n, firstJump, lastJump, off int, inAlt bool) {
	what := "a hex string"
	if inAlt {
		what = "an alternative of a hex string"
	}
	if n == 0 {
		h.fail(off, CodeHexSyntax, "empty %s", what[strings.IndexByte(what, ' ')+1:])
	}
	if firstJump >= 0 {
		h.fail(firstJump, CodeHexJump, "%s cannot start with a jump", what)
	}
	if lastJump >= 0 {
		h.fail(lastJump, CodeHexJump, "%s cannot end with a jump", what)
	}
}

// parseByte parses two hex digits or '?' wildcards starting at s.ch, after
// a "~" at notPos if not is set.
func (h *hexParser) parseByte(not bool, notPos token.Pos, off int) HexByte {
	s := h.s
	hi := s.ch
	s.next()
	lo := s.ch
	if !(isHex(lo) || lo == '?') {
		h.fail(off, CodeHexSyntax, "uneven number of digits in hex string")
	}
	s.next()
	b := HexByte{NotPos: notPos, Not: not, ValuePos: s.pos(off)}
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

// parseJump parses [n], [n-m], [n-] or [-]. It returns nil when validating.
func (h *hexParser) parseJump(inAlt bool) *HexJump {
	s := h.s
	off := s.offset
	s.next() // '['
	j := HexJump{Lbrack: s.pos(off), Max: -1}
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
	if !h.build {
		return nil
	}
	return &j
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
	lit := s.src[off:s.offset]
	n, err := strconv.ParseInt(string(lit), 10, 64)
	if err != nil || n > MaxHexJump {
		h.fail(jumpOff, CodeHexJump, "jump bound %s in hex string exceeds the limit %d", lit, MaxHexJump)
	}
	return int(n), true
}

// parseAlt parses ( seq | seq ... ). It returns nil when validating.
func (h *hexParser) parseAlt(depth int) *HexAlt {
	s := h.s
	var a *HexAlt
	if h.build {
		a = &HexAlt{Lparen: s.pos(s.offset)}
	}
	s.next() // '('
	for {
		alt := h.parseSeq(depth)
		if h.build {
			a.Alternatives = append(a.Alternatives, alt)
		}
		if s.ch == ')' {
			if h.build {
				a.Rparen = s.pos(s.offset)
			}
			s.next()
			return a
		}
		s.next() // '|'
	}
}
