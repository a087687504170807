package pattern

import (
	"bytes"
	"fmt"
	"go/token"
	"testing"

	"github.com/overt-sec/overt/yara/internal/refmatch"
	"github.com/overt-sec/overt/yara/syntax"
)

// parseString parses `$a = str` inside a rule and returns the definition,
// or nil if the text does not parse to exactly one string.
func parseString(str string) *syntax.StringDef {
	file, errs := syntax.ParseFile(token.NewFileSet(), "t.yar", []byte("rule r { strings: $a = "+str+" condition: $a }"), 0)
	if errs.HasErrors() || len(file.Decls) != 1 {
		return nil
	}
	r, ok := file.Decls[0].(*syntax.Rule)
	if !ok || len(r.Strings) != 1 {
		return nil
	}
	return r.Strings[0]
}

func mustParse(t testing.TB, str string) *syntax.StringDef {
	t.Helper()
	d := parseString(str)
	if d == nil {
		t.Fatalf("cannot parse string %s", str)
	}
	return d
}

// naiveFind finds every match of p in data the way the scanner will: every
// occurrence of every atom (found with bytes.Index) is verified; a full-scan
// pattern is scanned. Matches are finished (one per offset).
func naiveFind(p *Pattern, data []byte) []Match {
	var out []Match
	emit := func(m Match) { out = append(out, m) }
	sc := NewScratch()
	if p.FullScan() {
		p.Scan(sc, data, emit)
		return Finish(out)
	}
	for _, a := range p.Atoms() {
		for from := 0; from < len(data); {
			i := bytes.Index(data[from:], a.Bytes)
			if i < 0 {
				break
			}
			p.Verify(sc, data, a, from+i+len(a.Bytes), emit)
			from += i + 1
		}
	}
	return Finish(out)
}

// oracle returns refmatch's matches as pattern matches (without ranks).
func oracle(def *syntax.StringDef, data []byte) ([][3]int, error) {
	ms, err := refmatch.FindAll(def, data)
	out := [][3]int{}
	for _, m := range ms {
		out = append(out, [3]int{m.Offset, m.Length, m.XorKey})
	}
	return out, err
}

// triples drops ranks from matches.
func triples(ms []Match) [][3]int {
	out := [][3]int{}
	for _, m := range ms {
		out = append(out, [3]int{m.Offset, m.Length, m.XorKey})
	}
	return out
}

func pairs(ms []Match) [][2]int {
	out := [][2]int{}
	for _, m := range ms {
		out = append(out, [2]int{m.Offset, m.Length})
	}
	return out
}

func sprint(v any) string { return fmt.Sprint(v) }
