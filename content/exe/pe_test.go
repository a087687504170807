package exe_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/overt-sec/overt/content/exe"
	"github.com/overt-sec/overt/content/exe/internal/petest"
)

// minimalPE builds an i386 DLL with one section (.text at RVA 0x1000, raw
// data at 0x200) and the entry point at 0x1010.
func minimalPE() []byte {
	return petest.Image{
		Entry: 0x1010, Base: 0x10000000, Characteristics: 0x2102,
		Sections: []petest.Section{{Name: ".text", VA: 0x1000, Data: make([]byte, 0x200)}},
	}.Bytes()
}

func TestParse(t *testing.T) {
	good := minimalPE()
	tests := []struct {
		name    string
		data    []byte
		wantErr error
	}{
		{"minimal", good, nil},
		{"not MZ", append([]byte("ZM"), good[2:]...), exe.ErrNotPE},
		{"truncated header", good[:0x50], exe.ErrNotPE},
		{"short", good[:0x20], exe.ErrNotPE},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := exe.Parse(bytes.NewReader(tc.data), int64(len(tc.data)))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.Machine != 0x14c || f.ImageBase != 0x10000000 || f.EntryRVA != 0x1010 || f.Characteristics != 0x2102 {
				t.Errorf("header fields %+v", f)
			}
			if len(f.Sections) != 1 || f.Sections[0].Name != ".text" || f.EntrySection() != 0 {
				t.Errorf("sections %+v, entry section %d", f.Sections, f.EntrySection())
			}
			if off, ok := f.RVAToOffset(0x1010); !ok || off != 0x210 {
				t.Errorf("RVAToOffset(0x1010) = %#x, %v", off, ok)
			}
			if f.Overlay != 0x400 {
				t.Errorf("overlay %#x, want 0x400", f.Overlay)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(minimalPE())
	f.Add(minimalPE()[:0x100])
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := exe.Parse(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		p.EntrySection()
		p.RVAToOffset(p.EntryRVA)
		if p.Overlay > p.Size {
			t.Fatalf("overlay %d beyond size %d", p.Overlay, p.Size)
		}
	})
}
