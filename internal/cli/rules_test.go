package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

func TestRulesCheck(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string // substrings expected on stderr, in order
	}{
		{"clean file", []string{"rules", "check", "-d", "filesize_limit=10", "testdata/good.yar"}, exitOK, nil},
		{"undefined external", []string{"rules", "check", "testdata/good.yar"}, exitError,
			[]string{`good.yar:3:99: error: undefined identifier "filesize_limit"`}},
		{"every error, in order, with excerpt and caret", []string{"rules", "check", "testdata/bad.yar"}, exitError,
			[]string{
				`bad.yar:4:9: error: unreferenced string "$b" [C003]`, "        $b = \"y\"\n  " + "        ^",
				`bad.yar:6:16: error: undefined string "$c"`,
				`bad.yar:6:23: error: undefined identifier "pe"`,
				`bad.yar:8:6: error: duplicated identifier "a"`,
			}},
		{"missing file", []string{"rules", "check", "testdata/nonexistent.yar"}, exitError, []string{"nonexistent.yar"}},
		{"bad define", []string{"rules", "check", "-d", "novalue", "testdata/good.yar"}, exitUsage, []string{"-d novalue"}},
		{"no file", []string{"rules", "check"}, exitUsage, []string{"requires at least 1 arg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			rest := stderr
			for _, want := range tt.stderr {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("stderr lacks %q (in order); stderr:\n%s", want, stderr)
				}
				rest = rest[i+len(want):]
			}
		})
	}
}

func TestRulesCheckSharedSets(t *testing.T) {
	for _, set := range []string{"yara-rules", "reversinglabs"} {
		code, _, stderr := run(t, "rules", "check", "-w", testenv.RuleSet(t, set))
		if code != exitOK {
			t.Errorf("%s: exit %d:\n%s", set, code, stderr)
		}
	}
}

func TestRulesFmt(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/good.yar")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "r.yar")
	if err := os.WriteFile(path, src, 0o640); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, "rules", "fmt", path)
	if code != exitOK || !strings.Contains(out, "// a comment that fmt must keep") ||
		!strings.Contains(out, "rule good : t1\n{\n    meta:\n        n = 1\n") {
		t.Fatalf("fmt: exit %d, stdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	if code, out, _ := run(t, "rules", "fmt", "-l", path); code != exitOK || out != path+"\n" {
		t.Fatalf("fmt -l on an unformatted file: exit %d, %q", code, out)
	}
	if code, _, stderr := run(t, "rules", "fmt", "-w", path); code != exitOK {
		t.Fatalf("fmt -w: exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(path)
	if string(got) != out {
		t.Fatalf("fmt -w wrote\n%s\nwant\n%s", got, out)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
		t.Fatalf("fmt -w changed the mode to %v", info.Mode().Perm())
	}
	if code, out, _ := run(t, "rules", "fmt", "-l", path); code != exitOK || out != "" {
		t.Fatalf("fmt -l on a formatted file: exit %d, %q", code, out)
	}
	// A file with syntax errors is reported and left alone.
	bad := filepath.Join(dir, "bad.yar")
	os.WriteFile(bad, []byte("rule x { condition: }"), 0o644)
	if code, _, stderr := run(t, "rules", "fmt", "-w", bad); code != exitError || !strings.Contains(stderr, "bad.yar:1:") {
		t.Fatalf("fmt on a broken file: exit %d, stderr %q", code, stderr)
	}
	if got, _ := os.ReadFile(bad); string(got) != "rule x { condition: }" {
		t.Fatalf("fmt -w rewrote a broken file: %q", got)
	}
}

func TestDebugAST(t *testing.T) {
	code, out, stderr := run(t, "debug", "ast", "testdata/good.yar")
	if code != exitOK || !strings.Contains(out, "rule good tags(t1)") || !strings.Contains(out, `string $a = "abc" nocase`) {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	if code, _, _ := run(t, "debug", "ast", "testdata/nonexistent.yar"); code != exitError {
		t.Fatalf("missing file: exit %d", code)
	}
}
