package pattern

import (
	"go/token"
	"path/filepath"
	"sort"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/syntax"
)

// loadDefs returns every string definition of a rule set.
func loadDefs(tb testing.TB, root string) []*syntax.StringDef {
	prog, errs := syntax.Load(token.NewFileSet(), root, syntax.LoadOptions{})
	if errs.HasErrors() {
		tb.Fatalf("load %s: %v", root, errs.Err())
	}
	var defs []*syntax.StringDef
	for _, r := range prog.Rules() {
		defs = append(defs, r.Strings...)
	}
	return defs
}

// TestSharedRules compiles every string of the public rule sets (all of
// them compile with yara 4.2.3) and reports how many are slow or full scan
// and the distribution of atom quality.
func TestSharedRules(t *testing.T) {
	for _, root := range testenv.RuleSets(t) {
		t.Run(filepath.Base(filepath.Dir(root)), func(t *testing.T) {
			defs := loadDefs(t, root)
			if len(defs) == 0 {
				t.Fatal("no strings")
			}
			kinds := map[Kind]int{}
			slow, full, atoms := 0, 0, 0
			hist := map[int]int{} // quality rounded down to a multiple of 20
			for _, d := range defs {
				p, err := Compile(d)
				if err != nil {
					t.Errorf("%s: %v", d.Name, err)
					continue
				}
				kinds[p.Kind()]++
				atoms += len(p.Atoms())
				if p.FullScan() {
					full++
				}
				if p.Slow() {
					slow++
				}
				hist[min(p.Quality(), 100)/20*20]++
				for _, a := range p.Atoms() {
					if len(a.Bytes) == 0 || len(a.Bytes) > MaxAtomLen {
						t.Errorf("%s: bad atom %q", d.Name, a.Bytes)
					}
				}
			}
			var qs []int
			for q := range hist {
				qs = append(qs, q)
			}
			sort.Ints(qs)
			t.Logf("%d strings (text %d, base64 %d, hex %d, regex %d), %d atoms, %d slow, %d full scan",
				len(defs), kinds[KindText], kinds[KindBase64], kinds[KindHex], kinds[KindRegex], atoms, slow, full)
			for _, q := range qs {
				t.Logf("  quality %3d-%3d: %d", q, q+19, hist[q])
			}
		})
	}
}
