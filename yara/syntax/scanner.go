package syntax

import (
	"bytes"
	"fmt"
	"go/token"
	"math"
	"strconv"

	"github.com/overt-sec/overt/yara/diag"
)

// errorHandler receives a diagnostic found by the scanner.
type errorHandler func(pos token.Pos, sev diag.Severity, code diag.Code, msg string)

// scanner tokenizes YARA source. It works on bytes: YARA's grammar is ASCII
// and any other byte is only valid inside strings, regexes and comments.
//
// The scanner is context-free except for hex strings and regular
// expressions, which the parser asks for explicitly (scanHexString,
// scanRegex) right after it has seen the opening "{" or "/".
type scanner struct {
	file *token.File // nil when re-reading a validated hex string (HexString.Tokens)
	base token.Pos   // position of src[0] when file is nil (NoPos: no positions)
	src  []byte
	// text is src as one string, made once per file, so that literals and
	// names are substrings of it instead of one allocation each. Empty
	// when the scanner re-reads a hex string (then str copies).
	text string
	errh errorHandler

	// onComment, if set, receives every comment, including those inside hex strings.
	onComment func(*Comment)
	// noCommentText makes COMMENT tokens carry no text (the parser drops them).
	noCommentText bool

	// idents interns identifiers and string identifiers: rule sets repeat
	// the same few names ("pe", "$a", "filesize") tens of thousands of times.
	idents map[string]name

	ch       int // current byte, or -1 at end of input
	offset   int // offset of ch
	rdOffset int // offset after ch

	// Values of the last literal token.
	intVal   int64
	floatVal float64
	strVal   []byte
	badLit   bool // the literal was malformed (an error has been reported)

	scratch []byte    // reused buffer for unescaping text strings
	bytes   byteArena // storage of the unescaped values
}

// byteArena hands out byte slices carved from shared chunks, so the values
// of many short literals cost one allocation per chunk. A slice it returns
// has no spare capacity: appending to it copies.
type byteArena struct {
	free []byte
	next int // size of the next chunk
}

// Values up to byteArenaMax bytes are carved from chunks that double from
// byteArenaMinChunk to byteArenaChunk bytes: large enough to amortize the
// allocation over dozens of typical literals, small enough that a half-used
// last chunk wastes little.
const (
	byteArenaMinChunk = 256
	byteArenaChunk    = 4096
	byteArenaMax      = byteArenaMinChunk / 2
)

// clone returns a copy of b, or nil if b is empty.
func (a *byteArena) clone(b []byte) []byte {
	n := len(b)
	switch {
	case n == 0:
		return nil
	case n > byteArenaMax:
		out := make([]byte, n)
		copy(out, b)
		return out
	case len(a.free) < n:
		a.next = min(max(2*a.next, byteArenaMinChunk), byteArenaChunk)
		a.free = make([]byte, a.next)
	}
	out := a.free[:n:n]
	a.free = a.free[n:]
	copy(out, b)
	return out
}

const eof = -1

func (s *scanner) init(file *token.File, src []byte, errh errorHandler) {
	s.file = file
	s.src = src
	s.text = string(src)
	setLines(file, src)
	s.errh = errh
	s.offset, s.rdOffset = 0, 0
	s.ch = ' '
	s.next()
}

// str returns src[from:to] as a string: a substring of text when the
// scanner has it, else a copy.
func (s *scanner) str(from, to int) string {
	if len(s.text) == len(s.src) {
		return s.text[from:to]
	}
	return string(s.src[from:to])
}

// setLines records the line starts of src in file at once, with one
// allocation of the right size (token.File.AddLine per line grows the
// table step by step, and takes a lock each time).
func setLines(file *token.File, src []byte) {
	lines := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 || off+i+1 >= len(src) {
			break
		}
		off += i + 1
		lines = append(lines, off)
	}
	file.SetLines(lines)
}

// next reads the next byte into s.ch.
func (s *scanner) next() {
	if s.rdOffset < len(s.src) {
		s.offset = s.rdOffset
		s.ch = int(s.src[s.rdOffset])
		s.rdOffset++
		return
	}
	s.offset = len(s.src)
	s.ch = eof
}

// peek returns the byte after s.ch without advancing, or -1.
func (s *scanner) peek() int {
	if s.rdOffset < len(s.src) {
		return int(s.src[s.rdOffset])
	}
	return eof
}

func (s *scanner) pos(off int) token.Pos {
	if s.file == nil {
		if !s.base.IsValid() {
			return token.NoPos
		}
		return s.base + token.Pos(off)
	}
	return s.file.Pos(off)
}

