package yara

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"testing"

	"github.com/overt-sec/overt/internal/conformance"
)

// knownFailures lists the vectors the engine does not pass yet, with why.
var knownFailures = map[int]string{}

// runVector compiles and scans one vector and returns what happened:
// "match", "nomatch" or "error", with a detail for mismatches.
func runVector(t testing.TB, set *conformance.Set, v *conformance.Vector, topdir string) (string, string) {
	c := NewCompiler()
	for name, val := range v.AllExternals() {
		if err := c.DefineExternal(name, val); err != nil {
			t.Fatalf("vector %d: external %s: %v", v.ID, name, err)
		}
	}
	if err := c.AddSource("vector"+strconv.Itoa(v.ID)+".yar", []byte(v.Source(topdir)), ""); err != nil {
		return "error", ""
	}
	rules, err := c.Rules()
	if err != nil {
		return "error", ""
	}
	data := set.Bytes(t, v)
	res, err := rules.NewScanner(ScanOptions{}).ScanBytes(context.Background(), data)
	if err != nil {
		return "error", "scan: " + err.Error()
	}
	got := "nomatch"
	if len(res.Matching) > 0 {
		got = "match"
	}
	detail := ""
	if v.MatchCount != nil && len(res.Matching) != *v.MatchCount {
		detail = fmt.Sprintf("%d rules match, want %d", len(res.Matching), *v.MatchCount)
	}
	if v.CaptureHex != nil && got == "match" {
		want, _ := hex.DecodeString(*v.CaptureHex)
		if !captured(res, want, v.Regexp != nil) {
			detail = fmt.Sprintf("no match captures %q (matches: %v)", want, res.Matching[0].Strings)
		}
	}
	return got, detail
}

// captured reports whether the scan captured want: for a regexp vector the
// first match of the first rule, otherwise any match.
func captured(res *Result, want []byte, first bool) bool {
	for _, m := range res.Matching {
		for i, s := range m.Strings {
			if first && i > 0 {
				return false
			}
			if bytes.Equal(s.Data, want) {
				return true
			}
		}
	}
	return false
}

func TestConformance(t *testing.T) {
	set := conformance.Load(t)
	vs := set.Vectors
	topdir := set.TopDir(t)
	pass, unexpected := 0, 0
	for _, v := range vs {
		got, detail := runVector(t, set, &v, topdir)
		ok := got == v.Expect && detail == ""
		if ok {
			pass++
			if reason, known := knownFailures[v.ID]; known {
				t.Logf("vector %d passes now (listed as known failure: %s)", v.ID, reason)
			}
			continue
		}
		if reason, known := knownFailures[v.ID]; known {
			t.Logf("vector %d: known failure (%s): got %s %s", v.ID, reason, got, detail)
			continue
		}
		unexpected++
		t.Errorf("vector %d (%s): got %s, want %s %s\nrule: %s", v.ID, v.Note, got, v.Expect, detail, v.Rule)
	}
	rate := float64(pass) / float64(len(vs))
	t.Logf("conformance: %d/%d vectors pass (%.1f%%)", pass, len(vs), 100*rate)
	if rate < 0.99 {
		t.Errorf("conformance %.1f%% is below the required 99%%", 100*rate)
	}
}
