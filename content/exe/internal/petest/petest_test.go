package petest

import (
	"bytes"
	"testing"

	"github.com/overt-sec/overt/content/exe"
)

func TestBytesParse(t *testing.T) {
	tests := []struct {
		name     string
		im       Image
		wantBase uint64
		overlay  int64
	}{
		{"overlay", Image{Entry: 0x1000, Sections: []Section{{Name: ".text", VA: 0x1000, VSize: 0x200, Data: make([]byte, 0x200)}}, Overlay: []byte("tail")}, 0x400000, 0x400},
		{"dll", Image{Entry: 0x1010, Base: 0x10000000, Characteristics: 0x2102, Sections: []Section{{Name: ".text", VA: 0x1000, Data: []byte{1}}}}, 0x10000000, 0x400},
		{"two sections", Image{Entry: 0x2000, Sections: []Section{{Name: ".text", VA: 0x1000, Data: make([]byte, 0x201)}, {Name: ".stub", VA: 0x2000, Data: []byte{0xc3}}}}, 0x400000, 0x800},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.im.Bytes()
			f, err := exe.Parse(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if f.EntryRVA != tt.im.Entry || f.ImageBase != tt.wantBase || f.Characteristics != tt.im.Characteristics {
				t.Errorf("entry %#x, base %#x, characteristics %#x", f.EntryRVA, f.ImageBase, f.Characteristics)
			}
			if len(f.Sections) != len(tt.im.Sections) || f.Overlay != tt.overlay {
				t.Errorf("%d sections, overlay at %#x; want %d, %#x", len(f.Sections), f.Overlay, len(tt.im.Sections), tt.overlay)
			}
			if !bytes.Equal(data[f.Overlay:], tt.im.Overlay) {
				t.Errorf("overlay %q, want %q", data[f.Overlay:], tt.im.Overlay)
			}
		})
	}
}
