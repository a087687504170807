package check

import (
	"bytes"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
	"github.com/overt-sec/overt/yara/diag"
	"github.com/overt-sec/overt/yara/syntax"
)

// expectation is an `// ERROR [code] "substring"` or `// WARNING ...`
// annotation of a test file.
type expectation struct {
	file    string
	line    int
	sev     diag.Severity
	code    diag.Code
	substr  string
	matched bool
}

var annotationRE = regexp.MustCompile(`//\s*(ERROR|WARNING)\s+(?:([A-Z]\d{3})\s+)?("(?:[^"\\]|\\.)*")`)

// annotations reads the expectations of one file.
func annotations(t *testing.T, name string) []*expectation {
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []*expectation
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range annotationRE.FindAllStringSubmatch(line, -1) {
			s, err := strconv.Unquote(m[3])
			if err != nil {
				t.Fatalf("%s:%d: bad annotation %s: %v", name, i+1, m[0], err)
			}
			sev := diag.Error
			if m[1] == "WARNING" {
				sev = diag.Warning
			}
			out = append(out, &expectation{file: name, line: i + 1, sev: sev, code: diag.Code(m[2]), substr: s})
		}
	}
	return out
}

// TestErrors checks every testdata/errors/*.yar file: each diagnostic of
// the parser and the checker must be announced by an annotation on its
// line, and each annotation must be met. The rendered diagnostics are
// compared with the .golden file next to the source (go test -update
// rewrites them).
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "errors", "*.yar"))
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	ext := externalsOf(t, testExternals...)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yar")
		t.Run(name, func(t *testing.T) {
			fset := token.NewFileSet()
			prog, perrs := syntax.Load(fset, file, syntax.LoadOptions{})
			_, cerrs := Check(fset, prog, &Config{Externals: ext})
			all := append(append(diag.List{}, perrs...), cerrs...)
			all.Sort()

			var exps []*expectation
			seen := map[string]bool{}
			for _, f := range append([]*syntax.File{{Name: file}}, prog.Files...) {
				if !seen[f.Name] {
					seen[f.Name] = true
					exps = append(exps, annotations(t, f.Name)...)
				}
			}
			if len(exps) == 0 {
				t.Fatalf("%s has no annotation", file)
			}
			for _, d := range all {
				if !matchExpectation(exps, d) {
					t.Errorf("unexpected %s [%s]", d, d.Code)
				}
			}
			for _, e := range exps {
				if !e.matched {
					t.Errorf("%s:%d: missing %s %s %q", e.file, e.line, e.sev, e.code, e.substr)
				}
			}

			var buf bytes.Buffer
			if err := diag.RenderAll(&buf, all, readSource); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, strings.TrimSuffix(file, ".yar")+".golden", buf.Bytes())
		})
	}
}

// matchExpectation marks and reports the first annotation d satisfies.
func matchExpectation(exps []*expectation, d *diag.Diagnostic) bool {
	for _, e := range exps {
		if filepath.Clean(e.file) == filepath.Clean(d.Pos.Filename) && e.line == d.Pos.Line &&
			e.sev == d.Severity && (e.code == "" || e.code == d.Code) && strings.Contains(d.Message, e.substr) {
			e.matched = true
			return true
		}
	}
	return false
}

// readSource is the diag.SourceFunc of the golden tests.
func readSource(name string) []byte {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	return b
}
