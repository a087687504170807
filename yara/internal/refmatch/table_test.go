package refmatch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
)

var update = flag.Bool("update", false, "rerun yara and rewrite the yara field of testdata/cases.jsonl")

const casesFile = "testdata/cases.jsonl"

// tcase is one line of testdata/cases.jsonl: an engine-independent test of
// one string definition on one input.
type tcase struct {
	Name   string   `json:"name"`             // unique name
	String string   `json:"string"`           // the value and modifiers of $a, as in a rule
	Data   string   `json:"data"`             // the input, as the body of a Go string literal
	Yara   [][2]int `json:"yara"`             // [offset, length] of each match yara 4.2.3 reports
	Want   [][2]int `json:"want,omitempty"`   // expected matches when they differ from yara 4.2.3
	Note   string   `json:"note,omitempty"`   // why Want differs, or what the case shows
	NoYara bool     `json:"noyara,omitempty"` // yara 4.2.3 rejects the rule (newer syntax)
}

// bytes returns the input of the case.
func (c *tcase) bytes(t testing.TB) []byte {
	s, err := strconv.Unquote(`"` + c.Data + `"`)
	if err != nil {
		t.Fatalf("%s: bad data %q: %v", c.Name, c.Data, err)
	}
	return []byte(s)
}

// expected returns the matches FindAll must return.
func (c *tcase) expected() [][2]int {
	if c.Want != nil {
		return c.Want
	}
	return c.Yara
}

// rule returns the rule text of the case. The condition logs the offset
// and length of every match through the console module, so that a yara run
// reports exact lengths (yara -s truncates long matched data).
func (c *tcase) rule() string {
	return "import \"console\"\nrule r { strings: $a = " + c.String +
		" condition: for all i in (1..#a) : (console.log(\"m:\", @a[i]) and console.log(\"l:\", !a[i])) }\n"
}

func loadCases(t testing.TB) []*tcase {
	t.Helper()
	f, err := os.Open(casesFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []*tcase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		c := new(tcase)
		if err := json.Unmarshal(sc.Bytes(), c); err != nil {
			t.Fatalf("%s:%d: %v", casesFile, line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

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
	cases := loadCases(t)
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
			def := parseDef(t, c.rule())
			got, err := FindAll(def, c.bytes(t))
			if err != nil {
				t.Fatal(err)
			}
			if g, w := fmt.Sprint(pairs(got)), fmt.Sprint(normalize(c.expected())); g != w {
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

// runYara scans data with rule using the installed yara and returns the
// [offset, length] of each match of $a.
func runYara(t testing.TB, rule string, data []byte) [][2]int {
	t.Helper()
	dir := t.TempDir()
	rf, df := filepath.Join(dir, "r.yar"), filepath.Join(dir, "d.bin")
	if err := os.WriteFile(rf, []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(df, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("yara", rf, df).CombinedOutput()
	if err != nil {
		t.Fatalf("yara %q: %v\n%s", rule, err, out)
	}
	res := [][2]int{}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "m:"); ok {
			off, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("yara output %q: %v", line, err)
			}
			res = append(res, [2]int{off, -1})
		} else if v, ok := strings.CutPrefix(line, "l:"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || len(res) == 0 {
				t.Fatalf("yara output %q: unexpected", line)
			}
			res[len(res)-1][1] = n
		}
	}
	return res
}

// TestDifferential runs yara on every case and checks that it still
// reports what the table records and that FindAll agrees with it, except in
// the cases where the table deliberately expects other (4.5) behaviour.
// With -update it rewrites the recorded yara results instead.
func TestDifferential(t *testing.T) {
	if _, err := exec.LookPath("yara"); err != nil {
		t.Skip("yara not on PATH")
	}
	cases := loadCases(t)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if c.NoYara {
				t.Skip("yara 4.2.3 rejects this rule")
			}
			data := c.bytes(t)
			y := runYara(t, c.rule(), data)
			if *update {
				c.Yara = y
				return
			}
			if g, w := fmt.Sprint(y), fmt.Sprint(normalize(c.Yara)); g != w {
				t.Errorf("yara now reports %s, table records %s", g, w)
			}
			if c.Want != nil {
				return
			}
			got, err := FindAll(parseDef(t, c.rule()), data)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := fmt.Sprint(pairs(got)), fmt.Sprint(y); g != w {
				t.Errorf("%s on %q: FindAll %s, yara %s", c.String, c.Data, g, w)
			}
		})
	}
	if *update {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for _, c := range cases {
			if err := enc.Encode(c); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(casesFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
