package pdf

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"encoding/ascii85"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

// pdfWriter builds a PDF from numbered objects.
type pdfWriter struct {
	buf  bytes.Buffer
	offs []int
}

func newPDF() *pdfWriter {
	w := &pdfWriter{}
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return w
}

func (w *pdfWriter) obj(num int, body string) {
	w.offs = append(w.offs, w.buf.Len())
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", num, body)
}

func (w *pdfWriter) stream(num int, dict string, data []byte) {
	w.offs = append(w.offs, w.buf.Len())
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< %s /Length %d >>\nstream\n", num, dict, len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

func (w *pdfWriter) done(trailer string) []byte {
	fmt.Fprintf(&w.buf, "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size %d %s >>\nstartxref\n0\n%%%%EOF\n", len(w.offs)+1, trailer)
	return w.buf.Bytes()
}

func zlibOf(b []byte) []byte {
	var out bytes.Buffer
	zw := zlib.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// lzwOf encodes b with PDF's LZW (early change 1).
func lzwOf(b []byte) []byte {
	var out []byte
	var acc uint32
	nbits := 0
	width := 9
	emit := func(code int) {
		acc = acc<<width | uint32(code)
		nbits += width
		for nbits >= 8 {
			out = append(out, byte(acc>>(nbits-8)))
			nbits -= 8
		}
	}
	table := map[string]int{}
	next := 258
	emit(256)
	cur := ""
	for _, c := range b {
		s := cur + string([]byte{c})
		if _, ok := table[s]; ok || len(s) == 1 {
			cur = s
			continue
		}
		if len(cur) == 1 {
			emit(int(cur[0]))
		} else {
			emit(table[cur])
		}
		table[s] = next
		next++
		if next == 4090 {
			emit(256)
			table, next, width = map[string]int{}, 258, 9
		}
		if next >= 1<<width && width < 12 { // the spec: 10-bit codes follow the creation of entry 511
			width++
		}
		cur = string([]byte{c})
	}
	if cur != "" {
		if len(cur) == 1 {
			emit(int(cur[0]))
		} else {
			emit(table[cur])
		}
	}
	emit(257)
	if nbits > 0 {
		out = append(out, byte(acc<<(8-nbits)))
	}
	return out
}

func a85Of(b []byte) []byte {
	out := make([]byte, ascii85.MaxEncodedLen(len(b)))
	return append(out[:ascii85.Encode(out, b)], "~>"...)
}

func rlOf(b []byte) []byte {
	var out []byte
	for len(b) > 0 {
		n := min(len(b), 100)
		out = append(out, byte(n-1))
		out = append(out, b[:n]...)
		b = b[n:]
	}
	return append(out, 128)
}

// pngUp applies the PNG "Up" predictor to rows of cols bytes.
func pngUp(b []byte, cols int) []byte {
	var out []byte
	prev := make([]byte, cols)
	for i := 0; i < len(b); i += cols {
		row := make([]byte, cols)
		copy(row, b[i:])
		out = append(out, 2)
		for j := range row {
			out = append(out, row[j]-prev[j])
		}
		prev = row
	}
	return out
}

const marker = "OVERT" + "MARKER"

func page(content string) string { return "BT /F1 12 Tf 72 700 Td " + content + " ET" }

// docWith builds a one-page PDF whose content stream (object 4) is data
// under filter dict fdict.
func docWith(fdict string, data []byte) []byte {
	w := newPDF()
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.obj(3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>")
	w.stream(4, fdict, data)
	return w.done("/Root 1 0 R")
}

func TestFilters(t *testing.T) {
	text := []byte(page("(" + marker + ") Tj"))
	tests := []struct {
		name  string
		fdict string
		data  []byte
	}{
		{"none", "", text},
		{"flate", "/Filter /FlateDecode", zlibOf(text)},
		{"raw deflate", "/Filter /FlateDecode", zlibOf(text)[2:]},
		{"lzw", "/Filter /LZWDecode", lzwOf(text)},
		{"ascii85", "/Filter /ASCII85Decode", a85Of(text)},
		{"asciihex", "/Filter /ASCIIHexDecode", []byte(hex.EncodeToString(text) + ">")},
		{"runlength", "/Filter /RunLengthDecode", rlOf(text)},
		{"chain", "/Filter [/ASCIIHexDecode /FlateDecode]", []byte(hex.EncodeToString(zlibOf(text)) + ">")},
		{"abbreviated chain", "/Filter [/A85 /Fl]", a85Of(zlibOf(text))},
		{"png predictor", "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >>", zlibOf(pngUp(text, 7))},
		{"lzw png predictor", "/Filter /LZWDecode /DecodeParms << /Predictor 12 /Columns 5 >>", lzwOf(pngUp(text, 5))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := xtest.Run(Extractor{}, docWith(tt.fdict, tt.data), content.Limits{})
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			got := res.Find(marker)
			if !slices.Equal(got, []string{"#text", "obj4-0"}) {
				t.Errorf("marker in %q, want [#text obj4-0]; events %v", got, res.Events)
			}
			if len(res.Events) != 0 {
				t.Errorf("unexpected events %v", res.Events)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"TJ joined", "[(OVE) -20 (RT) 5 (MAR)(KER)] TJ", "OVERTMARKER\n"},
		{"TJ word gap", "[(two) -300 (words)] TJ", "two words\n"},
		{"quote ops", "(a) Tj (b) ' 1 2 (c) \"", "a\nb\nc\n"},
		{"hex string", "<4142> Tj", "AB\n"},
		{"utf16", "<FEFF004100E9> Tj", "Aé\n"},
		{"escapes", `(a\(b\)\101\n) Tj`, "a(b)A\n"},
		{"new line on Td", "(x) Tj 0 -14 Td (y) Tj", "x\ny\n"},
		{"inline image skipped", "BI /W 1 /H 1 ID \x00(junk) Tj EI (z) Tj", "z\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &textWriter{}
			contentText(w, []byte("BT "+tt.content+" ET"))
			if w.buf.String() != tt.want {
				t.Errorf("got %q, want %q", w.buf.String(), tt.want)
			}
		})
	}
}

func TestStructure(t *testing.T) {
	t.Run("embedded file", func(t *testing.T) {
		w := newPDF()
		w.obj(1, "<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(x) 2 0 R] >> >> >>")
		w.obj(2, "<< /Type /Filespec /F (old.txt) /UF <FEFF0069006E0076002E006500780065> /EF << /F 3 0 R >> >>")
		w.stream(3, "/Type /EmbeddedFile /Filter /FlateDecode", zlibOf([]byte("MZ"+marker)))
		res := xtest.Run(Extractor{}, w.done("/Root 1 0 R"), content.Limits{})
		if got := res.Find(marker); !slices.Equal(got, []string{"inv.exe"}) {
			t.Errorf("marker in %q, want [inv.exe]", got)
		}
	})
	t.Run("object stream and indirect length", func(t *testing.T) {
		w := newPDF()
		w.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
		objs := "<< /Type /Pages /Kids [3 0 R] /Count 1 >> << /Type /Page /Contents 4 0 R >>"
		hdr := "2 0 3 44 "
		w.stream(5, fmt.Sprintf("/Type /ObjStm /N 2 /First %d /Filter /FlateDecode", len(hdr)), zlibOf([]byte(hdr+objs)))
		body := zlibOf([]byte(page("(" + marker + ") Tj")))
		w.offs = append(w.offs, w.buf.Len())
		fmt.Fprintf(&w.buf, "4 0 obj\n<< /Length 6 0 R /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n", body)
		w.obj(6, fmt.Sprint(len(body)))
		res := xtest.Run(Extractor{}, w.done("/Root 1 0 R"), content.Limits{})
		if got := res.Find(marker); !slices.Equal(got, []string{"#text", "obj4-0"}) {
			t.Errorf("marker in %q, events %v", got, res.Events)
		}
	})
	t.Run("broken xref and wrong length", func(t *testing.T) {
		d := docWith("/Filter /FlateDecode", zlibOf([]byte(page("("+marker+") Tj"))))
		d = bytes.Replace(d, []byte("/Length "), []byte("/Length 9"), 1)
		d = d[:bytes.Index(d, []byte("xref"))]
		res := xtest.Run(Extractor{}, d, content.Limits{})
		if got := res.Find(marker); !slices.Equal(got, []string{"#text", "obj4-0"}) {
			t.Errorf("marker in %q, events %v", got, res.Events)
		}
	})
	t.Run("near miss", func(t *testing.T) {
		res := xtest.Run(Extractor{}, docWith("", []byte(page("(OVERTMARKE) Tj (R) '"))), content.Limits{})
		if got := res.Find(marker); len(got) != 0 {
			t.Errorf("near miss matched in %q", got)
		}
	})
	t.Run("encrypted", func(t *testing.T) {
		w := newPDF()
		w.obj(1, "<< /Type /Catalog >>")
		w.obj(2, "<< /Filter /Standard /V 2 /R 3 >>")
		w.stream(3, "/Filter /FlateDecode", []byte("garbage"))
		res := xtest.Run(Extractor{}, w.done("/Root 1 0 R /Encrypt 2 0 R"), content.Limits{})
		if !res.HasEvent(content.EventEncrypted, "encrypted") || len(res.Names) != 0 {
			t.Errorf("events %v names %q", res.Events, res.Names)
		}
	})
	t.Run("corrupt stream reported", func(t *testing.T) {
		res := xtest.Run(Extractor{}, docWith("/Filter /FlateDecode", []byte("not zlib at all")), content.Limits{})
		if !res.HasEvent(content.EventCorrupt, "FlateDecode") {
			t.Errorf("events %v", res.Events)
		}
	})
	t.Run("unsupported filter", func(t *testing.T) {
		res := xtest.Run(Extractor{}, docWith("/Filter /Bogus", []byte("x")), content.Limits{})
		if !res.HasEvent(content.EventUnsupported, "Bogus") {
			t.Errorf("events %v", res.Events)
		}
	})
}

// zeroDeflate returns a zlib stream of n MiB of zeros, built by repeating
// one flushed block so the test need not compress gigabytes.
func zeroDeflate(n int) []byte {
	var blk bytes.Buffer
	fw, _ := flate.NewWriter(&blk, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Flush()
	out := []byte{0x78, 0xDA}
	out = append(out, bytes.Repeat(blk.Bytes(), n)...)
	return append(out, 0x03, 0x00, 0, 0, 0, 0)
}

func TestFlateBomb(t *testing.T) {
	d := docWith("/Filter /FlateDecode", zeroDeflate(4096)) // 4 GiB of zeros
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	w := &content.Walker{Sniff: Sniff}
	var peak uint64
	events, err := w.Walk(context.Background(), "bomb.pdf", bytes.NewReader(d), int64(len(d)), func(path []string, data []byte) error {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapAlloc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("took %v", el)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grown := after.Sys - before.Sys; grown > 512<<20 || peak > 512<<20 {
		t.Errorf("memory grew by %d MiB, peak heap %d MiB", grown>>20, peak>>20)
	}
	found := false
	for _, ev := range events {
		if ev.Kind == content.EventLimit && strings.Contains(ev.Message, "limit") {
			found = true
		}
	}
	if !found {
		t.Errorf("no limit event: %v", events)
	}
}

func FuzzExtract(f *testing.F) {
	text := []byte(page("(" + marker + ") Tj [(a) -300 (b)] TJ"))
	f.Add(docWith("", text))
	f.Add(docWith("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>", zlibOf(pngUp(text, 4))))
	f.Add(docWith("/Filter [/A85 /LZW]", a85Of(lzwOf(text))))
	f.Add(docWith("/Filter /RunLengthDecode", rlOf(text)))
	f.Add([]byte("%PDF-1.1\n1 0 obj << /Type /ObjStm /N 1 /First 4 >> stream\n2 0 << /A [1 2 R] >>\nendstream endobj trailer << >>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}

func FuzzFilters(f *testing.F) {
	f.Add([]byte("x\x9c\x01"), uint8(0))
	f.Add(lzwOf([]byte("abababababab")), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		fs := []name{"FlateDecode", "LZWDecode", "ASCII85Decode", "ASCIIHexDecode", "RunLengthDecode"}
		out, _ := decode(fs[int(which)%len(fs)], dict{"Predictor": int64(which % 16), "Columns": int64(which)}, data, 1<<16)
		if len(out) > 1<<16 && int(which)%len(fs) != 0 {
			t.Fatalf("output %d over bound", len(out))
		}
	})
}
