package elf_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara"
)

// dumpRules returns rules that console.log every field of the elf module,
// one rule per scalar and one loop per array, so an undefined value only
// drops its own line.
func dumpRules() string {
	var b strings.Builder
	b.WriteString("import \"elf\"\nimport \"console\"\n")
	n := 0
	rule := func(cond string) {
		n++
		fmt.Fprintf(&b, "rule r%d { condition: %s }\n", n, cond)
	}
	for _, f := range []string{"type", "machine", "entry_point", "sh_offset", "sh_entry_size",
		"number_of_sections", "ph_offset", "ph_entry_size", "number_of_segments",
		"dynamic_section_entries", "symtab_entries", "dynsym_entries"} {
		rule(fmt.Sprintf(`console.log("%s=", elf.%s)`, f, f))
	}
	loop := func(arr, count string, fields []string) {
		var parts []string
		parts = append(parts, fmt.Sprintf(`(console.log("%s i=", i) or true)`, arr))
		for _, f := range fields {
			parts = append(parts, fmt.Sprintf(`(console.log(" %s=", elf.%s[i].%s) or true)`, f, arr, f))
		}
		// Arrays are read up to 1,000 entries past their count, and no
		// further than 20,000, to see defined elements beyond it.
		rule(fmt.Sprintf(`for all i in (0..%s) : (%s)`, count, strings.Join(parts, " and ")))
	}
	loop("sections", "elf.number_of_sections - 1", []string{"type", "flags", "address", "name", "size", "offset"})
	loop("segments", "elf.number_of_segments - 1", []string{"type", "flags", "offset", "virtual_address",
		"physical_address", "file_size", "memory_size", "alignment"})
	loop("dynamic", "elf.dynamic_section_entries - 1", []string{"type", "val"})
	sym := []string{"name", "value", "size", "type", "bind", "shndx"}
	loop("symtab", "elf.symtab_entries - 1", sym)
	loop("dynsym", "elf.dynsym_entries - 1", sym)
	// Past the counts: elements the counts do not cover must agree too.
	rule(`console.log("sections[count].type=", elf.sections[elf.number_of_sections].type)`)
	rule(`console.log("dynamic[count].type=", elf.dynamic[elf.dynamic_section_entries].type)`)
	rule(`console.log("symtab[count].name=", elf.symtab[elf.symtab_entries].name)`)
	rule(`console.log("sections[0].type=", elf.sections[0].type)`)
	return b.String()
}

// yaraLog runs yara with rules on path and returns its console lines.
func yaraLog(t *testing.T, yaraBin, rules, path string) []string {
	t.Helper()
	out, err := exec.Command(yaraBin, "-w", rules, path).CombinedOutput()
	if err != nil {
		t.Fatalf("yara %s: %v\n%s", path, err, out)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		// Drop yara's match lines ("rN path").
		if l == "" || (strings.HasPrefix(l, "r") && strings.HasSuffix(l, " "+path)) {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

var (
	compileOnce sync.Once
	compiled    *yara.Rules
	compileErr  error
)

// overtLog scans data with the engine and returns its console lines.
func overtLog(t *testing.T, data []byte) []string {
	t.Helper()
	compileOnce.Do(func() {
		c := yara.NewCompiler()
		if compileErr = c.AddSource("dump.yar", []byte(dumpRules()), ""); compileErr == nil {
			compiled, compileErr = c.Rules()
		}
	})
	if compileErr != nil {
		t.Fatalf("compile: %v", compileErr)
	}
	var lines []string
	s := compiled.NewScanner(yara.ScanOptions{Log: func(l string) { lines = append(lines, l) }})
	if _, err := s.ScanBytes(context.Background(), data); err != nil {
		t.Fatalf("scan: %v", err)
	}
	return lines
}

// compareWithYara checks that yara and the engine print the same lines.
func compareWithYara(t *testing.T, yaraBin, rules, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := yaraLog(t, yaraBin, rules, path)
	got := overtLog(t, data)
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
			t.Fatalf("%s: line %d differs: yara %q, overt %q\nyara context: %q\novert context: %q",
				path, i, w, g, want[lo:min(len(want), i+3)], got[lo:min(len(got), i+3)])
		}
	}
}

// goSample cross-compiles a tiny Go program for goos/goarch into dir.
func goSample(t *testing.T, dir, goos, goarch string, strip bool) string {
	t.Helper()
	src := filepath.Join(dir, "main.go")
	if _, err := os.Stat(src); err != nil {
		prog := "package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"hi\\n\") }\n"
		if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module sample\n\ngo 1.21\n"), 0o644); err != nil {
			t.Fatal(err)
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
	cmd := exec.Command(filepath.Join(runtimeGOROOT(), "bin", "go"), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s/%s: %v\n%s", goos, goarch, err, out)
	}
	return filepath.Join(dir, name)
}

func runtimeGOROOT() string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "/usr/local/go"
	}
	return string(bytes.TrimSpace(out))
}

// variants writes damaged copies of the file at path into dir: truncations
// and header fields pointed at nonsense, for yara and the engine to agree on.
func variants(t *testing.T, dir, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(path)
	var out []string
	write := func(name string, b []byte) {
		p := filepath.Join(dir, base+"."+name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	for _, n := range []int{20, 60, 100, 300, len(data) / 2, len(data) - 1} {
		if n < len(data) {
			write(fmt.Sprintf("trunc%d", n), data[:n])
		}
	}
	for _, m := range mutations(data) {
		write(m.name, m.data)
	}
	return out
}

type mutation struct {
	name string
	data []byte
}

// systemSamples lists ELF files of a Debian system, skipping absent ones.
var systemSamples = []string{
	"/bin/ls",
	"/usr/bin/yara",
	"/usr/lib/x86_64-linux-gnu/libc.so.6",
	"/usr/lib/x86_64-linux-gnu/libyara.so.9",
	"/usr/lib/x86_64-linux-gnu/crt1.o",
	"/usr/lib/x86_64-linux-gnu/libc_nonshared.a",
	"/usr/lib/debug/.build-id",
}

func TestDifferentialYara(t *testing.T) {
	yaraBin := testenv.Yara(t)
	dir := t.TempDir()
	rules := filepath.Join(dir, "dump.yar")
	if err := os.WriteFile(rules, []byte(dumpRules()), 0o644); err != nil {
		t.Fatal(err)
	}
	var samples []string
	for _, p := range systemSamples {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			samples = append(samples, p)
		} else {
			t.Logf("system sample %s missing: skipped", p)
		}
	}
	for _, ga := range [][2]string{{"linux", "amd64"}, {"linux", "386"}, {"linux", "arm64"}, {"linux", "mips"}, {"linux", "ppc64"}} {
		samples = append(samples, goSample(t, dir, ga[0], ga[1], false), goSample(t, dir, ga[0], ga[1], true))
	}
	for _, p := range goldenSamples(t, dir) {
		samples = append(samples, p)
	}
	var all []string
	for _, p := range samples {
		all = append(all, p)
		all = append(all, variants(t, dir, p)...)
	}
	for _, p := range all {
		t.Run(filepath.Base(p), func(t *testing.T) { compareWithYara(t, yaraBin, rules, p) })
	}
}
