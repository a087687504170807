package yara

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestReleasePages checks that a mapped file whose pages are released
// behind the scan (release.go) gives the same result as the same bytes
// scanned from memory: matches on both sides of release boundaries,
// backward verification across released pages, a full pass per
// full-scan string, and conditions reading released pages.
func TestReleasePages(t *testing.T) {
	const size = 3*releaseStep + 12345
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i*7 + i>>12)
	}
	put := func(off int, s string) { copy(data[off:], s) }
	marks := []int{0, releaseStep - releaseLag - 3, releaseStep - 1, releaseStep + 5, 2*releaseStep - releaseLag, size - 10}
	for _, off := range marks {
		put(off, "MARK")
	}
	// A hex string whose atom is far after its start: verified backward
	// over pages released by then.
	put(100, "\xAA\xBB")
	put(100+releaseStep+releaseLag+4096, "needle-tail")
	put(2*releaseStep+77, "0042-0042")
	rules := compile(t, nil, src{"default", `
rule marks { strings: $m = "MARK" condition: #m == 6 }
rule far { strings: $h = { AA BB [0-9000000] 6E 65 65 64 6C 65 2D 74 61 69 6C } condition: $h }
rule full { strings: $r = /[0-9]{4}-00[0-9]2/ condition: $r }
rule reads { condition: uint32be(0) == 0x4D41524B and uint32be(` + strconv.Itoa(releaseStep+5) + `) == 0x4D41524B }
`})
	path := filepath.Join(t.TempDir(), "big.bin")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var released int
	releaseFn = func(b []byte) {
		released += len(b)
		releasePages(b)
	}
	defer func() { releaseFn = releasePages }()
	for _, opts := range []ScanOptions{{}, {NoMatchDetails: true}} {
		want, err := rules.NewScanner(opts).ScanBytes(context.Background(), data)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(want.Matching); len(got) != 4 {
			t.Fatalf("in memory: matching %v, want all four rules", got)
		}
		s := rules.NewScanner(opts)
		for i := 0; i < 2; i++ { // the scanner is reused
			got, err := s.ScanFile(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Matching, want.Matching) {
				t.Errorf("NoMatchDetails=%v, scan %d: mapped %v, in memory %v", opts.NoMatchDetails, i, got.Matching, want.Matching)
			}
			if s.mapped != nil {
				t.Error("the scanner keeps the mapping after the scan")
			}
			if released < size {
				t.Errorf("%d bytes released, want at least the file's %d", released, size)
			}
			released = 0
		}
	}
}

// TestKeepMatches checks that match buffers grown by an object with many
// matches are not kept for the next object, and that smaller ones are.
func TestKeepMatches(t *testing.T) {
	rules := compile(t, nil, src{"default", `rule r { strings: $a = "ab" condition: #a > 0 }`})
	s := rules.NewScanner(ScanOptions{})
	for _, tc := range []struct {
		name    string
		matches int
		kept    bool
	}{
		{"few matches", 100, true},
		{"many matches", 2 * keepMatches, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(strings.Repeat("ab", tc.matches))
			res, err := s.ScanBytes(context.Background(), data)
			if err != nil || len(res.Matching) != 1 || len(res.Matching[0].Strings) != tc.matches {
				t.Fatalf("scan: %v, %+v", err, res)
			}
			if _, err := s.ScanBytes(context.Background(), []byte("zz")); err != nil {
				t.Fatal(err)
			}
			if kept := cap(s.raw[0]) > 0 && cap(s.cm[0]) > 0; kept != tc.kept {
				t.Errorf("buffers of %d matches kept: %v (capacities %d, %d), want %v", tc.matches, kept, cap(s.raw[0]), cap(s.cm[0]), tc.kept)
			}
		})
	}
}
