package pe

import (
	"encoding/binary"
	"os"
	"testing"
)

// TestImportCount checks number_of_imports against the counts yara 4.2.3
// gives for clam-upack.exe and patched copies of it (descriptors at 0x1ee,
// 0x202 and 0x216; the third has a zero Name).
func TestImportCount(t *testing.T) {
	orig, err := os.ReadFile("/usr/share/clamav-testfiles/clam-upack.exe")
	if err != nil {
		t.Skipf("sample missing: %v", err)
	}
	for _, c := range []struct {
		name    string
		patches map[int]uint32 // file offset of a descriptor's Name -> value
		want    int
	}{
		{"original", nil, 2}, // unmappable Name 0x180001 counts
		{"second name zero", map[int]uint32{0x202 + 12: 0}, 1}, // a zero Name ends the table
		{"unmappable then valid", map[int]uint32{0x202 + 12: 0x7fffffff, 0x216 + 12: 3}, 66},
		{"invalid then valid", map[int]uint32{0x202 + 12: 0x252, 0x216 + 12: 3}, 65}, // a mapped invalid name is not counted
	} {
		t.Run(c.name, func(t *testing.T) {
			d := append([]byte(nil), orig...)
			for off, v := range c.patches {
				binary.LittleEndian.PutUint32(d[off:], v)
			}
			p := parse(d)
			if p == nil {
				t.Fatal("not parsed as PE")
			}
			if p.importCount != c.want {
				t.Errorf("number_of_imports = %d, want %d", p.importCount, c.want)
			}
		})
	}
}
