package pdf

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxText bounds the text view of one document; far above any real
// document's text, small enough to keep in memory.
const MaxText = 32 << 20

// maxOperands bounds the operand stack of the content-stream reader: no
// operator takes more than a handful; a longer run is garbage.
const maxOperands = 64

// TJSpace is the TJ displacement (thousandths of text space, negative
// moves right) from which a space is written between two strings: word
// gaps are typically 250 or more, kerning inside a word far less.
const TJSpace = -250

// textWriter accumulates the text view up to MaxText bytes.
type textWriter struct {
	buf  bytes.Buffer
	full bool
}

func (w *textWriter) write(s []byte) {
	if w.full {
		return
	}
	if w.buf.Len()+len(s) > MaxText {
		s = s[:MaxText-w.buf.Len()]
		w.full = true
	}
	w.buf.Write(s)
}

func (w *textWriter) newline() {
	if w.buf.Len() > 0 && w.buf.Bytes()[w.buf.Len()-1] != '\n' {
		w.write([]byte{'\n'})
	}
}

// contentText appends the text shown by the text operators (Tj, TJ, ', ")
// of one content stream.
func contentText(w *textWriter, data []byte) {
	l := &lexer{data: data}
	var ops []any
	for !w.full {
		v := l.object(0)
		switch v := v.(type) {
		case eof:
			w.newline()
			return
		case keyword:
			switch v {
			case "Tj":
				if s, ok := last(ops).([]byte); ok {
					w.write(textString(s))
				}
			case "'", `"`:
				w.newline()
				if s, ok := last(ops).([]byte); ok {
					w.write(textString(s))
				}
			case "TJ":
				if arr, ok := last(ops).([]any); ok {
					for _, x := range arr {
						switch x := x.(type) {
						case []byte:
							w.write(textString(x))
						case int64:
							if x <= TJSpace {
								w.write([]byte{' '})
							}
						case float64:
							if x <= TJSpace {
								w.write([]byte{' '})
							}
						}
					}
				}
			case "T*", "ET":
				w.newline()
			case "Td", "TD":
				if len(ops) >= 2 && !isZero(ops[len(ops)-1]) {
					w.newline()
				}
			case "ID":
				skipInlineImage(l)
			}
			ops = ops[:0]
		case delim:
			ops = ops[:0]
		default:
			if len(ops) == maxOperands {
				ops = ops[:copy(ops, ops[1:])]
			}
			ops = append(ops, v)
		}
	}
}

func last(ops []any) any {
	if len(ops) == 0 {
		return nil
	}
	return ops[len(ops)-1]
}

func isZero(v any) bool {
	switch v := v.(type) {
	case int64:
		return v == 0
	case float64:
		return v == 0
	}
	return true
}

// skipInlineImage skips the binary data of an inline image up to "EI".
func skipInlineImage(l *lexer) {
	i := l.pos + 1
	for {
		j := bytes.Index(l.data[i:], []byte("EI"))
		if j < 0 {
			l.pos = len(l.data)
			return
		}
		k := i + j
		if isSpace(l.data[k-1]) && (k+2 == len(l.data) || isSpace(l.data[k+2])) {
			l.pos = k + 2
			return
		}
		i = k + 2
	}
}

// textString decodes a PDF text string to UTF-8: UTF-16BE with a byte
// order mark, UTF-8 with one, else PDFDocEncoding (read as Latin-1 with the
// 0x80–0x9F punctuation of PDFDocEncoding).
func textString(s []byte) []byte {
	switch {
	case len(s) >= 2 && s[0] == 0xFE && s[1] == 0xFF:
		u := make([]uint16, 0, (len(s)-2)/2)
		for i := 2; i+1 < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		return []byte(string(utf16.Decode(u)))
	case bytes.HasPrefix(s, []byte("\xEF\xBB\xBF")):
		return s[3:]
	}
	ascii := true
	for _, c := range s {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	out := make([]byte, 0, len(s)+8)
	for _, c := range s {
		r := rune(c)
		if c >= 0x80 && c <= 0x9F {
			r = pdfDoc80[c-0x80]
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// pdfDoc80 is PDFDocEncoding's 0x80–0x9F range.
var pdfDoc80 = [32]rune{
	0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
	0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
	0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
	0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD,
}
