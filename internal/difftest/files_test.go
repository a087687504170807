package difftest

import (
	"bytes"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/syntax"
)

const genRules = "testdata/rules/gen.yar"

func loadProgram(t *testing.T, path string) *syntax.Program {
	t.Helper()
	prog, errs := syntax.Load(token.NewFileSet(), path, syntax.LoadOptions{})
	if errs.HasErrors() {
		t.Fatalf("load %s: %v", path, errs.Err())
	}
	return prog
}

func TestGenerateRuleFilesDeterministic(t *testing.T) {
	prog := loadProgram(t, genRules)
	d1, d2, d3 := t.TempDir(), t.TempDir(), t.TempDir()
	p1, err1 := GenerateRuleFiles(prog, d1, 7)
	p2, err2 := GenerateRuleFiles(prog, d2, 7)
	p3, err3 := GenerateRuleFiles(prog, d3, 8)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	if len(p1) != len(p2) || len(p1) == 0 {
		t.Fatalf("%d and %d files", len(p1), len(p2))
	}
	differs := false
	for i := range p1 {
		b1, _ := os.ReadFile(p1[i])
		b2, _ := os.ReadFile(p2[i])
		b3, _ := os.ReadFile(p3[i])
		if !bytes.Equal(b1, b2) {
			t.Errorf("%s differs between runs with the same seed", filepath.Base(p1[i]))
		}
		differs = differs || !bytes.Equal(b1, b3)
	}
	if !differs {
		t.Error("seeds 7 and 8 produced identical files")
	}
}

func TestGenerateRuleFilesHeaders(t *testing.T) {
	dir := t.TempDir()
	paths, err := GenerateRuleFiles(loadProgram(t, genRules), dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file   string
		prefix string
		at     int
	}{
		{"00000_plain_all.pe.bin", "MZ", 0},
		{"00000_plain_all.pe.bin", "\x80\x00\x00\x00", 0x3C},
		{"00000_plain_all.pe.bin", "PE\x00\x00", 0x80},
		{"00000_plain_all.elf.bin", "\x7fELF", 0},
		{"00003_anchored.plain.bin", "START", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file+"@"+tt.prefix, func(t *testing.T) {
			p := filepath.Join(dir, tt.file)
			if !slices.Contains(paths, p) {
				t.Fatalf("%s not generated; got %v", tt.file, paths)
			}
			b, _ := os.ReadFile(p)
			if len(b) < tt.at+len(tt.prefix) || string(b[tt.at:tt.at+len(tt.prefix)]) != tt.prefix {
				t.Errorf("%s: want %q at %#x", tt.file, tt.prefix, tt.at)
			}
		})
	}
}

// TestGenerateRuleFilesWithYara scans the generated files with yara and
// checks each rule against the variants written for it.
func TestGenerateRuleFilesWithYara(t *testing.T) {
	testenv.Yara(t)
	dir := t.TempDir()
	if _, err := GenerateRuleFiles(loadProgram(t, genRules), dir, 3); err != nil {
		t.Fatal(err)
	}
	res, err := RunYara(genRules, nil, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rule, file string
		want       bool
	}{
		{"plain_all", "00000_plain_all.plain.bin", true},
		{"plain_all", "00000_plain_all.pe.bin", true},
		{"plain_all", "00000_plain_all.elf.bin", true},
		{"plain_all", "00000_plain_all.miss.bin", false},
		{"pe_only", "00001_pe_only.plain.bin", false},
		{"pe_only", "00001_pe_only.pe.bin", true},
		{"pe_only", "00001_pe_only.elf.bin", false},
		{"elf_only", "00002_elf_only.elf.bin", true},
		{"elf_only", "00002_elf_only.pe.bin", false},
		{"anchored", "00003_anchored.plain.bin", true},
		{"anchored", "00003_anchored.pe.bin", false},
		{"anchored", "00003_anchored.miss.bin", false},
		{"nostrings", "00004_nostrings.plain.bin", true},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" "+tt.file, func(t *testing.T) {
			if got := res.Matched(tt.rule, filepath.Join(dir, tt.file)); got != tt.want {
				t.Errorf("yara: %s matches %s = %v, want %v", tt.rule, tt.file, got, tt.want)
			}
		})
	}
	// String matches are reported for the plain file of plain_all.
	n := 0
	for _, s := range res.Strings {
		if s.Rule == "plain_all" && filepath.Base(s.File) == "00000_plain_all.plain.bin" {
			n++
		}
	}
	if n < 4 {
		t.Errorf("yara -s reported %d string matches of plain_all, want at least 4", n)
	}
}

func TestRunYaraTargetsAndDefines(t *testing.T) {
	testenv.Yara(t)
	dir := t.TempDir()
	rules := filepath.Join(dir, "r.yar")
	os.WriteFile(rules, []byte(`rule ext { condition: flag and name == "x" }
rule s : tag1 { meta: k = "v" strings: $a = "ab" condition: $a }`), 0o644)
	f1, f2 := filepath.Join(dir, "one.bin"), filepath.Join(dir, "two.bin")
	os.WriteFile(f1, []byte("xxab"), 0o644)
	os.WriteFile(f2, []byte("none"), 0o644)
	res, err := RunYara(rules, []string{"flag=true", "name=x"}, []string{f1, f2}, "-g", "-m", "-L")
	if err != nil {
		t.Fatal(err)
	}
	want := Result{
		Rules: []RuleMatch{
			{File: f1, Rule: "ext", Tags: "[]", Meta: "[]"},
			{File: f1, Rule: "s", Tags: "[tag1]", Meta: `[k="v"]`},
			{File: f2, Rule: "ext", Tags: "[]", Meta: "[]"},
		},
		Strings: []StringMatch{{File: f1, Rule: "s", Offset: 2, Length: 2, ID: "$a", Data: "ab"}},
	}
	if d := Diff(want, res); d != "" {
		t.Errorf("RunYara differs from expected:\n%s", d)
	}
	if _, err := RunYara(filepath.Join(dir, "missing.yar"), nil, []string{f1}); err == nil {
		t.Error("RunYara with a missing rules file succeeded")
	}
}
