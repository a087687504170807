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
