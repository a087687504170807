package modules

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/types"
)

var update = flag.Bool("update", false, "rewrite testdata/*.schema golden files")

// TestSchemaGolden dumps each module's schema (types.Dump) and compares it
// with testdata/<module>.schema; run with -update to regenerate.
func TestSchemaGolden(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			schema, ok := Lookup(name)
			if !ok {
				t.Fatalf("Lookup(%q) failed for a name from Names()", name)
			}
			got := strings.Join(types.Dump(schema), "\n") + "\n"
			path := filepath.Join("testdata", name+".schema")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("reading golden file (run go test -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("schema of %s differs from %s (run go test -update and review the diff):\n%s",
					name, path, lineDiff(string(want), got))
			}
		})
	}
}

// lineDiff lists lines only in want (-) or only in got (+).
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
