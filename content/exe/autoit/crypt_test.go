package autoit

import (
	"bytes"
	"encoding/hex"
	"io"
	"strings"
	"testing"
)

// TestMT checks MT19937 against the reference outputs of its standard
// seeding (Matsumoto and Nishimura's mt19937ar: seed 5489 is the default).
func TestMT(t *testing.T) {
	for _, tc := range []struct {
		seed uint32
		at   int // output index (0-based)
		want uint32
	}{
		{5489, 0, 3499211612},
		{5489, 1, 581869302},
		{5489, 9999, 4123659995}, // C++11's mt19937 10000th output, after 16 twists
		{1, 0, 1791095845},
	} {
		t.Run("", func(t *testing.T) {
			m := newMT(tc.seed)
			var got uint32
			for range tc.at + 1 {
				got = m.uint32()
			}
			if got != tc.want {
				t.Errorf("seed %d output %d = %d, want %d", tc.seed, tc.at, got, tc.want)
			}
		})
	}
}

// TestKeystreams decrypts the first record tag and name of ClamAV's two
// samples (ciphertext copied here as hex) with each generator.
func TestKeystreams(t *testing.T) {
	for _, tc := range []struct {
		name string
		ks   keystream
		ct   string
		want string
	}{
		{"ea05-tag", newMT(0x16fa), "ff6db0ce", "FILE"},
		{"ea06-tag", newLame(0x18ee), "6b43ca52", "FILE"},
		{"ea06-name", newLame(0xb33f + 19), "e6fb2578c8e213f97d1deddd7100b0552dac9ad52815d4f0cf25e4cf118e56c2ce3f70efb968", utf16le(">>>AUTOIT SCRIPT<<<")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := hex.DecodeString(tc.ct)
			if err != nil {
				t.Fatal(err)
			}
			decrypt(p, tc.ks)
			if string(p) != tc.want {
				t.Errorf("got %q, want %q", p, tc.want)
			}
		})
	}
}

// TestLZRoundTrip decodes what the test encoder makes, for both flag
// polarities, through reads of every size.
func TestLZRoundTrip(t *testing.T) {
	inputs := map[string][]byte{
		"empty":    nil,
		"one":      []byte("x"),
		"literals": []byte("the quick brown fox"),
		"repeats":  []byte(strings.Repeat("ab", 1000) + strings.Repeat("\x00", 70000) + "end"),
		"far":      append(append([]byte("0123456789abcdef"), make([]byte, lzWindow-20)...), "0123456789abcdef"...),
	}
	for _, magic := range []string{"EA05", "EA06"} {
		for name, in := range inputs {
			t.Run(magic+"-"+name, func(t *testing.T) {
				z, size, err := newLZ(bytes.NewReader(lzEncode(magic, in)))
				if err != nil {
					t.Fatal(err)
				}
				if size != int64(len(in)) {
					t.Errorf("size %d, want %d", size, len(in))
				}
				got, err := io.ReadAll(io.LimitReader(z, 1<<20))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, in) {
					t.Errorf("got %d bytes, want %d (equal prefix %d)", len(got), len(in), commonPrefix(got, in))
				}
			})
		}
	}
}

func commonPrefix(a, b []byte) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// TestLZHostile checks a huge announced size costs nothing until read and
// that a stream ending early is an error, not a hang.
func TestLZHostile(t *testing.T) {
	z, size, err := newLZ(strings.NewReader("EA06\xff\xff\xff\xff\xc0\x00"))
	if err != nil || size != 1<<32-1 {
		t.Fatalf("size %d, err %v", size, err)
	}
	got, err := io.ReadAll(z)
	if err == nil || len(got) != 1 {
		t.Errorf("got %d bytes, err %v; want 1 byte and an error", len(got), err)
	}
}
