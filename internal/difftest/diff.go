package difftest

import (
	"fmt"
	"slices"
	"strings"
)

// MaxDiffItems is how many differences of each kind Diff lists; a broken
// engine differs everywhere and the first few are what one reads.
const MaxDiffItems = 20

// Diff describes how b differs from a: the rule matches and string matches
// found in only one of them (prefixed "-" for a, "+" for b), at most
// MaxDiffItems of each kind in sorted order, with a count of the rest. It
// returns "" when they agree. Errors are not compared; the inputs need not
// be sorted, and repeated entries are compared as multisets.
func Diff(a, b Result) string {
	var sb strings.Builder
	diffKind(&sb, "rule matches", keysOf(a.Rules, ruleKey), keysOf(b.Rules, ruleKey))
	diffKind(&sb, "string matches", keysOf(a.Strings, stringKey), keysOf(b.Strings, stringKey))
	return sb.String()
}

func ruleKey(m RuleMatch) string {
	s := m.File + ": " + m.Rule
	if m.Tags != "" {
		s += " " + m.Tags
	}
	if m.Meta != "" {
		s += " " + m.Meta
	}
	return s
}

func stringKey(m StringMatch) string {
	s := fmt.Sprintf("%s: %s 0x%x:", m.File, m.Rule, m.Offset)
	if m.Length >= 0 {
		s += fmt.Sprintf("%d:", m.Length)
	}
	return s + m.ID + ": " + m.Data
}

// keysOf counts the rendered keys of items.
func keysOf[T any](items []T, key func(T) string) map[string]int {
	counts := make(map[string]int, len(items))
	for _, it := range items {
		counts[key(it)]++
	}
	return counts
}

// diffKind writes the keys whose counts differ between a and b.
func diffKind(sb *strings.Builder, what string, a, b map[string]int) {
	var lines []string
	for k, n := range a {
		for i := b[k]; i < n; i++ {
			lines = append(lines, "- "+k)
		}
	}
	for k, n := range b {
		for i := a[k]; i < n; i++ {
			lines = append(lines, "+ "+k)
		}
	}
	if len(lines) == 0 {
		return
	}
	slices.SortFunc(lines, func(x, y string) int { return strings.Compare(x[2:]+x[:1], y[2:]+y[:1]) })
	fmt.Fprintf(sb, "%s differ (%d):\n", what, len(lines))
	for i, l := range lines {
		if i == MaxDiffItems {
			fmt.Fprintf(sb, "  ... and %d more\n", len(lines)-i)
			break
		}
		sb.WriteString("  ")
		sb.WriteString(l)
		sb.WriteByte('\n')
	}
}

// Difference is one rule match or string match found in only one of two
// Results, as Differences lists them.
type Difference struct {
	// Only is "a" or "b": the Result the match was found in.
	Only string
	// Rule and File are those of the match.
	Rule, File string
	// String is true for a string match (then Key includes its offset,
	// identifier and data), false for a rule match.
	String bool
	// Key is the match as Diff prints it.
	Key string
}

// Differences lists every rule match and string match found in only one of
// a and b (compared as multisets, as Diff does), rule matches first, each
// kind in sorted order. It is the unabridged, structured form of Diff, for
// callers that filter known differences.
func Differences(a, b Result) []Difference {
	var out []Difference
	out = appendDifferences(out, false, a.Rules, b.Rules, ruleKey, func(m RuleMatch) (string, string) { return m.Rule, m.File })
	out = appendDifferences(out, true, a.Strings, b.Strings, stringKey, func(m StringMatch) (string, string) { return m.Rule, m.File })
	return out
}

func appendDifferences[T any](out []Difference, str bool, a, b []T, key func(T) string, id func(T) (string, string)) []Difference {
	ka, kb := keysOf(a, key), keysOf(b, key)
	start := len(out)
	for _, side := range []struct {
		only  string
		items []T
		this  map[string]int
		other map[string]int
	}{{"a", a, ka, kb}, {"b", b, kb, ka}} {
		seen := make(map[string]bool)
		for _, it := range side.items {
			k := key(it)
			if seen[k] {
				continue
			}
			seen[k] = true
			rule, file := id(it)
			for i := side.other[k]; i < side.this[k]; i++ {
				out = append(out, Difference{Only: side.only, Rule: rule, File: file, String: str, Key: k})
			}
		}
	}
	slices.SortFunc(out[start:], func(x, y Difference) int {
		return strings.Compare(x.Key+x.Only, y.Key+y.Only)
	})
	return out
}
