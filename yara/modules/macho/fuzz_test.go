package macho_test

import (
	"context"
	"testing"

	"github.com/overt-sec/overt/yara/modules/macho"
	"github.com/overt-sec/overt/yara/modules/object"
)

// FuzzMachO checks that the module loads any input without panicking and
// that what it exposes is bounded by the data.
func FuzzMachO(f *testing.F) {
	for _, g := range goldenSamples() {
		f.Add(g.data)
		for _, m := range mutations(g.data) {
			f.Add(m.Data)
		}
		f.Add(g.data[:len(g.data)/2])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := macho.Module.Load(&object.LoadInput{Ctx: context.Background(), Data: data})
		if err != nil || root == nil {
			t.Fatalf("Load: %v, %v", root, err)
		}
		callAll(root, data)
		p := macho.Parse(data)
		if p == nil {
			return
		}
		if len(p.Arch) > 64 || len(p.Arch)*20 > len(data) {
			t.Fatalf("%d architectures from %d bytes", len(p.Arch), len(data))
		}
		images := p.Images
		if p.Thin != nil {
			images = append(images, p.Thin)
		}
		for _, im := range images {
			if im != nil && len(im.Segments)*56 > len(data) {
				t.Fatalf("%d segments from %d bytes", len(im.Segments), len(data))
			}
		}
	})
}

func TestNotMachO(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"magic-only", []byte("\xfe\xed\xfa\xce")},
		{"short-header", []byte("\xcf\xfa\xed\xfe\x07\x00\x00\x01")},
		{"elf", append([]byte("\x7fELF"), make([]byte, 64)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if p := macho.Parse(tc.data); p != nil {
				t.Fatalf("Parse = %+v, want nil", p)
			}
			root, err := macho.Module.Load(&object.LoadInput{Data: tc.data})
			if err != nil {
				t.Fatal(err)
			}
			if lines := dump(macho.Schema, root); len(lines) != 0 {
				t.Fatalf("fields defined for a non-Mach-O: %v", lines)
			}
		})
	}
}
