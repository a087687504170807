package modtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// YaraDumpRule writes rule to a temporary file, runs yara (the binary
// yaraBin) with it over the file at path and returns its output lines,
// without the match lines of the rule named dump.
func YaraDumpRule(tb testing.TB, yaraBin, rule, path string) []string {
	tb.Helper()
	rp := filepath.Join(tb.TempDir(), "dump.yar")
	if err := os.WriteFile(rp, []byte(rule), 0o644); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(yaraBin, "-w", rp, path).CombinedOutput()
	if err != nil {
		tb.Fatalf("yara: %v\n%s", err, out)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if strings.HasPrefix(l, "dump ") {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// YaraConsole runs yara (the binary yaraBin) with the rules file rules
// over the file at path and returns its console lines, without empty
// lines and the match lines ("rN path") of rules named rN.
func YaraConsole(tb testing.TB, yaraBin, rules, path string) []string {
	tb.Helper()
	out, err := exec.Command(yaraBin, "-w", rules, path).CombinedOutput()
	if err != nil {
		tb.Fatalf("yara %s: %v\n%s", path, err, out)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l == "" || (strings.HasPrefix(l, "r") && strings.HasSuffix(l, " "+path)) {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}
