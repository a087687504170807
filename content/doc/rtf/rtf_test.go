package rtf

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

const marker = "OVERT" + "MARKER"

func lp(s string) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(len(s)+1))
	return append(append(b, s...), 0)
}

// ole1Package builds an OLE1 Package object carrying file under label.
func ole1Package(label string, file []byte) []byte {
	var pkg []byte
	pkg = append(pkg, 2, 0)
	pkg = append(pkg, label+"\x00"...)
	pkg = append(pkg, `C:\tmp\`+label+"\x00"...)
	pkg = append(pkg, 0, 0, 3, 0)
	pkg = binary.LittleEndian.AppendUint32(pkg, 4)
	pkg = append(pkg, "tmp\x00"...)
	pkg = binary.LittleEndian.AppendUint32(pkg, uint32(len(file)))
	pkg = append(pkg, file...)
	var o []byte
	o = binary.LittleEndian.AppendUint32(o, 0x0501)
	o = binary.LittleEndian.AppendUint32(o, 2)
	o = append(o, lp("Package")...)
	o = append(o, lp("")...)
	o = append(o, lp("")...)
	o = binary.LittleEndian.AppendUint32(o, uint32(len(pkg)))
	return append(o, pkg...)
}

func hexLines(b []byte) string {
	h := hex.EncodeToString(b)
	var out strings.Builder
	for len(h) > 64 {
		out.WriteString(h[:64] + "\r\n")
		h = h[64:]
	}
	return out.String() + h
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", `{\rtf1\ansi Hello\par World}`, "Hello\nWorld"},
		{"split by formatting", `{\rtf1 OVE{\b RT}MAR\i KER}`, marker},
		{"hex escapes", `{\rtf1 caf\'e9 \'93q\'94}`, "café “q”"},
		{"unicode", `{\rtf1\uc1 \u8364?\u-3913?x}`, "€\uf0b7x"},
		{"font table skipped", `{\rtf1{\fonttbl{\f0 Arial;}}{\*\generator Gen;}body}`, "body"},
		{"escaped braces", `{\rtf1 a\{b\}c\\d}`, `a{b}c\d`},
		{"obfuscated control word", `{\rtf1 OVERT{\*\foo junk}MARKER}`, marker},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, _ := parse([]byte(tt.in))
			if string(text) != tt.want {
				t.Errorf("got %q, want %q", text, tt.want)
			}
		})
	}
}

func TestObjects(t *testing.T) {
	pkg := ole1Package("evil.exe", []byte("MZ"+marker))
	doc := `{\rtf1{\object\objemb{\*\objclass Package}{\*\objdata ` + hexLines(pkg) + `}}text}`
	res := xtest.Run(Extractor{}, []byte(doc), content.Limits{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got := res.Find("MZ" + marker); !slices.Equal(got, []string{"object1.bin", "evil.exe"}) {
		t.Errorf("marker in %q (names %q, events %v)", got, res.Names, res.Events)
	}
	if string(res.Objects["#text"]) != "text" {
		t.Errorf("text %q", res.Objects["#text"])
	}
	// A non-Package class yields the native data (e.g. an OLE2 file).
	var o []byte
	o = binary.LittleEndian.AppendUint32(o, 0x0501)
	o = binary.LittleEndian.AppendUint32(o, 2)
	o = append(o, lp("Equation.3")...)
	o = append(o, lp("")...)
	o = append(o, lp("")...)
	o = binary.LittleEndian.AppendUint32(o, 8)
	o = append(o, "\xD0\xCF\x11\xE0NATV"...)
	res = xtest.Run(Extractor{}, []byte(`{\rtf1{\object{\*\objdata `+hex.EncodeToString(o)+`}}}`), content.Limits{})
	if got := res.Find("NATV"); !slices.Equal(got, []string{"object1.bin", "object1.native"}) {
		t.Errorf("native in %q", got)
	}
	// Damaged object data: reported, raw bytes still yielded.
	res = xtest.Run(Extractor{}, []byte(`{\rtf1{\object{\*\objdata 0105000002000000ffffff}}}`), content.Limits{})
	if !res.HasEvent(content.EventCorrupt, "OLE1") || len(res.Objects["object1.bin"]) == 0 {
		t.Errorf("events %v names %q", res.Events, res.Names)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte(`{\rtf1 OVE{\b RT}\'41\u8364?{\object{\*\objdata 01050000020000000800000050616b61676500}}}`))
	f.Add([]byte(`{\rt{{{{\bin5 abcde}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(t.Context(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}
