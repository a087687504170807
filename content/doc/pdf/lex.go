package pdf

import (
	"bytes"
	"strconv"

	"github.com/overt-sec/overt/content/internal/iox"
)

// MaxNesting bounds arrays and dictionaries nested in one object: real
// files nest a handful of levels; deeper input is an attack on the stack.
const MaxNesting = 64

// The PDF object model, as parsed: nil (null), bool, int64, float64, name,
// []byte (string), []any (array), dict, ref and keyword.
type (
	name    string
	dict    map[name]any
	keyword string
	ref     struct{ num, gen int64 }
)

// lexer reads PDF tokens and objects from data starting at pos.
type lexer struct {
	data []byte
	pos  int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelim(c) }

// skipSpace skips white space and comments.
func (l *lexer) skipSpace() {
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		if isSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.data) && l.data[l.pos] != '\n' && l.data[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// eof is the sentinel token at the end of data.
type eof struct{}

// delim is a structural token: "[", "]", "<<", ">>", "{", "}", or a stray ")" or ">".
type delim string

// token reads one token: a scalar object, a keyword or a delim.
func (l *lexer) token() any {
	l.skipSpace()
	if l.pos >= len(l.data) {
		return eof{}
	}
	c := l.data[l.pos]
	switch {
	case c == '(':
		return l.literalString()
	case c == '<':
		if l.pos+1 < len(l.data) && l.data[l.pos+1] == '<' {
			l.pos += 2
			return delim("<<")
		}
		return l.hexString()
	case c == '>':
		if l.pos+1 < len(l.data) && l.data[l.pos+1] == '>' {
			l.pos += 2
			return delim(">>")
		}
		l.pos++
		return delim(">")
	case c == '[' || c == ']' || c == '{' || c == '}' || c == ')':
		l.pos++
		return delim(string(c))
	case c == '/':
		return l.name()
	}
	start := l.pos
	for l.pos < len(l.data) && isRegular(l.data[l.pos]) {
		l.pos++
	}
	w := l.data[start:l.pos]
	if n, ok := number(w); ok {
		return n
	}
	switch string(w) {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	return keyword(w)
}

// number parses an integer or real; integers too large for int64 become reals.
func number(w []byte) (any, bool) {
	if len(w) == 0 || len(w) > 64 {
		return nil, false
	}
	digits, dot := 0, 0
	for i, c := range w {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dot++
		case (c == '+' || c == '-') && i == 0:
		default:
			return nil, false
		}
	}
	if digits == 0 || dot > 1 {
		return nil, false
	}
	if dot == 0 {
		if v, err := strconv.ParseInt(string(w), 10, 64); err == nil {
			return v, true
		}
	}
	s := string(w)
	if s[len(s)-1] == '.' {
		s += "0"
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, false
	}
	return v, true
}

func (l *lexer) name() name {
	l.pos++ // '/'
	var b []byte
	for l.pos < len(l.data) && isRegular(l.data[l.pos]) {
		c := l.data[l.pos]
		if c == '#' && l.pos+2 < len(l.data) {
			h, ok1 := iox.Unhex(l.data[l.pos+1])
			lo, ok2 := iox.Unhex(l.data[l.pos+2])
			if ok1 && ok2 {
				b = append(b, h<<4|lo)
				l.pos += 3
				continue
			}
		}
		b = append(b, c)
		l.pos++
	}
	return name(b)
}

func (l *lexer) literalString() []byte {
	l.pos++ // '('
	depth := 1
	var b []byte
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return b
			}
		case '\\':
			if l.pos >= len(l.data) {
				return b
			}
			e := l.data[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.data) && l.data[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.data) && l.data[l.pos] >= '0' && l.data[l.pos] <= '7'; k++ {
						v = v*8 + int(l.data[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		b = append(b, c)
	}
	return b
}

func (l *lexer) hexString() []byte {
	l.pos++ // '<'
	var b []byte
	var hi byte
	half := false
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := iox.Unhex(c)
		if !ok {
			continue
		}
		if half {
			b = append(b, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		b = append(b, hi<<4)
	}
	return b
}

// object reads one object; a keyword or a stray delimiter is returned as is
// (keyword or delim), so callers can tell "stream", "endobj" or "R".
func (l *lexer) object(depth int) any {
	t := l.token()
	switch t := t.(type) {
	case delim:
		switch t {
		case "[":
			if depth >= MaxNesting {
				return nil
			}
			var arr []any
			for {
				save := l.pos
				v := l.object(depth + 1)
				switch v := v.(type) {
				case eof:
					return arr
				case delim:
					if v == "]" {
						return arr
					}
					if v == ">>" {
						l.pos = save
						return arr
					}
					continue
				case keyword:
					if v == "R" && len(arr) >= 2 {
						if r, ok := mkref(arr[len(arr)-2], arr[len(arr)-1]); ok {
							arr = append(arr[:len(arr)-2], r)
							continue
						}
					}
					if v == "endobj" || v == "stream" || v == "endstream" {
						l.pos = save
						return arr
					}
				}
				arr = append(arr, v)
			}
		case "<<":
			if depth >= MaxNesting {
				return nil
			}
			return l.dictBody(depth)
		}
		return t
	case int64:
		// Look ahead for "gen R".
		save := l.pos
		g := l.token()
		if gi, ok := g.(int64); ok {
			if k, ok := l.token().(keyword); ok && k == "R" {
				if r, ok := mkref(t, gi); ok {
					return r
				}
			}
		}
		l.pos = save
		return t
	}
	return t
}

func mkref(a, b any) (ref, bool) {
	n, ok1 := a.(int64)
	g, ok2 := b.(int64)
	if !ok1 || !ok2 || n < 0 || g < 0 {
		return ref{}, false
	}
	return ref{n, g}, true
}

func (l *lexer) dictBody(depth int) dict {
	d := dict{}
	for {
		save := l.pos
		k := l.object(depth + 1)
		switch k := k.(type) {
		case eof:
			return d
		case delim:
			if k == ">>" {
				return d
			}
			if k == "]" {
				continue
			}
			continue
		case keyword:
			if k == "endobj" || k == "stream" || k == "endstream" {
				l.pos = save
				return d
			}
			continue
		case name:
			save = l.pos
			v := l.object(depth + 1)
			switch vv := v.(type) {
			case eof:
				return d
			case delim:
				if vv == ">>" {
					return d
				}
			case keyword:
				if vv == "endobj" || vv == "stream" {
					l.pos = save
					return d
				}
			case name:
				// Could be the next key of a dictionary missing a value;
				// PDF files in the wild never do this on purpose, so keep it
				// as the value.
			}
			d[k] = v
		}
	}
}

// lineEnd reports the index just past an end-of-line at i, or i.
func lineEnd(data []byte, i int) int {
	if i < len(data) && data[i] == '\r' {
		i++
	}
	if i < len(data) && data[i] == '\n' {
		i++
	}
	return i
}

// hasKeywordAt reports whether data at i (after white space) starts with kw.
func hasKeywordAt(data []byte, i int, kw string) bool {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return bytes.HasPrefix(data[i:], []byte(kw))
}
