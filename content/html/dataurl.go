package html

import (
	"bytes"

	"github.com/overt-sec/overt/content/internal/iox"
)

// dataURL is one decoded data: URL.
type dataURL struct {
	data []byte
	bad  string // what was wrong with the encoding, if anything
}

// findDataURL finds the next data: URL in s and returns it decoded and
// the text after it.
func findDataURL(s []byte) (u dataURL, rest []byte, ok bool) {
	for {
		i := indexFold(s, "data:")
		if i < 0 {
			return dataURL{}, nil, false
		}
		// A URL starts a value: after a quote, '=', '(' or white space,
		// not inside a word ("metadata:").
		if i > 0 && isWordByte(s[i-1]) {
			s = s[i+5:]
			continue
		}
		var quote byte
		if i > 0 && (s[i-1] == '"' || s[i-1] == '\'') {
			quote = s[i-1]
		}
		body := s[i+5:]
		comma := -1
		for k := 0; k < len(body) && k <= MaxMediaType; k++ {
			c := body[k]
			if c == ',' {
				comma = k
				break
			}
			if !isMediaTypeByte(c) {
				break
			}
		}
		if comma < 0 {
			s = body
			continue
		}
		params := body[:comma]
		body = body[comma+1:]
		end := len(body)
		for k, c := range body {
			if quote != 0 && c == quote || quote == 0 && endsUnquoted(c) {
				end = k
				break
			}
		}
		text := body[:end]
		if isBase64(params) {
			u.data, u.bad = decodeBase64(text)
		} else {
			u.data, u.bad = decodePercent(text)
		}
		return u, body[end:], true
	}
}

// isBase64 reports whether the media type's last parameter is ";base64".
func isBase64(params []byte) bool {
	k := bytes.LastIndexByte(params, ';')
	return k >= 0 && bytes.EqualFold(bytes.TrimSpace(params[k+1:]), []byte("base64"))
}

// indexFold is bytes.Index for an ASCII lower-case needle, ignoring case.
func indexFold(s []byte, needle string) int {
	for i := 0; i+len(needle) <= len(s); {
		k := bytes.IndexAny(s[i:], needle[:1]+string(needle[0]-'a'+'A'))
		if k < 0 {
			return -1
		}
		i += k
		if i+len(needle) <= len(s) && bytes.EqualFold(s[i:i+len(needle)], []byte(needle)) {
			return i
		}
		i++
	}
	return -1
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// isMediaTypeByte accepts what may appear in "type/subtype;name=value".
func isMediaTypeByte(c byte) bool {
	return isWordByte(c) || c == '/' || c == ';' || c == '=' || c == '.' || c == '+' || c == ' ' || c == '%'
}

// endsUnquoted reports whether c ends an unquoted URL (an attribute value
// without quotes, CSS url(...), a script string).
func endsUnquoted(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\f', '>', ')', '"', '\'', '<', '`':
		return true
	}
	return false
}

// decodeBase64 decodes base64 leniently: white space (pages wrap long
// values), HTML character references of it, and missing padding are
// accepted, both alphabets too; decoding stops at the first other byte.
func decodeBase64(s []byte) ([]byte, string) {
	out := make([]byte, 0, len(s)*3/4+3)
	var acc uint32
	n := 0
	bad := ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v uint32
		switch {
		case c >= 'A' && c <= 'Z':
			v = uint32(c - 'A')
		case c >= 'a' && c <= 'z':
			v = uint32(c-'a') + 26
		case c >= '0' && c <= '9':
			v = uint32(c-'0') + 52
		case c == '+' || c == '-':
			v = 62
		case c == '/' || c == '_':
			v = 63
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f':
			continue
		case c == '&' && bytes.HasPrefix(s[i:], []byte("&#10;")):
			i += 4
			continue
		case c == '=' || c == '%' && bytes.HasPrefix(s[i:], []byte("%3D")):
			i = len(s)
			continue
		default:
			bad = "invalid byte in base64 data: URL"
			i = len(s)
			continue
		}
		acc = acc<<6 | v
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	case 1:
		if bad == "" {
			bad = "truncated base64 data: URL"
		}
	}
	return out, bad
}

// decodePercent decodes %XX escapes; other bytes stand for themselves.
func decodePercent(s []byte) ([]byte, string) {
	out := make([]byte, 0, len(s))
	bad := ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			hi, ok1 := unhexAt(s, i+1)
			lo, ok2 := unhexAt(s, i+2)
			if ok1 && ok2 {
				out = append(out, hi<<4|lo)
				i += 2
				continue
			}
			bad = "invalid percent escape in data: URL"
		}
		out = append(out, c)
	}
	return out, bad
}

// unhexAt is the value of the hex digit s[i], false when i is past the end.
func unhexAt(s []byte, i int) (byte, bool) {
	if i >= len(s) {
		return 0, false
	}
	return iox.Unhex(s[i])
}
