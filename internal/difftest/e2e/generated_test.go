package e2e

import (
	"go/token"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/difftest"
	"github.com/overt-sec/overt/yara/syntax"
)

// genSeed is the seed of the generated files: fixed, so a failure
// reproduces (go run ./internal/difftest/cmd/gen -seed 1 RULES DIR).
const genSeed = 1

// sampleStride keeps one in sampleStride of the generated files other than
// the PE-like ones (chosen by a hash of the file name) unless
// OVERT_E2E_FULL=1: every rule keeps its PE-like file, and the whole of
// yara-rules' files takes yara longer than CI allows.
var sampleStride = map[string]uint32{
	"reversinglabs": 1,
	"yara-rules":    4,
}

// TestGeneratedFiles generates files from every rule's own strings for
// each public rule set and requires `overt scan -s -L` to print what
// `yara -s -L` prints for them: the same (rule, file) pairs and the same
// (file, rule, offset, length, identifier, data) string matches.
func TestGeneratedFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("long differential test")
	}
	full := os.Getenv("OVERT_E2E_FULL") == "1"
	for _, set := range ruleSets {
		t.Run(set.name, func(t *testing.T) {
			rules := rulesPath(t, set)
			prog, errs := syntax.Load(token.NewFileSet(), rules, syntax.LoadOptions{})
			if errs.HasErrors() {
				t.Fatalf("load %s: %v", rules, errs.Err())
			}
			paths, err := difftest.GenerateRuleFiles(prog, t.TempDir(), genSeed)
			if err != nil {
				t.Fatal(err)
			}
			stride := sampleStride[set.name]
			if full || stride == 0 {
				stride = 1
			}
			sample := samplePaths(paths, stride)
			t.Logf("%d rules, %d files generated, %d scanned", len(prog.Rules()), len(paths), len(sample))
			list := writeList(t, sample)
			args := []string{"-s", "-L", "-w", "-p", threads, "--scan-list", rules, list}
			y := runYara(t, difftest.OutputFormat{}, args...)
			o := runOvert(t, difftest.OutputFormat{}, append([]string{"scan"}, args...)...)
			compare(t, set.name+" generated files", y, o)
		})
	}
}

// samplePaths keeps every PE-like file and one in stride of the others.
func samplePaths(paths []string, stride uint32) []string {
	var out []string
	for _, p := range paths {
		name := filepath.Base(p)
		if stride <= 1 || strings.HasSuffix(name, "."+difftest.VariantPE+".bin") {
			out = append(out, p)
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(name))
		if h.Sum32()%stride == 0 {
			out = append(out, p)
		}
	}
	return out
}
