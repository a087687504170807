package check

import (
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/diag"
	"github.com/overt-sec/overt/yara/syntax"
)

// testExternals are the externals of the differential and table tests,
// defined for yarac with the same -d arguments.
var testExternals = []string{"ext_int=1", "ext_str=abc", "ext_bool=true", "ext_float=1.5"}

// externalsOf parses -d style definitions into a map.
func externalsOf(t testing.TB, defs ...string) map[string]any {
	m := make(map[string]any)
	for _, d := range defs {
		n, v, err := ParseExternal(d)
		if err != nil {
			t.Fatalf("ParseExternal(%q): %v", d, err)
		}
		m[n] = v
	}
	return m
}

// checkSource loads src as a root file named name, checks it, and returns
// the parser's and the checker's diagnostics.
func checkSource(name string, src []byte, ext map[string]any) (*Info, diag.List, diag.List) {
	fset := token.NewFileSet()
	prog, perrs := syntax.LoadSource(fset, name, src, syntax.LoadOptions{})
	info, cerrs := Check(fset, prog, &Config{Externals: ext})
	return info, perrs, cerrs
}

// yaracAccepts compiles src with yarac and reports whether it succeeded,
// with yarac's output. It skips the test (fails it under CI) when yarac is not installed.
func yaracAccepts(t *testing.T, dir, src string, defs []string) (bool, string) {
	t.Helper()
	yarac := testenv.Yarac(t)
	f := filepath.Join(dir, "rule.yar")
	if err := writeFile(f, src); err != nil {
		t.Fatal(err)
	}
	args := []string{}
	for _, d := range defs {
		args = append(args, "-d", d)
	}
	args = append(args, f, filepath.Join(dir, "out.yarc"))
	out, err := exec.Command(yarac, args...).CombinedOutput()
	return err == nil, string(out)
}

func writeFile(name, s string) error { return os.WriteFile(name, []byte(s), 0o644) }
