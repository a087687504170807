package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/internal/difftest"
)

// corpusDir returns the corpus of real files built by scripts/corpus.sh,
// skipping the test when there is none.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("OVERT_CORPUS")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			t.Skipf("no corpus: OVERT_CORPUS is unset and there is no home directory: %v", err)
		}
		dir = filepath.Join(home, ".cache", "overt", "corpus-50")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Skipf("no corpus at %s (build it with scripts/corpus.sh): %v", dir, err)
	}
	return dir
}

// TestCorpus scans the corpus with each public rule set and requires
// `overt scan -r` to report the (rule, file) pairs `yara -r` reports; with
// -s for reversinglabs (whose string matches are few), without for
// yara-rules (a few rules with one-byte-class strings match everywhere).
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("long differential test")
	}
	withStrings := map[string]bool{"reversinglabs": true}
	for _, set := range ruleSets {
		t.Run(set.name, func(t *testing.T) {
			rules := rulesPath(t, set)
			dir := corpusDir(t)
			args := []string{"-w", "-r", "-p", threads}
			if withStrings[set.name] {
				args = append(args, "-s")
			}
			args = append(args, rules, dir)
			y := runYara(t, difftest.OutputFormat{}, args...)
			o := runOvert(t, difftest.OutputFormat{}, append([]string{"scan"}, args...)...)
			compare(t, set.name+" corpus "+dir, y, o)
		})
	}
}
