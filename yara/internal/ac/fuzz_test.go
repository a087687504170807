package ac

import (
	"slices"
	"testing"
)

// decodePatterns reads length-prefixed patterns: each starts with a byte
// whose low 4 bits+1 give its length (1..16), capped by what remains.
func decodePatterns(spec []byte) [][]byte {
	var ps [][]byte
	for len(spec) > 1 && len(ps) < 64 {
		n := min(int(spec[0]&15)+1, len(spec)-1)
		ps = append(ps, spec[1:1+n])
		spec = spec[1+n:]
	}
	return ps
}

// FuzzAutomaton checks every layout against brute force, and a scan split
// at an arbitrary point through ScanHits with a small buffer.
func FuzzAutomaton(f *testing.F) {
	f.Add([]byte("\x01he\x02she\x02his\x03hers"), []byte("ushers and his hers"), uint8(0), uint16(3))
	f.Add([]byte("\x00a\x01aa\x02aaa"), []byte("aaaaaaaaaa"), uint8(1), uint16(5))
	f.Add([]byte("\x00\x00\x01\xff\x00"), []byte("\xff\x00\x00\xff"), uint8(2), uint16(1))
	f.Add([]byte("\x03abcx\x02bcd"), []byte("abcdabcx"), uint8(3), uint16(4))
	f.Add([]byte("\x0fABCDEFGHIJKLMNOP\x00P"), []byte("xxABCDEFGHIJKLMNOPxx"), uint8(4), uint16(9))
	f.Fuzz(func(t *testing.T, spec, data []byte, layout uint8, cut uint16) {
		patterns := decodePatterns(spec)
		if len(data) > 4096 {
			data = data[:4096]
		}
		l := layouts[int(layout)%len(layouts)]
		a, err := BuildWith(patterns, l.opts)
		if err != nil {
			t.Fatal(err)
		}
		want := naive(patterns, data)
		if got := scanAll(a, data); !slices.Equal(got, want) {
			t.Fatalf("Scan (%s): %s", l.name, firstDiff(got, want))
		}
		c := int(cut) % (len(data) + 1)
		if got := scanBatched(a, data, 1+int(cut)%4, c); !slices.Equal(got, want) {
			t.Fatalf("ScanHits (%s) cut at %d: %s", l.name, c, firstDiff(got, want))
		}
	})
}
