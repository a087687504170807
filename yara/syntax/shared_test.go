package syntax

import (
	"go/token"
	"io"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

func TestSharedRulesParse(t *testing.T) {
	for _, root := range testenv.RuleSets(t) {
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
