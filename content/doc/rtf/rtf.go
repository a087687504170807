// Package rtf looks inside RTF documents.
//
// Objects yielded, for letter.rtf:
//
//	letter.rtf!#text            the text view: control words dropped, \'hh escapes
//	                            decoded (as Windows-1252), \uN decoded, \par as newlines
//	letter.rtf!object1.bin      the hex data of the first \objdata, decoded
//	letter.rtf!invoice.exe      when that data is an OLE1 Package, the file it carries
//	                            (named by its label), or its native data
//	                            (object1.native, e.g. an OLE2 file, opened in turn)
//
// Group nesting is bounded by MaxDepth; hostile files that nest deeper are
// read on with the extra levels flattened.
package rtf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/iox"
)

// Limits, each with its reason.
const (
	// MaxFileRead bounds how much of an RTF file is read into memory.
	MaxFileRead = 256 << 20
	// MaxDepth bounds the group stack; Word nests a few dozen levels.
	MaxDepth = 1024
	// MaxText bounds the text view.
	MaxText = 32 << 20
	// MaxObjects bounds the embedded objects yielded from one file.
	MaxObjects = 1024
)

// TextName is the name of the text view object.
const TextName = "#text"

func init() { content.Register(Sniff) }

// Extractor is the RTF extractor.
type Extractor struct{}

// Name returns "rtf".
func (Extractor) Name() string { return "rtf" }

// Sniff recognises "{\rt" at the start (Word accepts "{\rtf" followed by
// anything, and so do exploits).
func Sniff(head []byte, _ string) content.Extractor {
	if bytes.HasPrefix(head, []byte(`{\rt`)) {
		return Extractor{}
	}
	return nil
}

// skipDest are destinations whose content is not document text.
var skipDest = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true,
	"header": false, "listtable": true, "listoverridetable": true, "rsidtbl": true,
	"generator": true, "xmlnstbl": true, "themedata": true, "colorschememapping": true,
	"latentstyles": true, "datastore": true, "objclass": true, "fldinst": false,
}

type state struct {
	skip   bool
	uc     int
	objdat bool // inside \objdata
}

// Extract yields the text view, then each embedded object.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	data, err := content.ReadPrefix(r, size, MaxFileRead, b)
	if err != nil {
		return fmt.Errorf("rtf: %w", err)
	}
	text, objs := parse(data)
	if len(text) >= MaxText {
		b.Event(content.EventLimit, TextName, "text view size limit (%d bytes) reached", MaxText)
	}
	if len(objs) >= MaxObjects {
		b.Event(content.EventLimit, "", "embedded object limit (%d) reached", MaxObjects)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(text) > 0 {
		if err := yield(TextName, bytes.NewReader(text)); err != nil {
			return err
		}
	}
	for i, o := range objs {
		base := fmt.Sprintf("object%d", i+1)
		if err := yield(base+".bin", bytes.NewReader(o)); err != nil {
			return err
		}
		name, payload, err := ole1(o)
		if err != nil {
			b.Event(content.EventCorrupt, base+".bin", "OLE1 object: %v", err)
			continue
		}
		if name == "" {
			name = base + ".native"
		}
		if err := yield(name, bytes.NewReader(payload)); err != nil {
			return err
		}
	}
	return nil
}

// parse reads the document: its text and the hex data of each \objdata.
func parse(data []byte) ([]byte, [][]byte) {
	var text []byte
	var objs [][]byte
	var obj []byte
	var hi byte
	half := false
	stack := []state{{uc: 1}}
	cur := &stack[0]
	skipChars := 0 // characters still to skip after \uN
	emit := func(s []byte) {
		if skipChars > 0 {
			skipChars--
			return
		}
		if cur.skip || len(text)+len(s) > MaxText {
			return
		}
		text = append(text, s...)
	}
	for i := 0; i < len(data); {
		c := data[i]
		switch c {
		case '{':
			if len(stack) < MaxDepth {
				stack = append(stack, *cur)
				cur = &stack[len(stack)-1]
			}
			i++
		case '}':
			if cur.objdat && !(len(stack) > 1 && stack[len(stack)-2].objdat) {
				if len(objs) < MaxObjects && len(obj) > 0 {
					objs = append(objs, obj)
				}
				obj, half = nil, false
			}
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
				cur = &stack[len(stack)-1]
			}
			i++
		case '\\':
			if i+1 >= len(data) {
				i++
				break
			}
			n := data[i+1]
			switch {
			case n == '\'':
				if i+3 < len(data) {
					h1, ok1 := iox.Unhex(data[i+2])
					h2, ok2 := iox.Unhex(data[i+3])
					if ok1 && ok2 {
						emit(cp1252(h1<<4 | h2))
						i += 4
						break
					}
				}
				i += 2
			case isAlpha(n):
				j := i + 1
				for j < len(data) && j-i < 40 && isAlpha(data[j]) {
					j++
				}
				word := string(data[i+1 : j])
				k := j
				if k < len(data) && data[k] == '-' {
					k++
				}
				for k < len(data) && k-j < 11 && data[k] >= '0' && data[k] <= '9' {
					k++
				}
				param, hasParam := 0, k > j
				if hasParam {
					param, _ = strconv.Atoi(string(data[j:k]))
				}
				if k < len(data) && data[k] == ' ' {
					k++
				}
				i = k
				switch word {
				case "par", "line", "sect", "page", "row":
					emit([]byte{'\n'})
				case "tab", "cell":
					emit([]byte{'\t'})
				case "uc":
					if hasParam && param >= 0 && param < 16 {
						cur.uc = param
					}
				case "u":
					r := rune(param)
					if r < 0 {
						r += 65536
					}
					emit(utf8.AppendRune(nil, r))
					skipChars = cur.uc
				case "objdata":
					cur.objdat = true
					cur.skip = true
					obj, half = nil, false
				case "bin":
					// Binary data inline: its bytes are not text.
					if hasParam && param > 0 {
						if cur.objdat {
							obj = append(obj, data[i:min(i+param, len(data))]...)
						}
						i = min(i+param, len(data))
					}
				default:
					if skipDest[word] {
						cur.skip = true
					}
				}
			case n == '*':
				cur.skip = true
				i += 2
			case n == '\n' || n == '\r':
				emit([]byte{'\n'})
				i += 2
			default:
				// \\, \{, \}, \~ and other control symbols.
				switch n {
				case '\\', '{', '}':
					emit([]byte{n})
				case '~':
					emit([]byte{' '})
				}
				i += 2
			}
		case '\r', '\n':
			i++
		default:
			if cur.objdat {
				if v, ok := iox.Unhex(c); ok {
					if half {
						obj = append(obj, hi<<4|v)
					} else {
						hi = v
					}
					half = !half
				}
			} else {
				emit(data[i : i+1])
			}
			i++
		}
	}
	if len(obj) > 0 && len(objs) < MaxObjects {
		objs = append(objs, obj)
	}
	return text, objs
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// cp1252 decodes one Windows-1252 byte to UTF-8 (0x80–0x9F as Latin-1's
// control range is replaced by the Windows punctuation).
func cp1252(c byte) []byte {
	if c < 0x80 {
		return []byte{c}
	}
	r := rune(c)
	if c <= 0x9F {
		r = win1252[c-0x80]
	}
	return utf8.AppendRune(nil, r)
}

var win1252 = [32]rune{
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
}
