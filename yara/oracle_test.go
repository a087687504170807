package yara

import (
	"bytes"
	"context"
	"fmt"
	"go/token"
	"math/rand"
	"testing"

	"github.com/overt-sec/overt/yara/internal/refmatch"
	"github.com/overt-sec/overt/yara/syntax"
)

// oracleDiff compiles src (one rule whose condition is always true), scans
// data with the engine and compares every string's matches with refmatch.
// It returns "" when they agree or the rule does not compile (the checker
// rejects some random combinations), else a description of the first
// difference.
func oracleDiff(src string, data []byte) (string, bool) {
	d, ok, _ := oracleDiffCount(src, data)
	return d, ok
}

// oracleDiffCount is oracleDiff also returning the number of matches compared.
func oracleDiffCount(src string, data []byte) (string, bool, int) {
	c := NewCompiler()
	if err := c.AddSource("gen.yar", []byte(src), ""); err != nil {
		return "", false, 0
	}
	rules, err := c.Rules()
	if err != nil {
		return fmt.Sprintf("Rules: %v", err), true, 0
	}
	res, err := rules.NewScanner(ScanOptions{}).ScanBytes(context.Background(), data)
	if err != nil {
		return fmt.Sprintf("scan: %v", err), true, 0
	}
	prog, ds := syntax.LoadSource(token.NewFileSet(), "gen.yar", []byte(src), syntax.LoadOptions{})
	if ds.HasErrors() {
		return fmt.Sprintf("reparse: %v", ds), true, 0
	}
	got := map[string][]MatchString{}
	for _, m := range res.Matching {
		for _, s := range m.Strings {
			got[s.Identifier] = append(got[s.Identifier], s)
		}
	}
	if len(res.Matching) != 1 {
		return fmt.Sprintf("%d rules match, want 1", len(res.Matching)), true, 0
	}
	compared := 0
	for _, r := range prog.Rules() {
		for _, d := range r.Strings {
			want, err := refmatch.FindAll(d, data)
			if err != nil {
				continue // the oracle cannot decide (too many matches, limits)
			}
			g := got[d.Name]
			compared += len(want)
			if len(g) != len(want) {
				return fmt.Sprintf("%s: engine %d matches %v, oracle %d %v", d.Name, len(g), brief(g), len(want), want), true, 0
			}
			for i, w := range want {
				m := g[i]
				if m.Offset != int64(w.Offset) || m.Length != w.Length || m.XorKey != w.XorKey {
					return fmt.Sprintf("%s: match %d: engine (%d,%d,xor %d), oracle %+v", d.Name, i, m.Offset, m.Length, m.XorKey, w), true, 0
				}
				wd := data[w.Offset : w.Offset+min(w.Length, MaxMatchData)]
				if !bytes.Equal(m.Data, wd) {
					return fmt.Sprintf("%s: match %d: data %q, want %q", d.Name, i, m.Data, wd), true, 0
				}
			}
		}
	}
	return "", true, compared
}

// brief formats matches compactly.
func brief(ms []MatchString) string {
	s := "["
	for i, m := range ms {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("(%d,%d,%d)", m.Offset, m.Length, m.XorKey)
	}
	return s + "]"
}

// TestEngineVsOracle checks random rules on random data against refmatch.
func TestEngineVsOracle(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	rng := rand.New(rand.NewSource(1))
	g := &ruleGen{r: rng}
	compiled, failures, matches := 0, 0, 0
	for i := range n {
		src := g.rule(1 + rng.Intn(3))
		data := g.data(120)
		diff, ok, k := oracleDiffCount(src, data)
		if ok {
			compiled++
		}
		matches += k
		if diff != "" {
			failures++
			if failures <= 20 {
				t.Errorf("case %d: %s\nrule: %s\ndata: %q", i, diff, src, data)
			}
		}
	}
	t.Logf("%d/%d random rules compiled; %d matches compared; %d disagreements", compiled, n, matches, failures)
	if matches < n {
		t.Errorf("only %d matches compared: the generator rarely matches", matches)
	}
	if compiled < n/2 {
		t.Errorf("only %d of %d random rules compiled: the generator is off", compiled, n)
	}
}

// FuzzEngine is the grammar-driven random-rule fuzzer: the seed picks a
// rule from the generator, the fuzzed bytes are the data, and the engine
// must agree with refmatch.
func FuzzEngine(f *testing.F) {
	f.Add(int64(0), []byte("abAB0 ab\x00b\x00"))
	f.Add(int64(1), []byte("a-b aab\xff\x00\x00AB"))
	f.Add(int64(7), []byte(""))
	f.Add(int64(42), bytes.Repeat([]byte("ab\x00"), 40))
	f.Fuzz(func(t *testing.T, seed int64, data []byte) {
		if len(data) > 4096 {
			data = data[:4096]
		}
		g := &ruleGen{r: rand.New(rand.NewSource(seed))}
		src := g.rule(1 + g.r.Intn(3))
		if diff, _ := oracleDiff(src, data); diff != "" {
			t.Fatalf("%s\nrule: %s\ndata: %q", diff, src, data)
		}
	})
}
