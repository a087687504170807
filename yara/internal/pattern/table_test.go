package pattern

import (
	"testing"

	"github.com/overt-sec/overt/yara/internal/matchcases"
)

// refmatchCases is the engine-independent table of the reference matcher:
// each case records what yara reports (or, where stated, what YARA 4.5 does).
const refmatchCases = "../refmatch/testdata/cases.jsonl"

// TestRefmatchTable runs every case of refmatch's table through the
// pattern with a naive atom search, and compares with the table and with
// refmatch itself.
func TestRefmatchTable(t *testing.T) {
	cases := matchcases.Load(t, refmatchCases)
	if len(cases) < 50 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			def := mustParse(t, c.String)
			data := c.Bytes(t)
			want, oerr := oracle(def, data)
			p, err := Compile(def)
			if (err != nil) != (oerr != nil) {
				t.Fatalf("Compile error %v, refmatch error %v", err, oerr)
			}
			if err != nil {
				return
			}
			got := naiveFind(p, data)
			if g, w := sprint(pairs(got)), sprint(c.Expected()); g != w {
				t.Errorf("%s on %q:\n got %s\nwant %s (table)", c.String, c.Data, g, w)
			}
			if g, w := sprint(triples(got)), sprint(want); g != w {
				t.Errorf("%s on %q:\n got %s\nwant %s (refmatch)", c.String, c.Data, g, w)
			}
		})
	}
}
