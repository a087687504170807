package scan

import (
	"strconv"

	"github.com/overt-sec/overt/yara"
)

// TextOptions selects what yara's text output prints about a rule.
type TextOptions struct {
	Namespace    bool // -e: "namespace:rule"
	Tags         bool // -g: "[tag1,tag2]"
	Meta         bool // -m: "[key="text",n =5,b=true]"
	Strings      bool // -s: one "0xOFFSET:$id: data" line per match
	StringLength bool // -L: the length after the offset, "0xOFFSET:LENGTH:$id"; alone, without the data
}

// AppendRule appends the lines yara prints for rule r found in the object
// named name, byte for byte as yara 4.x prints them.
func AppendRule(buf []byte, r *RuleResult, name string, o TextOptions) []byte {
	if o.Namespace {
		buf = append(buf, r.Namespace...)
		buf = append(buf, ':')
	}
	buf = append(buf, r.Rule...)
	buf = append(buf, ' ')
	if o.Tags {
		buf = append(buf, '[')
		for i, t := range r.Tags {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, t...)
		}
		buf = append(buf, "] "...)
	}
	if o.Meta {
		buf = append(buf, '[')
		for i, m := range r.Meta {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendMeta(buf, m)
		}
		buf = append(buf, "] "...)
	}
	buf = append(buf, name...)
	buf = append(buf, '\n')
	if o.Strings || o.StringLength {
		for i := range r.Strings {
			buf = appendMatch(buf, &r.Strings[i], o.Strings, o.StringLength)
		}
	}
	return buf
}

// appendMeta appends one metadata entry as yara prints it: text quoted
// with C escapes, integers with yara's odd space before "=" ("n =-5"),
// booleans as true/false.
func appendMeta(buf []byte, m yara.Meta) []byte {
	switch v := m.Value.(type) {
	case string:
		buf = append(buf, m.Key...)
		buf = append(buf, `="`...)
		buf = AppendMetaText(buf, v)
		return append(buf, '"')
	case int64:
		buf = append(buf, m.Key...)
		buf = append(buf, " ="...)
		return strconv.AppendInt(buf, v, 10)
	case int:
		buf = append(buf, m.Key...)
		buf = append(buf, " ="...)
		return strconv.AppendInt(buf, int64(v), 10)
	case bool:
		buf = append(buf, m.Key...)
		buf = append(buf, '=')
		return strconv.AppendBool(buf, v)
	}
	// Unknown types cannot come from a compiled rule; print the key so
	// the line still says something.
	buf = append(buf, m.Key...)
	return append(buf, "=?"...)
}

// AppendMetaText appends s escaped as yara prints metadata text: C escapes
// for \a \b \t \n \v \f \r \" \' \\, three-digit octal for every other byte
// outside printable ASCII. Like yara, which stores metadata as C strings,
// it stops at the first NUL byte.
func AppendMetaText(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case 0:
			return buf
		case '\a':
			buf = append(buf, `\a`...)
		case '\b':
			buf = append(buf, `\b`...)
		case '\t':
			buf = append(buf, `\t`...)
		case '\n':
			buf = append(buf, `\n`...)
		case '\v':
			buf = append(buf, `\v`...)
		case '\f':
			buf = append(buf, `\f`...)
		case '\r':
			buf = append(buf, `\r`...)
		case '"', '\'', '\\':
			buf = append(buf, '\\', c)
		default:
			if c < 0x20 || c > 0x7e {
				buf = append(buf, '\\', '0'+c>>6, '0'+(c>>3)&7, '0'+c&7)
			} else {
				buf = append(buf, c)
			}
		}
	}
	return buf
}

// appendMatch appends one -s or -L line.
func appendMatch(buf []byte, s *yara.MatchString, data, length bool) []byte {
	buf = append(buf, "0x"...)
	buf = strconv.AppendUint(buf, uint64(s.Offset), 16)
	buf = append(buf, ':')
	if length {
		// yara -L prints the length of the kept match data, which it caps
		// at yara.MaxMatchData bytes, not the length of the match.
		buf = strconv.AppendInt(buf, int64(min(s.Length, yara.MaxMatchData)), 10)
		buf = append(buf, ':')
	}
	buf = append(buf, s.Identifier...)
	if !data {
		return append(buf, '\n')
	}
	buf = append(buf, ": "...)
	if s.Hex {
		d := s.Data
		if len(d) > MaxHexPrint {
			d = d[:MaxHexPrint]
		}
		buf = AppendHexData(buf, d)
		if len(s.Data) > MaxHexPrint {
			buf = append(buf, " ..."...)
		}
	} else {
		buf = AppendMatchText(buf, s.Data)
	}
	return append(buf, '\n')
}

// MaxHexPrint is how many bytes of a hex string's match -s prints: yara
// prints the first 64 and then " ..." when the match is longer.
const MaxHexPrint = 64

const upperHex = "0123456789ABCDEF"

// AppendMatchText appends matched bytes as yara's -s prints text strings:
// printable ASCII (0x20 to 0x7E) as is, every other byte as \xHH with
// upper-case digits.
func AppendMatchText(buf, data []byte) []byte {
	for _, c := range data {
		if c >= 0x20 && c <= 0x7e {
			buf = append(buf, c)
		} else {
			buf = append(buf, '\\', 'x', upperHex[c>>4], upperHex[c&15])
		}
	}
	return buf
}

// AppendHexData appends matched bytes as yara's -s prints hex strings:
// upper-case byte pairs separated by spaces ("00 01 FF").
func AppendHexData(buf, data []byte) []byte {
	for i, c := range data {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, upperHex[c>>4], upperHex[c&15])
	}
	return buf
}
