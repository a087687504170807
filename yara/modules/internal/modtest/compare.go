package modtest

import "testing"

// maxReported bounds the differences CompareCounts reports before it
// stops the test, so a wholly different dump does not flood the log.
const maxReported = 30

// CompareCounts fails tb for every line that yara (want) and Overt (got)
// print a different number of times, in any order.
func CompareCounts(tb testing.TB, want, got []string) {
	tb.Helper()
	count := map[string]int{}
	for _, l := range want {
		count[l]++
	}
	for _, l := range got {
		count[l]--
	}
	n := 0
	report := func(lines []string, sign int, who string) {
		for _, l := range lines {
			if count[l]*sign > 0 {
				count[l] -= sign
				tb.Errorf("only %s: %q", who, l)
				if n++; n > maxReported {
					tb.Fatalf("too many differences (yara %d lines, overt %d)", len(want), len(got))
				}
			}
		}
	}
	report(want, 1, "yara")
	report(got, -1, "overt")
}

// CompareOrdered fails tb at the first line where yara (want) and Overt
// (got) differ on the file at path, showing the lines around it.
func CompareOrdered(tb testing.TB, path string, want, got []string) {
	tb.Helper()
	for i := 0; i < len(want) || i < len(got); i++ {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			lo := max(0, i-3)
			tb.Fatalf("%s: line %d differs: yara %q, overt %q\nyara context: %q\novert context: %q",
				path, i, w, g, want[lo:min(len(want), i+3)], got[lo:min(len(got), i+3)])
		}
	}
}
