package tlsh

import (
	"strings"
	"testing"
)

// FuzzHash digests arbitrary data: no panic, and a digest is always
// "T1" and 70 upper-case hexadecimal digits, equal to the streamed one.
func FuzzHash(f *testing.F) {
	for _, in := range genInputs(0) {
		f.Add(in.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Hash(data)
		if err != nil {
			return
		}
		if len(d) != 72 || !strings.HasPrefix(d, Version) || strings.Trim(d[2:], "0123456789ABCDEF") != "" {
			t.Fatalf("malformed digest %q", d)
		}
		var h Hasher
		h.Write(data[:len(data)/2])
		h.Write(data[len(data)/2:])
		if s, err := h.Sum(); err != nil || Version+s != d {
			t.Fatalf("streamed %q, %v; whole %q", s, err, d)
		}
	})
}
