package refmatch

import (
	"fmt"
	"go/token"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/internal/matchcases"
	"github.com/overt-sec/overt/yara/syntax"
)

// casesFile is the table of cases (see package matchcases); go test
// -update reruns yara and rewrites its yara fields.
const casesFile = "testdata/cases.jsonl"

// parseDef parses rule text and returns the definition of $a.
func parseDef(t testing.TB, rule string) *syntax.StringDef {
	t.Helper()
	f, errs := syntax.ParseFile(token.NewFileSet(), "case.yar", []byte(rule), 0)
	if errs.HasErrors() {
		t.Fatalf("parse %q: %v", rule, errs)
	}
	for _, d := range f.Decls {
		if r, ok := d.(*syntax.Rule); ok && len(r.Strings) > 0 {
			return r.Strings[0]
		}
	}
	t.Fatalf("parse %q: no rule with strings", rule)
	return nil
}

func pairs(ms []Match) [][2]int {
	out := [][2]int{}
	for _, m := range ms {
		out = append(out, [2]int{m.Offset, m.Length})
	}
	return out
}

func TestTable(t *testing.T) {
	cases := matchcases.Load(t, casesFile)
	if len(cases) < 60 {
		t.Errorf("only %d cases", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name] {
			t.Errorf("duplicate case name %q", c.Name)
		}
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			def := parseDef(t, c.Rule())
			got, err := FindAll(def, c.Bytes(t))
			if err != nil {
				t.Fatal(err)
			}
			if g, w := fmt.Sprint(pairs(got)), fmt.Sprint(c.Expected()); g != w {
				t.Errorf("%s on %q:\n got %s\nwant %s", c.String, c.Data, g, w)
			}
		})
	}
}

func normalize(p [][2]int) [][2]int {
	if p == nil {
		return [][2]int{}
	}
	return p
}

// TestDifferential runs yara on every case and checks that it still
// reports what the table records and that FindAll agrees with it, except in
// the cases where the table deliberately expects other (4.5) behaviour.
// With -update it rewrites the recorded yara results instead.
func TestDifferential(t *testing.T) {
	yara := testenv.Yara(t)
	cases := matchcases.Load(t, casesFile)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if c.NoYara {
				t.Skip("yara 4.2.3 rejects this rule")
			}
			data := c.Bytes(t)
			y := matchcases.RunYara(t, yara, c.Rule(), data)
			if golden.Update() {
				c.Yara = y
				return
			}
			if g, w := fmt.Sprint(y), fmt.Sprint(normalize(c.Yara)); g != w {
				t.Errorf("yara now reports %s, table records %s", g, w)
			}
			if c.Want != nil {
				return
			}
			got, err := FindAll(parseDef(t, c.Rule()), data)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := fmt.Sprint(pairs(got)), fmt.Sprint(y); g != w {
				t.Errorf("%s on %q: FindAll %s, yara %s", c.String, c.Data, g, w)
			}
		})
	}
	if golden.Update() {
		b, err := matchcases.Encode(cases)
		if err != nil {
			t.Fatal(err)
		}
		golden.Write(t, casesFile, b)
	}
}
