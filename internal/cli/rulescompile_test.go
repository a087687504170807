package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRulesCompileThenScanCompiled(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "r.yar")
	if err := os.WriteFile(rules, []byte(`rule hello { strings: $a = "hello" condition: $a and ext == 1 }`), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data.txt")
	if err := os.WriteFile(data, []byte("say hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "r.ovr")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no output", []string{"rules", "compile", "-d", "ext=1", rules}, exitUsage, "-o FILE is required"},
		{"undefined external", []string{"rules", "compile", "-o", out, rules}, exitError, `undefined identifier "ext"`},
		{"missing file", []string{"rules", "compile", "-o", out, filepath.Join(dir, "none.yar")}, exitError, "none.yar"},
		{"compiles", []string{"rules", "compile", "-d", "ext=1", "-o", out, "ns:" + rules}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d; stderr %q, want %q", code, tt.code, stderr, tt.stderr)
			}
			if tt.code != exitOK {
				if _, err := os.Stat(out); err == nil {
					t.Fatalf("%s written on error", out)
				}
			}
		})
	}
	code, stdout, stderr := run(t, "scan", "-C", out, data)
	if code != exitOK || strings.TrimSpace(stdout) != "hello "+data {
		t.Fatalf("scan -C: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, _, stderr = run(t, "scan", "-C", rules, data)
	if code == exitOK || !strings.Contains(stderr, "bad magic") {
		t.Fatalf("scan -C of a source file: exit %d, stderr %q", code, stderr)
	}
}
