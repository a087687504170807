package ac

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestStatsGolden pins the shape of automata built from fixed pattern sets
// under each layout: state counts, classes, accelerator choice and memory.
func TestStatsGolden(t *testing.T) {
	sets := []struct {
		name     string
		patterns [][]byte
	}{
		{"classic", bs("he", "she", "his", "hers")},
		{"one-start-byte", bs("MZ", "MZP", "M\x90")},
		{"binary", [][]byte{{0, 0, 0, 1}, {0xff, 0xfe}, {0x4d, 0x5a, 0x90, 0}, {0xe8, 0, 0, 0}}},
		{"bench-1000", benchPatterns(1000)},
	}
	var b strings.Builder
	for _, s := range sets {
		for _, l := range layouts {
			a, err := BuildWith(s.patterns, l.opts)
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(s.name + "/" + l.name + ": " + a.Stats().String() + "\n")
		}
	}
	path := filepath.Join("testdata", "stats.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("stats differ from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
