package difftest

import (
	"fmt"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/difftest/gen"
	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/syntax"
)

// sharedRuleSets are the public rule sets whose strings the yara check
// instantiates.
var sharedRuleSets = []string{"yara-rules", "reversinglabs"}

// Sampling of the yara check: every regex and every string with a
// modifier other than private, plus one plain string in plainStride.
const (
	plainStride = 4
	chunkSize   = 2500
)

// sharedDef is a string definition with a label for reports.
type sharedDef struct {
	label string
	def   *syntax.StringDef
}

func loadSharedDefs(t *testing.T) []sharedDef {
	t.Helper()
	var defs []sharedDef
	for _, name := range sharedRuleSets {
		path := testenv.RuleSet(t, name)
		fset := token.NewFileSet()
		prog, errs := syntax.Load(fset, path, syntax.LoadOptions{})
		if errs.HasErrors() {
			t.Fatalf("loading %s: %v", path, errs.Err())
		}
		plain := 0
		for _, r := range prog.Rules() {
			for _, s := range r.Strings {
				if !interesting(s) {
					plain++
					if plain%plainStride != 0 {
						continue
					}
				}
				defs = append(defs, sharedDef{fmt.Sprintf("%s %s", r.Name.Name, s.Name), s})
			}
		}
	}
	return defs
}

func interesting(s *syntax.StringDef) bool {
	if _, ok := s.Value.(*syntax.RegexString); ok {
		return true
	}
	for _, m := range s.Modifiers {
		if m.Kind != syntax.ModPrivate {
			return true
		}
	}
	return false
}

// caseResult is the outcome of one string of the yara check.
type caseResult struct {
	label         string
	src           string
	hitErr        error // instantiation error
	missErr       error // near-miss error
	rejected      string
	matched       bool
	missMatched   bool
	hitAnchored   bool
	missAvailable bool
}

// TestInstantiateAgainstYara generates an instance and a near miss of
// (a deterministic sample of) every string of the shared rule sets and
// checks with yara that the instances match and the near misses mostly do
// not.
func TestInstantiateAgainstYara(t *testing.T) {
	testenv.Yara(t)
	if testing.Short() {
		t.Skip("long differential check")
	}
	defs := loadSharedDefs(t)
	rng := rand.New(rand.NewPCG(1, 2))
	dir := t.TempDir()
	results := make([]*caseResult, len(defs))
	for start := 0; start < len(defs); start += chunkSize {
		end := min(start+chunkSize, len(defs))
		checkChunk(t, filepath.Join(dir, fmt.Sprint(start)), defs[start:end], results[start:end], rng)
	}
	report(t, results)
}

var yaraRuleError = regexp.MustCompile(`rule "t(\d+)"`)

// checkChunk writes one rules file and one data directory for defs, runs
// yara once (more if yara rejects a rule: it is dropped and yara rerun) and
// fills res.
func checkChunk(t *testing.T, dir string, defs []sharedDef, res []*caseResult, rng *rand.Rand) {
	t.Helper()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	rules := make([]string, len(defs))
	for i, d := range defs {
		r := &caseResult{label: d.label}
		res[i] = r
		src, err := FormatStringDef("$x", d.def, true)
		if err != nil {
			r.hitErr = err
			continue
		}
		r.src = src
		rules[i] = fmt.Sprintf("rule t%d { strings: %s condition: $x }", i, src)
		hit, err := gen.Generate(d.def, rng)
		if r.hitErr = err; err == nil {
			r.hitAnchored = hit.AtStart || hit.AtEnd
			writeCase(t, filepath.Join(data, fmt.Sprintf("%d.hit", i)), hit, rng)
		}
		miss, err := gen.GenerateNearMiss(d.def, rng)
		if r.missErr = err; err == nil {
			r.missAvailable = true
			writeCase(t, filepath.Join(data, fmt.Sprintf("%d.miss", i)), miss, rng)
		}
	}
	rulesPath := filepath.Join(dir, "rules.yar")
	for attempt := 0; ; attempt++ {
		var text strings.Builder
		for _, r := range rules {
			text.WriteString(r) // dropped rules stay as blank lines: line n is rule t(n-1)
			text.WriteByte('\n')
		}
		if err := os.WriteFile(rulesPath, []byte(text.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := runYara([]string{"-w", "-r", "-p", "2", rulesPath, data}, OutputFormat{})
		if err == nil {
			for _, m := range out.Rules {
				var i int
				base := filepath.Base(m.File)
				if _, err := fmt.Sscanf(m.Rule, "t%d", &i); err != nil || i >= len(defs) {
					t.Fatalf("unexpected rule %q in yara output", m.Rule)
				}
				switch base {
				case fmt.Sprintf("%d.hit", i):
					res[i].matched = true
				case fmt.Sprintf("%d.miss", i):
					res[i].missMatched = true
				}
			}
			return
		}
		m := yaraRuleError.FindStringSubmatch(err.Error())
		if m == nil || attempt > 100 {
			t.Fatalf("yara failed: %v", err)
		}
		var i int
		fmt.Sscan(m[1], &i)
		res[i].rejected = clip(strings.Join(out.Errors, "; "))
		rules[i] = ""
	}
}

// writeCase writes an instance surrounded by filler, except on its
// anchored sides.
func writeCase(t *testing.T, path string, inst gen.Instance, rng *rand.Rand) {
	t.Helper()
	var b []byte
	if !inst.AtStart {
		b = appendFiller(b, rng)
	}
	b = append(b, inst.Data...)
	if !inst.AtEnd {
		b = appendFiller(b, rng)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// report logs the figures and fails when fewer than minHitRate of the
// instances match.
func report(t *testing.T, results []*caseResult) {
	const minHitRate = 0.995
	var tested, matched, genFail, rejected, anchored, missTested, missMatched int
	var failures []string
	for _, r := range results {
		switch {
		case r.rejected != "":
			rejected++
			continue
		case r.hitErr != nil:
			genFail++
			failures = append(failures, fmt.Sprintf("generate %s: %v", r.label, r.hitErr))
			continue
		}
		tested++
		if r.hitAnchored {
			anchored++
		}
		if r.matched {
			matched++
		} else {
			failures = append(failures, fmt.Sprintf("no match %s: %s", r.label, r.src))
		}
		if r.missAvailable {
			missTested++
			if r.missMatched {
				missMatched++
			}
		}
	}
	t.Logf("strings: %d, rejected by yara 4.2.3: %d, not instantiable: %d", len(results), rejected, genFail)
	t.Logf("instances: %d, matched by yara: %d (%.2f%%), anchored: %d", tested, matched, pct(matched, tested), anchored)
	t.Logf("near misses: %d, matched by yara anyway: %d (%.2f%%)", missTested, missMatched, pct(missMatched, missTested))
	for i, f := range failures {
		if i == 40 {
			t.Logf("... and %d more", len(failures)-i)
			break
		}
		t.Log(f)
	}
	if tested == 0 || float64(matched) < minHitRate*float64(tested) {
		t.Errorf("yara matched %d of %d instances, want at least %.1f%%", matched, tested, 100*minHitRate)
	}
	if missTested > 0 && float64(missMatched) > 0.05*float64(missTested) {
		t.Errorf("yara matched %d of %d near misses, want at most 5%%", missMatched, missTested)
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
