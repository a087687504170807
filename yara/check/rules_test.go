package check

import (
	"go/token"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/syntax"
)

// TestSharedRules checks every public rule set: each must load and check
// with zero errors. Neither set needs external variables.
func TestSharedRules(t *testing.T) {
	for _, root := range testenv.RuleSets(t) {
		t.Run(filepath.Base(filepath.Dir(root)), func(t *testing.T) {
			fset := token.NewFileSet()
			prog, perrs := syntax.Load(fset, root, syntax.LoadOptions{})
			for _, d := range perrs.Errors() {
				t.Errorf("parse: %s", d)
			}
			info, cerrs := Check(fset, prog, nil)
			for _, d := range cerrs.Errors() {
				t.Errorf("check: %s [%s]", d, d.Code)
			}
			t.Logf("%d files, %d rules, %d warnings", len(prog.Files), len(info.Rules), len(cerrs.Warnings()))
		})
	}
}
