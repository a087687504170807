package gen

import (
	"go/token"
	"math/rand/v2"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
)

// FuzzGenerate parses arbitrary rule text and instantiates every string it
// defines: generation must not panic and must respect MaxInstanceLen.
func FuzzGenerate(f *testing.F) {
	for _, s := range []string{
		`"abc"`, `"abc" wide ascii nocase fullword`, `"abc" xor(1-200)`, `"abc" base64 base64wide`,
		`"abc" base64("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu")`,
		`{ 4D 5A [2-] ( 01 | 02 [1-3] 03 ) ~?4 }`, `{ ?? [-] ?? }`,
		`/^a\b[^a-z]{1,3}(x|y)*?\B$/is`, `/a{0}/`, `/(((a{1000}){1000}){1000})/`, `/\w+\s\d\W\S\D./ wide`,
	} {
		f.Add("rule r { strings: $x = "+s+" condition: $x }", uint64(1))
	}
	f.Fuzz(func(t *testing.T, src string, seed uint64) {
		fset := token.NewFileSet()
		file, errs := syntax.ParseFile(fset, "f.yar", []byte(src), 0)
		if errs.HasErrors() {
			return
		}
		for _, d := range file.Decls {
			r, ok := d.(*syntax.Rule)
			if !ok {
				continue
			}
			for _, s := range r.Strings {
				for _, miss := range []bool{false, true} {
					inst, err := generate(s, rand.New(rand.NewPCG(seed, 0)), miss)
					if err == nil && len(inst.Data) > MaxInstanceLen {
						t.Fatalf("instance of %d bytes", len(inst.Data))
					}
				}
			}
		}
	})
}