func (s *scanner) error(off int, code diag.Code, format string, args ...any) {
	if s.errh != nil {
		s.errh(s.pos(off), diag.Error, code, fmt.Sprintf(format, args...))
	}
}

func (s *scanner) warn(off int, code diag.Code, format string, args ...any) {
	if s.errh != nil {
		s.errh(s.pos(off), diag.Warning, code, fmt.Sprintf(format, args...))
	}
}

func isLetter(c int) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
func isDigit(c int) bool  { return '0' <= c && c <= '9' }
func isHex(c int) bool    { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
func isIdent(c int) bool  { return isLetter(c) || isDigit(c) }

func hexVal(c int) int {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 16
}

// skipSpace skips white space: blank, tab, carriage return and newline
// (yara rejects \v and \f).
func (s *scanner) skipSpace() {
	for s.ch == ' ' || s.ch == '\t' || s.ch == '\n' || s.ch == '\r' {
		s.next()
	}
}

// scan returns the next token, its position and its literal text
// (identifiers, literals and comments; empty for operators and keywords).
func (s *scanner) scan() (pos token.Pos, tok Token, lit string) {
	s.skipSpace()
	off := s.offset
	pos = s.pos(off)
	s.badLit = false
	ch := s.ch
	switch {
	case ch == eof:
		return pos, EOF, ""
	case isLetter(ch):
		b := s.scanIdentifier()
		if tok, lit = s.word(b); tok != IDENT {
			return pos, tok, ""
		}
		if len(lit) > MaxIdentifierLength {
			s.error(off, CodeIdentTooLong, "identifier %q is too long (%d bytes, the limit is %d)", lit[:16]+"...", len(lit), MaxIdentifierLength)
		}
		return pos, IDENT, lit
	case isDigit(ch):
		return s.scanNumber()
	}
	s.next() // always make progress
	switch ch {
	case '"':
		lit = s.scanString(off)
		return pos, STRING, lit
	case '$', '#', '@', '!':
		if ch == '!' && s.ch == '=' {
			s.next()
			return pos, NEQ, ""
		}
		return s.scanStringIdent(off, ch)
	case '/':
		switch s.ch {
		case '/':
			return pos, COMMENT, s.scanLineComment(off)
		case '*':
			return pos, COMMENT, s.scanBlockComment(off)
		}
		return pos, SLASH, ""
	case '+':
		return pos, ADD, ""
	case '-':
		return pos, SUB, ""
	case '*':
		return pos, MUL, ""
	case '\\':
		return pos, DIV, ""
	case '%':
		return pos, MOD, ""
	case '&':
		return pos, BITAND, ""
	case '|':
		return pos, BITOR, ""
	case '^':
		return pos, BITXOR, ""
	case '~':
		return pos, BITNOT, ""
	case '<':
		switch s.ch {
		case '<':
			s.next()
			return pos, SHL, ""
		case '=':
			s.next()
			return pos, LEQ, ""
		}
		return pos, LSS, ""
	case '>':
		switch s.ch {
		case '>':
			s.next()
			return pos, SHR, ""
		case '=':
			s.next()
			return pos, GEQ, ""
		}
		return pos, GTR, ""
	case '=':
		if s.ch == '=' {
			s.next()
			return pos, EQL, ""
		}
		return pos, ASSIGN, ""
	case '(':
		return pos, LPAREN, ""
	case ')':
		return pos, RPAREN, ""
	case '[':
		return pos, LBRACK, ""
	case ']':
		return pos, RBRACK, ""
	case '{':
		return pos, LBRACE, ""
	case '}':
		return pos, RBRACE, ""
	case ',':
		return pos, COMMA, ""
	case ':':
		return pos, COLON, ""
	case '.':
		if s.ch == '.' {
			s.next()
			return pos, DOTDOT, ""
		}
		return pos, PERIOD, ""
	}
	s.error(off, CodeIllegalChar, "illegal character %s", quoteByte(ch))
	return pos, ILLEGAL, string(rune(ch))
}

// quoteByte formats a byte for a message: printable ASCII as "x", other bytes as 0xNN.
func quoteByte(c int) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.Quote(string(rune(c)))
	}
	return fmt.Sprintf("0x%02X", c)
}

func (s *scanner) scanIdentifier() []byte {
	off := s.offset
	for isIdent(s.ch) {
		s.next()
	}
	return s.src[off:s.offset]
}

// maxInterned bounds the words interned per file (or per Load, whose files
// share the table): past it, names are allocated one by one, so a file of
// unique names cannot grow the table beyond a fixed size.
const maxInterned = 1 << 16

