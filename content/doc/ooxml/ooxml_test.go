package ooxml

import (
	"archive/zip"
	"bytes"
	"slices"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

// build writes a zip package with the given parts, in order.
func build(t testing.TB, parts ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const contentTypes = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`

func docx(t testing.TB, body string) []byte {
	return build(t, "[Content_Types].xml", contentTypes,
		"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+body+`</w:body></w:document>`,
		"word/media/blob.bin", "RAWPARTMARKER")
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		marker string
		want   []string // names of the objects the marker is found in
	}{
		{"docx split runs", docx(t, `<w:p><w:r><w:t>EVIL</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>MAR</w:t></w:r><w:r><w:t xml:space="preserve">KER here</w:t></w:r></w:p>`), "EVILMARKER here", []string{"#text"}},
		{"docx entities", docx(t, `<w:p><w:r><w:t>A&amp;B&lt;C&#x44;</w:t></w:r></w:p>`), "A&B<CD", []string{"#text"}},
		{"docx paragraphs are lines", docx(t, `<w:p><w:r><w:t>one</w:t></w:r></w:p><w:p><w:r><w:t>two</w:t></w:r></w:p>`), "one\ntwo\n", []string{"#text"}},
		{"docx near miss across paragraphs", docx(t, `<w:p><w:r><w:t>NEAR</w:t></w:r></w:p><w:p><w:r><w:t>MISS</w:t></w:r></w:p>`), "NEARMISS", nil},
		{"docx DDE field", docx(t, `<w:p><w:r><w:instrText>DDE</w:instrText></w:r><w:r><w:instrText>AUTO c:\\x</w:instrText></w:r></w:p>`), "DDEAUTO", []string{"#text"}},
		{"raw part by path", docx(t, `<w:p/>`), "RAWPARTMARKER", []string{"word/media/blob.bin"}},
		{"raw xml keeps runs split", docx(t, `<w:p><w:r><w:t>SPL</w:t></w:r><w:r><w:t>IT</w:t></w:r></w:p>`), "<w:t>SPL</w:t>", []string{"word/document.xml"}},
		{"xlsx shared strings", build(t, "[Content_Types].xml", contentTypes,
			"xl/sharedStrings.xml", `<sst><si><t>plain</t></si><si><r><t>RICH</t></r><r><rPr/><t>MARK</t></r></si></sst>`), "RICHMARK", []string{"#text"}},
		{"xlsx inline strings", build(t, "[Content_Types].xml", contentTypes,
			"xl/worksheets/sheet1.xml", `<worksheet><sheetData><row><c t="inlineStr"><is><t>INLINEMARK</t></is></c><c><v>42</v></c></row></sheetData></worksheet>`), "INLINEMARK", []string{"#text", "xl/worksheets/sheet1.xml"}},
		{"pptx slides in order", build(t, "[Content_Types].xml", contentTypes,
			"ppt/slides/slide10.xml", `<p:sld><a:p><a:r><a:t>ten</a:t></a:r></a:p></p:sld>`,
			"ppt/slides/slide2.xml", `<p:sld><a:p><a:r><a:t>t</a:t></a:r><a:r><a:t>wo</a:t></a:r></a:p></p:sld>`), "two\nten\n", []string{"#text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := xtest.Run(Extractor{}, tt.data, content.Limits{})
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			got := res.Find(tt.marker)
			if !slices.Equal(got, tt.want) {
				t.Errorf("marker %q found in %q, want %q (text %q)", tt.marker, got, tt.want, res.Objects["#text"])
			}
		})
	}
}

func TestSniff(t *testing.T) {
	d := docx(t, "")
	plain := build(t, "a.txt", "x")
	tests := []struct {
		name string
		head []byte
		file string
		want bool
	}{
		{"content types", d, "x.bin", true},
		{"extension", plain, "a.DOCX", true},
		{"plain zip", plain, "a.zip", false},
		{"not zip", []byte("hello"), "a.docx", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff(tt.head, tt.file) != nil; got != tt.want {
				t.Errorf("Sniff = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCorrupt(t *testing.T) {
	d := docx(t, `<w:p><w:r><w:t>x</w:t></w:r></w:p>`)
	res := xtest.Run(Extractor{}, d[:len(d)/2], content.Limits{})
	if res.Err != nil || !res.HasEvent(content.EventCorrupt, "opening package") {
		t.Fatalf("err %v events %v", res.Err, res.Events)
	}
	enc := bytes.Clone(d)
	// Set the encrypted flag on every central and local header.
	for _, sig := range [][]byte{[]byte("PK\x03\x04"), []byte("PK\x01\x02")} {
		off := 6
		if sig[2] == 1 {
			off = 8
		}
		for i := 0; ; {
			j := bytes.Index(enc[i:], sig)
			if j < 0 {
				break
			}
			enc[i+j+off] |= 1
			i += j + 4
		}
	}
	res = xtest.Run(Extractor{}, enc, content.Limits{})
	if !res.HasEvent(content.EventEncrypted, "encrypted") {
		t.Fatalf("no encrypted event: %v", res.Events)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(docx(f, `<w:p><w:r><w:t>MAR</w:t></w:r><w:r><w:t>KER</w:t></w:r></w:p>`))
	f.Add(build(f, "[Content_Types].xml", contentTypes, "xl/sharedStrings.xml", `<sst><si><t>x</t></si></sst>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(t.Context(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}
