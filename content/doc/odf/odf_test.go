package odf

import (
	"archive/zip"
	"bytes"
	"slices"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

func build(t testing.TB, parts ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: parts[i], Method: zip.Store})
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const marker = "OVERT" + "MARKER"

func odt(t testing.TB, body, manifest string) []byte {
	return build(t, "mimetype", "application/vnd.oasis.opendocument.text",
		"content.xml", `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:automatic-styles><style:style style:name="P1"/></office:automatic-styles><office:body><office:text>`+body+`</office:text></office:body></office:document-content>`,
		"Basic/Standard/Module1.xml", `<script:module>Sub Main: Shell "BASICMACRO": End Sub</script:module>`,
		"META-INF/manifest.xml", manifest)
}

func TestExtract(t *testing.T) {
	plain := odt(t, `<text:h>Title</text:h><text:p>OVE<text:span text:style-name="T1">RT</text:span>MAR<text:s/>KER</text:p><text:p>a<text:s text:c="2"/>b</text:p>`, `<manifest:manifest/>`)
	tests := []struct {
		name, marker string
		want         []string
	}{
		{"spans joined", "OVERTMAR KER", []string{"#text"}},
		{"lines", "Title\nOVERT", []string{"#text"}},
		{"spaces", "a  b", []string{"#text"}},
		{"macro part", "BASICMACRO", []string{"Basic/Standard/Module1.xml"}},
		{"near miss", marker, nil},
	}
	res := xtest.Run(Extractor{}, plain, content.Limits{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := res.Find(tt.marker); !slices.Equal(got, tt.want) {
				t.Errorf("%q in %q, want %q (text %q)", tt.marker, got, tt.want, res.Objects["#text"])
			}
		})
	}
	t.Run("encrypted content", func(t *testing.T) {
		man := `<manifest:manifest><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`
		res := xtest.Run(Extractor{}, odt(t, `<text:p>secret</text:p>`, man), content.Limits{})
		if !res.HasEvent(content.EventEncrypted, "encrypted") || res.Objects["content.xml"] != nil || res.Objects["#text"] != nil {
			t.Errorf("events %v names %q", res.Events, res.Names)
		}
	})
	t.Run("sniff", func(t *testing.T) {
		if Sniff(plain, "x") == nil || Sniff(build(t, "a", "b"), "x.zip") != nil {
			t.Error("sniff wrong")
		}
	})
}

func FuzzExtract(f *testing.F) {
	f.Add(odt(f, `<text:p>a<text:s text:c="3"/>b</text:p>`, `<manifest:manifest/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(t.Context(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}
