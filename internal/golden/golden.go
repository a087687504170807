// Package golden compares test output with golden files kept under a
// package's testdata/ folder. Running the tests with -update rewrites the
// golden files from the current output instead of comparing, so the
// change can be reviewed with git diff.
//
// A test package that imports golden gets the -update flag from here and
// must not define its own.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxDiffLines bounds the lines of a mismatch report, so a golden file
// that differs everywhere does not flood the test log.
const maxDiffLines = 40

var update = flag.Bool("update", false, "rewrite golden files under testdata/ from the current output")

// Update reports whether the tests run with -update: tests whose golden
// data is not a plain file (or comes from another tool) use it to decide
// to regenerate that data.
func Update() bool { return *update }

// Check compares got with the golden file at path and fails tb on a
// difference, showing the differing lines. With -update it writes got to
// path instead, creating the folder if needed.
func Check(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if *update {
		Write(tb, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("golden file: %v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("output differs from %s (run go test -update to accept, then review the diff):\n%s",
			path, Diff(string(want), string(got)))
	}
}

// CheckString is Check for string output.
func CheckString(tb testing.TB, path, got string) {
	tb.Helper()
	Check(tb, path, []byte(got))
}

// Write writes data to the golden file at path, creating its folder.
func Write(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatalf("golden file %s: %v", path, err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatalf("golden file %s: %v", path, err)
	}
}

// Diff describes how got differs from want, line by line: the lines
// shared at both ends are left out and the differing middle is shown as
// "-" (want) and "+" (got) lines, at most maxDiffLines of them.
func Diff(want, got string) string {
	if want == got {
		return ""
	}
	w, g := lines(want), lines(got)
	pre := 0
	for pre < len(w) && pre < len(g) && w[pre] == g[pre] {
		pre++
	}
	suf := 0
	for suf < len(w)-pre && suf < len(g)-pre && w[len(w)-1-suf] == g[len(g)-1-suf] {
		suf++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@@ line %d @@\n", pre+1)
	n := 0
	emit := func(sign string, lines []string) {
		for _, l := range lines {
			if n == maxDiffLines {
				b.WriteString("... (more lines differ)\n")
				n++
			}
			if n > maxDiffLines {
				return
			}
			n++
			if !strings.HasSuffix(l, "\n") {
				l += "\n\\ no newline at end\n"
			}
			b.WriteString(sign + " " + l)
		}
	}
	emit("-", w[pre:len(w)-suf])
	emit("+", g[pre:len(g)-suf])
	return b.String()
}

// lines splits s after each newline, without an empty last element.
func lines(s string) []string {
	l := strings.SplitAfter(s, "\n")
	if l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
}
