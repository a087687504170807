package regex

import (
	"math/rand"
	"testing"

	"github.com/overt-sec/overt/yara/regex/syntax"
)

// nullableLoop reports whether n has an unbounded repeat of something that
// can match the empty string, like (a*?)*. There a Pike VM (and RE2, and Go's
// regexp) ranks paths differently from a Perl backtracker, so only the
// existence of a match is compared; yara itself misbehaves on such
// patterns (it finds no match for /x(0*?)*/ over "x00").
func nullableLoop(n *syntax.Node) bool {
	if n.Op == syntax.OpRepeat && n.Max < 0 && nullable(n.Subs[0]) {
		return true
	}
	for _, s := range n.Subs {
		if nullableLoop(s) {
			return true
		}
	}
	return false
}

// nullable reports whether n can match the empty string (assertions count as empty).
func nullable(n *syntax.Node) bool {
	switch n.Op {
	case syntax.OpLiteral, syntax.OpAnyByte, syntax.OpAnyNotNL, syntax.OpClass:
		return false
	case syntax.OpConcat:
		for _, s := range n.Subs {
			if !nullable(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range n.Subs {
			if nullable(s) {
				return true
			}
		}
		return false
	case syntax.OpGroup:
		return nullable(n.Subs[0])
	case syntax.OpRepeat:
		return n.Min == 0 || nullable(n.Subs[0])
	}
	return true
}

// checkAgainstReference compares MatchAt (at every position) and Match with
// the reference matcher wherever the reference finishes within its budget.
func checkAgainstReference(t *testing.T, pattern string, flags syntax.Flags, data []byte) {
	t.Helper()
	n, err := syntax.Parse(pattern, flags)
	if err != nil {
		return
	}
	re, err := CompileNode(n)
	if err != nil {
		return
	}
	anyRef, refComplete := false, true
	for pos := 0; pos <= len(data); pos++ {
		got, gotOK := re.MatchAt(data, pos)
		want, wantOK, done := refMatchAt(n, data, pos, true)
		if !done {
			refComplete = false
			continue
		}
		if gotOK != wantOK || got != want && !nullableLoop(n) {
			t.Fatalf("/%s/ (flags %d) over %q at %d: MatchAt = %d,%v; reference = %d,%v\nprogram:\n%s",
				pattern, flags, data, pos, got, gotOK, want, wantOK, re.Program())
		}
		if _, ok, _ := refMatchAt(n, data, pos, false); ok {
			anyRef = true
		}
	}
	if refComplete || anyRef {
		if got := re.Match(data); got != anyRef {
			t.Fatalf("/%s/ over %q: Match = %v, reference %v", pattern, data, got, anyRef)
		}
	}
}

var referencePatterns = []string{
	`abc`, `a+?`, `a*b?`, `(a|ab)(c|bcd)(d*)`, `(a*)*`, `(a*)+b`, `(a|)*b`, `(a?){3}`, `(a?){2,}b`,
	`(|a)`, `(a|)+?b`, `((a|b)*?c)+`, `a{2,4}?b`, `(ab|a)*?b`, `\bab\b`, `\B(a|b)+\B`, `^a|b$`,
	`[^a]*a`, `(a{0,2}b?){1,3}c`, `(^)*a`, `(\b|a)+`, `a.*?b|c`, `(a+|b+)*c`, `x(a|ab)*?c`,
}

func TestAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const alphabet = "abc_ \n"
	for _, p := range referencePatterns {
		t.Run(p, func(t *testing.T) {
			for iter := 0; iter < 200; iter++ {
				data := make([]byte, rng.Intn(12))
				for i := range data {
					data[i] = alphabet[rng.Intn(len(alphabet))]
				}
				checkAgainstReference(t, p, 0, data)
				checkAgainstReference(t, p, syntax.FoldCase|syntax.DotAll, data)
			}
		})
	}
}

func FuzzMatch(f *testing.F) {
	for _, p := range referencePatterns {
		f.Add(p, uint8(0), []byte("aabcab_ c\nab"))
	}
	f.Add(`[a-\d]{1,3}`, uint8(syntax.FoldCase), []byte("ABCD-5"))
	f.Add(`a.b`, uint8(syntax.DotAll), []byte("a\nb"))
	f.Fuzz(func(t *testing.T, pattern string, fl uint8, data []byte) {
		if len(pattern) > 64 || len(data) > 64 {
			return
		}
		checkAgainstReference(t, pattern, syntax.Flags(fl)&(syntax.FoldCase|syntax.DotAll), data)
	})
}
