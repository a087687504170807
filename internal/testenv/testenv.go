// Package testenv locates what tests need from outside the repository: the
// shared test material (../shared: conformance vectors, public rule sets)
// and Debian's yara, the reference engine of differential tests.
//
// Outside CI a missing piece skips the test with a message saying how to
// get it. Under CI (CI=true, as .ci/run runs) a missing piece fails the
// test instead, so a green CI run cannot hide differential tests that
// silently did not run.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// repoRoot is the repository root, found from this file's location.
var repoRoot = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}()

// RepoRoot returns the repository's root directory.
func RepoRoot() string { return repoRoot }

// inCI reports whether the tests run under CI.
func inCI() bool { return os.Getenv("CI") == "true" }

// missing skips tb, or fails it under CI.
func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if inCI() {
		tb.Fatalf("CI requires it: "+format, args...)
	}
	tb.Skipf(format, args...)
}

// SharedDir returns the shared test material directory (../shared next to
// the repository), or skips (fails under CI) when it is absent.
func SharedDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(repoRoot, "..", "shared")
	if _, err := os.Stat(filepath.Join(dir, "conformance")); err != nil {
		missing(tb, "shared test material not found at %s", dir)
	}
	return dir
}

// SharedPath returns a path inside the shared test material.
func SharedPath(tb testing.TB, elem ...string) string {
	tb.Helper()
	return filepath.Join(append([]string{SharedDir(tb)}, elem...)...)
}

// Yara returns the path of the yara binary, or skips (fails under CI) when
// it is not installed. scripts/setup.sh installs it as root.
func Yara(tb testing.TB) string {
	tb.Helper()
	return tool(tb, "yara")
}

// OptionalYara returns the path of the yara binary, or "" when it is not
// installed, for tests that also work without it (comparing with golden
// files that hold yara's output). Under CI a missing yara fails tb.
func OptionalYara(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("yara")
	if err != nil {
		if inCI() {
			tb.Fatalf("CI requires it: yara not installed (apt-get install yara, or run scripts/setup.sh as root)")
		}
		return ""
	}
	return p
}

// Yarac returns the path of the yarac binary, like Yara.
func Yarac(tb testing.TB) string {
	tb.Helper()
	return tool(tb, "yarac")
}

func tool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(tb, "%s not installed (apt-get install yara, or run scripts/setup.sh as root)", name)
	}
	return p
}

// OptionalSharedDir returns the shared test material directory, or "" when
// it is absent. It is for uses that work without it, such as the seed
// corpus of a fuzz target, which must never skip or fail.
func OptionalSharedDir() string {
	dir := filepath.Join(repoRoot, "..", "shared")
	if _, err := os.Stat(filepath.Join(dir, "conformance")); err != nil {
		return ""
	}
	return dir
}

// RuleSets returns the index file (index-compiled.yar) of every public
// rule set under shared/rules, in name order, or skips (fails under CI)
// when there is none.
func RuleSets(tb testing.TB) []string {
	tb.Helper()
	roots, _ := filepath.Glob(filepath.Join(SharedDir(tb), "rules", "*", ruleSetIndex))
	if len(roots) == 0 {
		missing(tb, "no rule sets under %s", filepath.Join(SharedDir(tb), "rules"))
	}
	return roots
}

// RuleSet returns the index file of the named public rule set (such as
// "yara-rules"), or skips (fails under CI) when it is absent.
func RuleSet(tb testing.TB, name string) string {
	tb.Helper()
	SharedDir(tb)
	p := RuleSetPath(name)
	if _, err := os.Stat(p); err != nil {
		missing(tb, "rule set %q not found: %v", name, err)
	}
	return p
}

// RuleSetPath returns where the index file of the named public rule set
// would be, without checking that it exists: it is for tables built before
// any test runs. Tests should call RuleSet, which skips (fails under CI)
// when the set is missing.
func RuleSetPath(name string) string {
	return filepath.Join(repoRoot, "..", "shared", "rules", name, ruleSetIndex)
}

// ruleSetIndex is the file of each rule set that includes all its rules.
const ruleSetIndex = "index-compiled.yar"

// Sample returns path when that optional sample file exists and skips the
// test otherwise, even under CI: such samples (a local malware corpus, a
// binary of one distribution) are never required.
func Sample(tb testing.TB, path string) string {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("optional sample not available: %v", err)
	}
	return path
}
