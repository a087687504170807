package docs

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
)

func sniff(head []byte, name string) content.Extractor {
	for _, s := range Sniffers() {
		if e := s(head, name); e != nil {
			return e
		}
	}
	return nil
}

// TestNested walks a mail carrying a docx whose text view holds a phrase
// split across runs, through the Walker, and checks the full path.
func TestNested(t *testing.T) {
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte("<Types/>"))
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<w:document><w:body><w:p><w:r><w:t>OVERT</w:t></w:r><w:r><w:t>MARKER</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	mail := "From: a@x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\n" +
		"Content-Disposition: attachment; filename=report.docx\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString(z.Bytes()) + "\r\n--b--\r\n"
	wk := &content.Walker{Sniff: sniff}
	var found []string
	_, err := wk.Walk(context.Background(), "msg.eml", strings.NewReader(mail), int64(len(mail)), func(path []string, data []byte) error {
		if bytes.Contains(data, []byte("OVERTMARKER")) {
			found = append(found, strings.Join(path, "!"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"msg.eml!report.docx!#text"}; !slices.Equal(found, want) {
		t.Errorf("found in %q, want %q", found, want)
	}
}
