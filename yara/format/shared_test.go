package format

import (
	"bytes"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/syntax"
)

// TestSharedRules formats every file reachable through the include
// statements of the shared rule sets' index files and checks that the
// result keeps the tree and the comments and is a fixed point. When yara
// is installed, it also compiles the formatted copy of each set with yara
// and checks that it matches the same rules as the original on a few files.
func TestSharedRules(t *testing.T) {
	for _, root := range testenv.RuleSets(t) {
		t.Run(filepath.Base(filepath.Dir(root)), func(t *testing.T) {
			sources := map[string][]byte{}
			read := func(path string) ([]byte, error) {
				b, err := os.ReadFile(path)
				if err == nil {
					sources[path] = b
				}
				return b, err
			}
			fset := token.NewFileSet()
			prog, diags := syntax.Load(fset, root, syntax.LoadOptions{ReadFile: read})
			if diags.HasErrors() {
				t.Fatalf("loading %s: %v", root, diags.Errors())
			}
			if len(prog.Files) < 2 {
				t.Fatalf("%s: only %d files loaded", root, len(prog.Files))
			}
			dir := filepath.Dir(root)
			mirror := t.TempDir()
			seen := map[string]bool{}
			for _, f := range prog.Files {
				if seen[f.Name] {
					continue
				}
				seen[f.Name] = true
				src, ok := sources[f.Name]
				if !ok {
					var err error
					if src, err = os.ReadFile(f.Name); err != nil {
						t.Fatal(err)
					}
				}
				out := checkFormat(t, f.Name, src)
				rel, err := filepath.Rel(dir, f.Name)
				if err != nil || strings.HasPrefix(rel, "..") {
					t.Fatalf("%s is outside %s", f.Name, dir)
				}
				dst := filepath.Join(mirror, rel)
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(dst, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Logf("%d files formatted", len(seen))
			compareWithYara(t, root, filepath.Join(mirror, filepath.Base(root)))
		})
	}
}

// compareWithYara runs yara with the original and the formatted rules on a
// few target files and requires the same output. Without yara it skips
// the test (fails it under CI) after the checks made so far.
func compareWithYara(t *testing.T, orig, formatted string) {
	yara := testenv.Yara(t)
	targets := []string{orig, "/bin/sh", "/usr/bin/yara"}
	for _, target := range targets {
		if _, err := os.Stat(target); err != nil {
			continue
		}
		want := runYara(t, yara, orig, target)
		got := runYara(t, yara, formatted, target)
		if want == "" {
			t.Logf("yara on %s: no match (weak check)", target)
		}
		if want != got {
			t.Errorf("yara on %s: original rules report\n%s\nformatted rules report\n%s", target, want, got)
		}
	}
}

// runYara scans target with the rule file using the yara binary and
// returns yara's report.
func runYara(t *testing.T, yara, rules, target string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(yara, "-w", "-s", rules, target)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("yara %s %s: %v\n%s", rules, target, err, stderr.String())
	}
	return stdout.String()
}
