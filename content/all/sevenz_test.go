package all_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/overt-sec/overt/content"
)

// mk7z writes a 7z archive of files (none empty) in one folder with the
// Copy coder (id 00: stored), the smallest archive the format allows:
// signature header, the files' bytes back to back, then a plain header
// (7zFormat.txt: Header, MainStreamsInfo, FilesInfo).
func mk7z(t testing.TB, files ...file) []byte {
	t.Helper()
	num := func(b []byte, v uint64) []byte {
		if v < 0x80 {
			return append(b, byte(v))
		}
		return binary.LittleEndian.AppendUint64(append(b, 0xFF), v) // 0xFF: eight bytes follow
	}
	var packed []byte
	for _, f := range files {
		if len(f.data) == 0 {
			t.Fatal("mk7z: empty files need kEmptyStream, not written")
		}
		packed = append(packed, f.data...)
	}
	h := []byte{0x01, 0x04} // kHeader, kMainStreamsInfo
	h = append(h, 0x06)     // kPackInfo
	h = num(h, 0)           // pack position
	h = num(h, 1)           // one pack stream
	h = append(h, 0x09)     // kSize
	h = num(h, uint64(len(packed)))
	h = append(h, 0x00)             // kEnd
	h = append(h, 0x07, 0x0B)       // kUnPackInfo, kFolder
	h = num(h, 1)                   // one folder
	h = append(h, 0x00)             // not external
	h = num(h, 1)                   // one coder
	h = append(h, 0x01, 0x00)       // simple coder, 1-byte id: 00 (Copy)
	h = append(h, 0x0C)             // kCodersUnPackSize
	h = num(h, uint64(len(packed))) //
	h = append(h, 0x00)             // kEnd
	h = append(h, 0x08, 0x0D)       // kSubStreamsInfo, kNumUnPackStream
	h = num(h, uint64(len(files)))  //
	h = append(h, 0x09)             // kSize: all but the last
	for _, f := range files[:len(files)-1] {
		h = num(h, uint64(len(f.data)))
	}
	h = append(h, 0x0A, 0x01) // kCRC, all defined
	for _, f := range files {
		h = binary.LittleEndian.AppendUint32(h, crc32.ChecksumIEEE(f.data))
	}
	h = append(h, 0x00, 0x00) // end of SubStreamsInfo, of MainStreamsInfo
	h = append(h, 0x05)       // kFilesInfo
	h = num(h, uint64(len(files)))
	var names []byte
	for _, f := range files {
		for _, u := range utf16.Encode([]rune(f.name)) {
			names = binary.LittleEndian.AppendUint16(names, u)
		}
		names = append(names, 0, 0)
	}
	h = append(h, 0x11) // kName
	h = num(h, uint64(len(names)+1))
	h = append(h, 0x00) // not external
	h = append(h, names...)
	h = append(h, 0x00, 0x00) // end of FilesInfo, of Header

	start := make([]byte, 20)
	binary.LittleEndian.PutUint64(start[0:], uint64(len(packed)))
	binary.LittleEndian.PutUint64(start[8:], uint64(len(h)))
	binary.LittleEndian.PutUint32(start[16:], crc32.ChecksumIEEE(h))
	out := []byte{'7', 'z', 0xBC, 0xAF, 0x27, 0x1C, 0, 4}
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(start))
	out = append(out, start...)
	out = append(out, packed...)
	return append(out, h...)
}

// walkAll returns every visited path (joined by "!") and its data.
func walkAll(t *testing.T, name string, data []byte) (map[string][]byte, []string, []content.Event) {
	t.Helper()
	got := map[string][]byte{}
	var order []string
	w := content.Walker{Sniff: content.Sniff}
	evs, err := w.Walk(context.Background(), name, bytes.NewReader(data), int64(len(data)), func(p []string, d []byte) error {
		k := strings.Join(p, "!")
		if _, dup := got[k]; !dup {
			order = append(order, k)
		}
		got[k] = d
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, order, evs
}

func TestSevenZipWriter(t *testing.T) {
	a := mk7z(t, file{"a.txt", []byte("alpha")}, file{"dir/b.bin", []byte("beta beta")})
	got, order, evs := walkAll(t, "x.7z", a)
	if string(got["x.7z!a.txt"]) != "alpha" || string(got["x.7z!dir/b.bin"]) != "beta beta" || len(evs) != 0 {
		t.Errorf("objects %v, events %v", order, evs)
	}
}

// TestNestedFixture walks outer.tar.gz → backup/middle.7z → inner.zip →
// report.docx and checks that the text deep inside is reached under the
// path the docs promise.
func TestNestedFixture(t *testing.T) {
	const secret = "the quarterly numbers are fine"
	docx := mkZip(t, 8,
		file{"[Content_Types].xml", []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)},
		file{"_rels/.rels", []byte(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)},
		file{"word/document.xml", []byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>` + secret + `</w:t></w:r></w:p></w:body></w:document>`)})
	inner := mkZip(t, 8, file{"report.docx", docx})
	middle := mk7z(t, file{"inner.zip", inner}, file{"notes.txt", []byte("nothing here")})
	outer := mkGzip(t, mkTar(t, file{"backup/middle.7z", middle}))
	got, order, evs := walkAll(t, "outer.tar.gz", outer)
	const doc = "outer.tar.gz!backup/middle.7z!inner.zip!report.docx!word/document.xml"
	if !bytes.Contains(got[doc], []byte(secret)) {
		t.Errorf("%s not found with the text; objects:\n%s", doc, strings.Join(order, "\n"))
	}
	for _, p := range []string{"outer.tar.gz!backup/middle.7z", "outer.tar.gz!backup/middle.7z!inner.zip",
		"outer.tar.gz!backup/middle.7z!notes.txt", "outer.tar.gz!backup/middle.7z!inner.zip!report.docx"} {
		if _, ok := got[p]; !ok {
			t.Errorf("%s not visited; objects:\n%s", p, strings.Join(order, "\n"))
		}
	}
	if len(evs) != 0 {
		t.Errorf("events: %v", evs)
	}
}