// name is what the interning table knows of a word: a keyword's token, or
// IDENT and the shared string of an identifier.
type name struct {
	tok Token
	lit string
}

// word returns the token of the word b: its keyword, or IDENT and b as a
// string shared with every earlier identical name. One lookup in the
// table answers both questions for every word seen before.
func (s *scanner) word(b []byte) (Token, string) {
	if n, ok := s.idents[string(b)]; ok {
		return n.tok, n.lit
	}
	if tok, ok := keywords[string(b)]; ok {
		s.remember(tokens[tok], name{tok: tok})
		return tok, ""
	}
	lit := string(b)
	s.remember(lit, name{tok: IDENT, lit: lit})
	return IDENT, lit
}

// intern returns b, a string identifier, as a string shared with every
// earlier identical name.
func (s *scanner) intern(b []byte) string {
	if n, ok := s.idents[string(b)]; ok {
		return n.lit
	}
	lit := string(b)
	s.remember(lit, name{tok: IDENT, lit: lit})
	return lit
}

// remember adds a word to the interning table, unless it is full.
func (s *scanner) remember(key string, n name) {
	if s.idents == nil {
		s.idents = make(map[string]name)
	}
	if len(s.idents) < maxInterned {
		s.idents[key] = n
	}
}

// scanStringIdent scans $a, $a*, $*, $, #a, @a, !a (the sigil is consumed).
func (s *scanner) scanStringIdent(off int, sigil int) (token.Pos, Token, string) {
	nameOff := s.offset
	for isIdent(s.ch) {
		s.next()
	}
	if n := s.offset - nameOff; n > MaxIdentifierLength {
		s.error(off, CodeIdentTooLong, "identifier %q is too long (%d bytes, the limit is %d)", s.str(off, off+16)+"...", n, MaxIdentifierLength)
	}
	if sigil == '$' && s.ch == '*' {
		s.next()
	}
	lit := s.intern(s.src[off:s.offset])
	var tok Token
	switch sigil {
	case '$':
		tok = STRINGID
	case '#':
		tok = STRINGCOUNT
	case '@':
		tok = STRINGOFFSET
	default:
		tok = STRINGLENGTH
	}
	return s.pos(off), tok, lit
}

// comment passes the comment at off to onComment.
func (s *scanner) comment(off int, text string) {
	if s.onComment != nil {
		s.onComment(&Comment{Slash: s.pos(off), Text: text})
	}
}

func (s *scanner) scanLineComment(off int) string {
	for s.ch != '\n' && s.ch != eof {
		s.next()
	}
	end := s.offset
	if end > off && s.src[end-1] == '\r' {
		end--
	}
	if s.noCommentText {
		return ""
	}
	return s.str(off, end)
}

// scanBlockComment scans a /* */ comment; s.ch is the '*'.
func (s *scanner) scanBlockComment(off int) string {
	s.next()
	for {
		if s.ch == eof {
			s.warn(off, CodeUnterminatedComment, "comment not terminated")
			break
		}
		ch := s.ch
		s.next()
		if ch == '*' && s.ch == '/' {
			s.next()
			break
		}
	}
	if s.noCommentText {
		return ""
	}
	return s.str(off, s.offset)
}

// scanNumber scans an integer (decimal, 0x hex, 0o octal, optional KB/MB
// suffix) or a float (digits '.' digits).
func (s *scanner) scanNumber() (token.Pos, Token, string) {
	off := s.offset
	pos := s.pos(off)
	base := 10
	if s.ch == '0' && (s.peek() == 'x' || s.peek() == 'o') {
		if s.peek() == 'x' {
			base = 16
		} else {
			base = 8
		}
		s.next()
		s.next()
	}
	digOff := s.offset
	for isHex(s.ch) {
		s.next()
	}
	digits := s.str(digOff, s.offset)
	if base == 10 && s.ch == '.' && isDigit(s.peek()) {
		s.next()
		for isDigit(s.ch) {
			s.next()
		}
		lit := s.str(off, s.offset)
		if isLetter(s.ch) {
			return s.badNumber(off, pos)
		}
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil || math.IsInf(f, 0) {
			s.error(off, CodeBadNumber, "invalid float literal %s", lit)
			s.badLit = true
		}
		s.floatVal = f
		return pos, FLOAT, lit
	}
	var mult int64 = 1
	if base == 10 && (s.ch == 'K' || s.ch == 'M') && s.peek() == 'B' {
		if s.ch == 'K' {
			mult = 1024
		} else {
			mult = 1024 * 1024
		}
		s.next()
		s.next()
	}
	if isIdent(s.ch) || digits == "" {
		return s.badNumber(off, pos)
	}
	lit := s.str(off, s.offset)
	for _, c := range []byte(digits) {
		if hexVal(int(c)) >= base {
			s.error(off, CodeBadNumber, "invalid digit %q in %s", c, lit)
			s.badLit = true
			s.intVal = 0
			return pos, INT, lit
		}
	}
	u, err := strconv.ParseUint(digits, base, 63)
	if err != nil || int64(u) > math.MaxInt64/mult {
		s.error(off, CodeIntOverflow, "integer literal %s overflows int64", lit)
		s.badLit = true
		s.intVal = 0
		return pos, INT, lit
	}
	s.intVal = int64(u) * mult
	return pos, INT, lit
}

