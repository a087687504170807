package check

import (
	"go/token"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/syntax"
)

// BenchmarkLoadCheck measures the whole front end — reading, parsing,
// following includes and checking — on each public rule set, the work
// `overt rules check` does. bench/frontend.sh compares it with yarac.
func BenchmarkLoadCheck(b *testing.B) {
	for _, set := range []string{"yara-rules", "reversinglabs"} {
		b.Run(set, func(b *testing.B) {
			root := testenv.SharedPath(b, "rules", set, "index-compiled.yar")
			b.ReportAllocs()
			for b.Loop() {
				fset := token.NewFileSet()
				prog, diags := syntax.Load(fset, root, syntax.LoadOptions{})
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				if _, diags := Check(fset, prog, &Config{}); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}
