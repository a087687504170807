package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, want, got string
		wantDiff        string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"changed middle", "a\nb\nc\n", "a\nx\nc\n", "@@ line 2 @@\n- b\n+ x\n"},
		{"added line", "a\nc\n", "a\nb\nc\n", "@@ line 2 @@\n+ b\n"},
		{"removed line", "a\nb\nc\n", "a\nc\n", "@@ line 2 @@\n- b\n"},
		{"missing final newline", "a\n", "a", "@@ line 1 @@\n- a\n+ a\n\\ no newline at end\n"},
		{"from empty", "", "a\n", "@@ line 1 @@\n+ a\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diff(tt.want, tt.got); got != tt.wantDiff {
				t.Errorf("Diff(%q, %q) =\n%q\nwant\n%q", tt.want, tt.got, got, tt.wantDiff)
			}
		})
	}
}

func TestDiffBounded(t *testing.T) {
	got := Diff(strings.Repeat("a\n", 1000), strings.Repeat("b\n", 1000))
	if n := strings.Count(got, "\n"); n > maxDiffLines+3 {
		t.Errorf("Diff of 2000 differing lines has %d lines, want at most %d", n, maxDiffLines+3)
	}
	if !strings.Contains(got, "more lines differ") {
		t.Errorf("truncated diff does not say so:\n%s", got)
	}
}

// recorder is a testing.TB that records failures instead of stopping.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg = format
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = true
	r.msg = format
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "x.golden")
	tests := []struct {
		name       string
		update     bool
		got        string
		wantFailed bool
		wantFile   string
	}{
		{"missing file fails", false, "a\n", true, ""},
		{"update creates", true, "a\n", false, "a\n"},
		{"equal passes", false, "a\n", false, "a\n"},
		{"differing fails", false, "b\n", true, "a\n"},
		{"update rewrites", true, "b\n", false, "b\n"},
	}
	defer func(old bool) { *update = old }(*update)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			*update = tt.update
			r := &recorder{TB: t}
			CheckString(r, path, tt.got)
			if r.failed != tt.wantFailed {
				t.Errorf("failed = %v (%s), want %v", r.failed, r.msg, tt.wantFailed)
			}
			b, _ := os.ReadFile(path)
			if string(b) != tt.wantFile {
				t.Errorf("golden file holds %q, want %q", b, tt.wantFile)
			}
		})
	}
}
