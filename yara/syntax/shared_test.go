package syntax

import (
	"go/token"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// sharedDir returns ../shared relative to the repository root, or skips.
func sharedDir(tb testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	repoRoot := filepath.Join(filepath.Dir(file), "..", "..")
	dir := filepath.Join(repoRoot, "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared material not found at %s", dir)
	}
	return dir
}

func TestSharedRulesParse(t *testing.T) {
	dir := sharedDir(t)
	roots, _ := filepath.Glob(filepath.Join(dir, "rules", "*", "index-compiled.yar"))
	if len(roots) == 0 {
		t.Skip("no rule sets under shared/rules")
	}
	for _, root := range roots {
		t.Run(filepath.Base(filepath.Dir(root)), func(t *testing.T) {
			fset := token.NewFileSet()
			prog, errs := Load(fset, root, LoadOptions{})
			for i, e := range errs {
				if i == 20 {
					t.Errorf("... %d more", len(errs)-20)
					break
				}
				t.Errorf("%v [%s]", e, e.Code)
			}
			for _, f := range prog.Files {
				if err := Dump(io.Discard, f); err != nil {
					t.Errorf("dump %s: %v", f.Name, err)
				}
			}
			if len(prog.Rules()) == 0 {
				t.Errorf("no rules loaded from %s", root)
			}
			t.Logf("%d files, %d rules", len(prog.Files), len(prog.Rules()))
		})
	}
}
