package exe

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// minimalPE builds an i386 PE with one section (.text at RVA 0x1000, raw
// data at 0x200) and the entry point at 0x1010.
func minimalPE() []byte {
	le := binary.LittleEndian
	b := make([]byte, 0x400)
	copy(b, "MZ")
	le.PutUint32(b[0x3c:], 0x40)
	copy(b[0x40:], "PE\x00\x00")
	le.PutUint16(b[0x44:], 0x14c)
	le.PutUint16(b[0x46:], 1)
	le.PutUint16(b[0x54:], 0xe0)
	le.PutUint16(b[0x56:], 0x2102)
	o := b[0x58:]
	le.PutUint16(o, 0x10b)
	le.PutUint32(o[16:], 0x1010)
	le.PutUint32(o[28:], 0x10000000)
	le.PutUint32(o[32:], 0x1000)
	le.PutUint32(o[36:], 0x200)
	le.PutUint32(o[56:], 0x2000)
	le.PutUint32(o[60:], 0x200)
	le.PutUint32(o[92:], 16)
	s := b[0x58+0xe0:]
	copy(s, ".text")
	le.PutUint32(s[8:], 0x1000)
	le.PutUint32(s[12:], 0x1000)
	le.PutUint32(s[16:], 0x200)
	le.PutUint32(s[20:], 0x200)
	return b
}

func TestParse(t *testing.T) {
	good := minimalPE()
	tests := []struct {
		name    string
		data    []byte
		wantErr error
	}{
		{"minimal", good, nil},
		{"not MZ", append([]byte("ZM"), good[2:]...), ErrNotPE},
		{"truncated header", good[:0x50], ErrNotPE},
		{"short", good[:0x20], ErrNotPE},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(bytes.NewReader(tc.data), int64(len(tc.data)))
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
		p, err := Parse(bytes.NewReader(data), int64(len(data)))
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