// badNumber consumes the rest of a malformed number and reports it.
func (s *scanner) badNumber(off int, pos token.Pos) (token.Pos, Token, string) {
	for isIdent(s.ch) || s.ch == '.' && isDigit(s.peek()) {
		s.next()
	}
	lit := s.str(off, s.offset)
	s.error(off, CodeBadNumber, "malformed number literal %s", lit)
	s.badLit = true
	s.intVal = 0
	return pos, INT, lit
}

// scanString scans a text string; the opening quote has been consumed. It
// returns the raw literal and stores the unescaped bytes in s.strVal.
func (s *scanner) scanString(off int) string {
	val := s.scratch[:0]
	for {
		ch := s.ch
		if ch == '\n' || ch == eof {
			s.error(off, CodeUnterminatedString, "text string not terminated")
			s.badLit = true
			break
		}
		escOff := s.offset
		s.next()
		if ch == '"' {
			break
		}
		if ch != '\\' {
			val = append(val, byte(ch))
			continue
		}
		switch s.ch {
		case '"', '\\':
			val = append(val, byte(s.ch))
			s.next()
		case 't':
			val = append(val, '\t')
			s.next()
		case 'n':
			val = append(val, '\n')
			s.next()
		case 'r':
			val = append(val, '\r')
			s.next()
		case 'x':
			s.next()
			hi, lo := s.ch, s.peek()
			if isHex(hi) && isHex(lo) {
				val = append(val, byte(hexVal(hi)<<4|hexVal(lo)))
				s.next()
				s.next()
				continue
			}
			end := s.offset
			for end < len(s.src) && end < s.offset+2 && isHex(int(s.src[end])) {
				end++
			}
			s.error(escOff, CodeInvalidEscape, "invalid escape sequence \"%s\" in text string", s.str(escOff, end))
			s.badLit = true
		default:
			if s.ch == '\n' || s.ch == eof {
				continue // reported as unterminated
			}
			s.error(escOff, CodeInvalidEscape, "invalid escape sequence \"%s\" in text string", s.str(escOff, s.rdOffset))
			s.badLit = true
			s.next()
		}
	}
	s.scratch = val[:0]
	s.strVal = s.bytes.clone(val)
	return s.str(off, s.offset)
}

// scanRegex scans a regular expression whose opening slash (at off) has just
// been returned as a SLASH token. A backslash escapes the next byte, so `\/`
// does not end the pattern; the pattern cannot span lines.
func (s *scanner) scanRegex(off int) *RegexLit {
	patOff := s.offset
	for {
		if s.ch == '\n' || s.ch == eof {
			s.error(off, CodeUnterminatedRegex, "regular expression not terminated")
			return &RegexLit{Slash: s.pos(off), Raw: string(s.src[off:s.offset]), Pattern: string(s.src[patOff:s.offset])}
		}
		if s.ch == '/' {
			break
		}
		if s.ch == '\\' {
			s.next()
			if s.ch == '\n' || s.ch == eof {
				continue
			}
		}
		s.next()
	}
	// Regular expressions are copied, not substrings of text: compiled
	// patterns keep their text, which must not hold the whole file.
	pattern := string(s.src[patOff:s.offset])
	s.next() // closing slash
	flagOff := s.offset
	for isIdent(s.ch) {
		s.next()
	}
	x := &RegexLit{Slash: s.pos(off), Raw: string(s.src[off:s.offset]), Pattern: pattern}
	switch flags := s.str(flagOff, s.offset); flags {
	case "":
	case "i":
		x.CaseInsensitive = true
	case "s":
		x.DotAll = true
	case "is":
		x.CaseInsensitive, x.DotAll = true, true
	default:
		s.error(flagOff, CodeRegexFlags, "invalid regular expression flags %q (want i, s or is)", flags)
	}
	if pattern == "" {
		s.error(off, CodeSyntax, "empty regular expression")
	}
	return x
}
