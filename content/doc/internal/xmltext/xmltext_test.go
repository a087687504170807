package xmltext

import (
	"bytes"
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	docx := &Config{Text: map[string]bool{"t": true}, Para: map[string]bool{"p": true}, Tab: map[string]bool{"tab": true}, Break: map[string]bool{"br": true}}
	odf := &Config{Para: map[string]bool{"p": true, "h": true}, Space: map[string]bool{"s": true}, Skip: map[string]bool{"annotation": true}}
	tests := []struct {
		name string
		cfg  *Config
		in   string
		want string
	}{
		{"runs joined", docx, `<w:p><w:r><w:t>MAR</w:t></w:r><w:r><w:t>KER</w:t></w:r></w:p>`, "MARKER\n"},
		{"entities once", docx, `<w:p><w:t>a &amp;lt; b &#65;&#x42;</w:t></w:p>`, "a &lt; b AB\n"},
		{"tab and break", docx, `<w:p><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:p>`, "a\tb\nc\n"},
		{"non-text ignored", docx, `<w:p><w:instr>x</w:instr><w:t>y</w:t></w:p>`, "y\n"},
		{"odf spaces", odf, `<text:p>a<text:s text:c="3"/>b<text:span>c</text:span></text:p>`, "a   bc\n"},
		{"odf skip", odf, `<text:p>a<office:annotation>zz</office:annotation>b</text:p>`, "ab\n"},
		{"huge space count capped", odf, `<text:p><text:s text:c="99999999999"/></text:p>`, strings.Repeat(" ", MaxSpaces) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Extract(&b, strings.NewReader(tt.in), tt.cfg, 1<<20); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got %q, want %q", b.String(), tt.want)
			}
		})
	}
	t.Run("bounded", func(t *testing.T) {
		var b bytes.Buffer
		err := Extract(&b, strings.NewReader("<p>"+strings.Repeat("x", 100)+"</p>"), odf, 10)
		if err != ErrTooLong || b.Len() != 10 {
			t.Fatalf("err %v len %d", err, b.Len())
		}
	})
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte(`<w:p><w:r><w:t>MAR</w:t></w:r><w:r><w:t>KER</w:t></w:r></w:p>`))
	f.Add([]byte(`<text:p>a<text:s text:c="3"/>b</text:p>`))
	cfg := &Config{Text: map[string]bool{"t": true}, Para: map[string]bool{"p": true}, Space: map[string]bool{"s": true}}
	f.Fuzz(func(t *testing.T, data []byte) {
		var b bytes.Buffer
		_ = Extract(&b, bytes.NewReader(data), cfg, 1<<16)
		if b.Len() > 1<<16 {
			t.Fatalf("text %d bytes over bound", b.Len())
		}
	})
}
