package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/scan"
)

// nullEngine matches nothing; the flag tests only look at the parsing.
type nullEngine struct{}

func (nullEngine) NewScanner() scan.Scanner { return nullEngine{} }
func (nullEngine) Scan(context.Context, *scan.Object) (*scan.Outcome, error) {
	return &scan.Outcome{}, nil
}

func TestScanFlags(t *testing.T) {
	target := filepath.Join(t.TempDir(), "target")
	if err := os.WriteFile(target, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		files []ruleFile
		check func(f *scanFlags, c scan.Config) bool
	}{
		{"grouped short flags", []string{"-sr", "r.yar", target}, []ruleFile{{path: "r.yar"}},
			func(f *scanFlags, c scan.Config) bool { return c.Text.Strings && c.Recursive }},
		{"attached value", []string{"-p4", "r.yar", target}, []ruleFile{{path: "r.yar"}},
			func(f *scanFlags, c scan.Config) bool { return c.Workers == 4 }},
		{"long forms", []string{"--threads=3", "--tag", "x", "--timeout=7", "r.yar", target}, []ruleFile{{path: "r.yar"}},
			func(f *scanFlags, c scan.Config) bool {
				return c.Workers == 3 && slices.Equal(c.Filter.Tags, []string{"x"}) && c.Timeout == 7*time.Second
			}},
		{"repeated -d -t -i", []string{"-d", "a=1", "-d", "b=x y", "-t", "T1", "-t", "T2", "-i", "r", "r.yar", target}, []ruleFile{{path: "r.yar"}},
			func(f *scanFlags, c scan.Config) bool {
				return slices.Equal(f.defines, []string{"a=1", "b=x y"}) && len(c.Filter.Tags) == 2 && slices.Equal(c.Filter.Identifiers, []string{"r"})
			}},
		{"namespaces and several files", []string{"ns1:a.yar", "b.yar", "ns2:c.yar", target},
			[]ruleFile{{ns: "ns1", path: "a.yar"}, {path: "b.yar"}, {ns: "ns2", path: "c.yar"}},
			func(f *scanFlags, c scan.Config) bool { return true }},
		{"flags after arguments", []string{"r.yar", "-r", target, "-N"}, []ruleFile{{path: "r.yar"}},
			func(f *scanFlags, c scan.Config) bool { return c.Recursive && c.NoFollowSymlinks }},
		{"every yara flag", []string{"-s", "-L", "-m", "-g", "-e", "-c", "-n", "-f", "-w", "--fail-on-warnings", "-l", "5",
			"-z", "100", "-k", "100", "-S", "-q", "--scan-list", "--max-strings-per-rule=5", "--max-process-memory-chunk=10",
			"--atom-quality-table=q", "-a", "2", "--format", "ndjson", "r.yar", target}, []ruleFile{{path: "r.yar"}},
			func(f *scanFlags, c scan.Config) bool {
				return c.Text == scan.TextOptions{Strings: true, StringLength: true, Meta: true, Tags: true, Namespace: true} &&
					c.Count && c.Filter.Negate && f.fast && c.NoWarnings && c.FailOnWarnings && c.Filter.MaxRules == 5 &&
					c.SkipLarger == 100 && f.stats && f.noConsole && c.ScanList && c.Timeout == 2*time.Second && c.Format == scan.NDJSON
			}},
		{"defaults as yara", []string{"r.yar", target}, []ruleFile{{path: "r.yar"}},
			func(f *scanFlags, c scan.Config) bool {
				return c.Timeout == 1000000*time.Second && c.Workers == 0 && f.stackSize == 16384
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotFlags *scanFlags
			var gotFiles []ruleFile
			old := newScanEngine
			defer func() { newScanEngine = old }()
			newScanEngine = func(e *env, f *scanFlags, files []ruleFile) (scan.Engine, func(io.Writer), bool) {
				gotFlags, gotFiles = f, files
				return nullEngine{}, nil, true
			}
			code, _, errOut := run(t, append([]string{"scan"}, tt.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !slices.Equal(gotFiles, tt.files) {
				t.Errorf("rule files %v, want %v", gotFiles, tt.files)
			}
			if !tt.check(gotFlags, scanConfig(gotFlags)) {
				t.Errorf("flags %+v, config %+v", *gotFlags, scanConfig(gotFlags))
			}
		})
	}
}

// scanFixture writes rule files and targets for the end-to-end tests.
func scanFixture(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	files := map[string]string{
		"r.yar": `rule hello : greet { meta: who = "world" n = -5 strings: $a = "hello" $h = { 00 01 } condition: any of them }
rule never { strings: $z = "zzz" condition: $z }
`,
		"bad.yar":  "rule x { condition: $nope }\n",
		"f":        "hello\x00\x01 hello",
		"d/a":      "hello",
		"d/sub/b":  "nothing",
		"d/sub/c":  "hello again",
		"list.txt": "f\nd/a\n",
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestScanEndToEnd runs overt scan with the real engine.
func TestScanEndToEnd(t *testing.T) {
	scanFixture(t)
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // exact, after sorting lines when sorted is set
		inStderr string
		sorted   bool
	}{
		{"match", []string{"r.yar", "f"}, exitOK, "hello f\n", "", false},
		{"strings meta tags", []string{"-s", "-m", "-g", "-e", "r.yar", "f"}, exitOK,
			"default:hello [greet] [who=\"world\",n =-5] f\n0x0:$a: hello\n0x8:$a: hello\n0x5:$h: 00 01\n", "", false},
		{"negate", []string{"-n", "r.yar", "f"}, exitOK, "never f\n", "", false},
		{"count", []string{"-c", "r.yar", "f"}, exitOK, "1\n", "", false},
		{"directory", []string{"-r", "-p", "1", "r.yar", "d"}, exitOK, "hello d/a\nhello d/sub/c\n", "", true},
		{"scan list", []string{"--scan-list", "r.yar", "list.txt"}, exitOK, "hello d/a\nhello f\n", "", true},
		{"compile error", []string{"bad.yar", "f"}, exitError, "", "bad.yar:1:21: error:", false},
		{"missing rules", []string{"nope.yar", "f"}, exitError, "", "nope.yar", false},
		{"missing target", []string{"r.yar", "nope"}, exitError, "", "error scanning nope: could not open file", false},
		{"missing pid", []string{"r.yar", "7777777"}, exitError, "", "error scanning 7777777: can not attach to process (try running as root)", false},
		{"usage", []string{"r.yar"}, exitError, "", "wrong number of arguments", false},
		{"bad flag", []string{"--bogus", "r.yar", "f"}, exitError, "", "unknown flag", false},
		{"bad define", []string{"-d", "novalue", "r.yar", "f"}, exitError, "", "-d", false},
		{"ndjson", []string{"--format=ndjson", "-s", "r.yar", "f"}, exitOK,
			`{"target":["f"],"namespace":"default","rule":"hello","matched":true,"tags":["greet"],"meta":[{"key":"who","value":"world"},{"key":"n","value":-5}],"strings":[{"identifier":"$a","offset":0,"length":5,"data":"aGVsbG8=","text":"hello"},{"identifier":"$a","offset":8,"length":5,"data":"aGVsbG8=","text":"hello"},{"identifier":"$h","offset":5,"length":2,"data":"AAE=","text":"00 01","hex":true}]}` + "\n",
			"", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, append([]string{"scan"}, tt.args...)...)
			if tt.sorted {
				lines := strings.SplitAfter(out, "\n")
				slices.Sort(lines)
				out = strings.Join(lines, "")
			}
			if code != tt.code || out != tt.stdout || !strings.Contains(errOut, tt.inStderr) {
				t.Errorf("exit %d, stdout %q, stderr %q;\nwant exit %d, stdout %q, stderr with %q",
					code, out, errOut, tt.code, tt.stdout, tt.inStderr)
			}
		})
	}
}

// TestScanAgainstYara compares overt scan's output with yara's on the
// same command lines.
func TestScanAgainstYara(t *testing.T) {
	yaraPath := testenv.Yara(t)
	scanFixture(t)
	for _, args := range [][]string{
		{"r.yar", "f"},
		{"-s", "-L", "-m", "-g", "-e", "r.yar", "f"},
		{"-n", "-m", "r.yar", "f"},
		{"-c", "r.yar", "d"},
		{"-r", "r.yar", "d"},
		{"-c", "--scan-list", "r.yar", "list.txt"},
		{"-l", "1", "r.yar", "f"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var yout bytes.Buffer
			cmd := exec.Command(yaraPath, args...)
			cmd.Stdout = &yout
			if err := cmd.Run(); err != nil {
				t.Fatalf("yara: %v", err)
			}
			_, out, _ := run(t, append([]string{"scan"}, args...)...)
			sortLines := func(s string) string {
				l := strings.SplitAfter(s, "\n")
				slices.Sort(l)
				return strings.Join(l, "")
			}
			if sortLines(out) != sortLines(yout.String()) {
				t.Errorf("overt:\n%s\nyara:\n%s", out, yout.String())
			}
		})
	}
}
