package modtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// GoSample cross-compiles a tiny Go program for goos/goarch into dir,
// stripped of symbols when strip is set, and returns its path.
func GoSample(tb testing.TB, dir, goos, goarch string, strip bool) string {
	tb.Helper()
	src := filepath.Join(dir, "main.go")
	if _, err := os.Stat(src); err != nil {
		prog := "package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"hi\\n\") }\n"
		if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module sample\n\ngo 1.21\n"), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	name := goos + "-" + goarch
	args := []string{"build", "-trimpath", "-o"}
	if strip {
		name += "-s"
		args = append(args, filepath.Join(dir, name), "-ldflags=-s -w")
	} else {
		args = append(args, filepath.Join(dir, name))
	}
	args = append(args, ".")
	cmd := exec.Command(filepath.Join(goroot(), "bin", "go"), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build %s/%s: %v\n%s", goos, goarch, err, out)
	}
	return filepath.Join(dir, name)
}

// goroot returns the Go root of the go command on PATH.
func goroot() string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "/usr/local/go"
	}
	return string(bytes.TrimSpace(out))
}

// Mutation is a damaged copy of a sample, with the name of the damage.
type Mutation struct {
	Name string
	Data []byte
}

// Variants writes damaged copies of the file at path into dir and returns
// their paths: truncations, then the module's own mutations of the data.
func Variants(tb testing.TB, dir, path string, mutations func([]byte) []Mutation) []string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	base := filepath.Base(path)
	var out []string
	write := func(name string, b []byte) {
		p := filepath.Join(dir, base+"."+name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			tb.Fatal(err)
		}
		out = append(out, p)
	}
	for _, n := range []int{20, 60, 100, 300, len(data) / 2, len(data) - 1} {
		if n < len(data) {
			write(fmt.Sprintf("trunc%d", n), data[:n])
		}
	}
	for _, m := range mutations(data) {
		write(m.Name, m.Data)
	}
	return out
}
