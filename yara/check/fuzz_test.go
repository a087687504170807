package check

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
)

// FuzzCheck parses and checks arbitrary input: the checker must not panic
// or hang on any tree the parser builds, including trees with errors.
func FuzzCheck(f *testing.F) {
	for _, tc := range diffCases {
		f.Add(tc.src)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "errors", "*.yar"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b))
		}
	}
	ext := map[string]any{"ext_int": int64(1), "ext_str": "abc", "ext_bool": true, "ext_float": 1.5}
	f.Fuzz(func(t *testing.T, src string) {
		fset := token.NewFileSet()
		noIncludes := syntax.LoadOptions{DisableIncludes: true}
		prog, _ := syntax.LoadSource(fset, "fuzz.yar", []byte(src), noIncludes)
		info, diags := Check(fset, prog, &Config{Externals: ext})
		if info == nil {
			t.Fatal("nil Info")
		}
		for _, d := range diags {
			if d.Message == "" || d.Code == "" {
				t.Fatalf("diagnostic without message or code: %+v", d)
			}
		}
	})
}
