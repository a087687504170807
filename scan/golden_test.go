package scan

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara"
)

// goldenRules exercise every part of the text output: namespaces, tags,
// every kind of metadata with every escape, text, wide-like and hex
// strings, anonymous strings, private and non-matching rules.
var goldenRules = []fakeRule{
	{name: "first", tags: []string{"t1", "t2"}, cond: "any",
		meta: []yara.Meta{
			{Key: "s", Value: "hi \"q\" \\ \t \x01\x7f\x80\xff 'x' \a\b\v\f\r\n?"},
			{Key: "n", Value: int64(-5)}, {Key: "p", Value: int64(7)},
			{Key: "b", Value: true}, {Key: "f", Value: false}, {Key: "e", Value: ""},
		},
		strs: []fakeString{
			{id: "$a", data: []byte("hello")},
			{id: "$h", data: []byte{0, 1, 0xff}, hex: true},
			{id: "$w", data: []byte("h\x00i\x00")},
			{id: "$", data: []byte("lo")},
			{id: "$", data: []byte("\x7f\x80 ")},
		}},
	{name: "always", cond: "true"},
	{name: "hidden", private: true, cond: "true"},
	{name: "never", tags: []string{"t2"}, cond: "any", meta: []yara.Meta{{Key: "k", Value: int64(0)}},
		strs: []fakeString{{id: "$z", data: []byte("zzz")}}},
	{ns: "ns1", name: "other", tags: []string{"A"}, cond: "any",
		strs: []fakeString{{id: "$x", data: []byte("ll")}}},
	{ns: "ns1", name: "both", tags: []string{"A", "B"}, cond: "all",
		strs: []fakeString{{id: "$x", data: []byte("hel")}, {id: "$y", data: []byte("zzz")}}},
	{ns: "ns1", name: "last", tags: []string{"B"}, cond: "true"},
}

const goldenData = "hello\x00\x01\xffh\x00i\x00 \x7f\x80 lo lo hello"

// goldenCase is one yara command line and the Config that means the same.
type goldenCase struct {
	name   string
	flags  []string
	target string // "f1" or "d"
	cfg    Config
	sorted bool // compare sorted lines (directory scans print in readdir order)
}

var goldenCases = []goldenCase{
	{name: "plain", target: "f1"},
	{name: "strings", flags: []string{"-s"}, target: "f1", cfg: Config{Text: TextOptions{Strings: true}}},
	{name: "length", flags: []string{"-L"}, target: "f1", cfg: Config{Text: TextOptions{StringLength: true}}},
	{name: "all", flags: []string{"-s", "-L", "-m", "-g", "-e"}, target: "f1",
		cfg: Config{Text: TextOptions{Strings: true, StringLength: true, Meta: true, Tags: true, Namespace: true}}},
	{name: "meta", flags: []string{"-m"}, target: "f1", cfg: Config{Text: TextOptions{Meta: true}}},
	{name: "tags-ns", flags: []string{"-g", "-e"}, target: "f1", cfg: Config{Text: TextOptions{Tags: true, Namespace: true}}},
	{name: "count", flags: []string{"-c"}, target: "f1", cfg: Config{Count: true}},
	{name: "count-filtered", flags: []string{"-c", "-t", "A", "-n"}, target: "f1",
		cfg: Config{Count: true, Filter: Filter{Tags: []string{"A"}, Negate: true}}},
	{name: "negate", flags: []string{"-n", "-g", "-m"}, target: "f1",
		cfg: Config{Filter: Filter{Negate: true}, Text: TextOptions{Tags: true, Meta: true}}},
	{name: "tag", flags: []string{"-t", "t2", "-t", "B"}, target: "f1", cfg: Config{Filter: Filter{Tags: []string{"t2", "B"}}}},
	{name: "identifier-beats-tag", flags: []string{"-t", "A", "-i", "always"}, target: "f1",
		cfg: Config{Filter: Filter{Tags: []string{"A"}, Identifiers: []string{"always"}}}},
	{name: "max-rules", flags: []string{"-l", "2"}, target: "f1", cfg: Config{Filter: Filter{MaxRules: 2}}},
	{name: "max-rules-filtered", flags: []string{"-l", "1", "-t", "A"}, target: "f1",
		cfg: Config{Filter: Filter{MaxRules: 1, Tags: []string{"A"}}}},
	{name: "max-rules-negate", flags: []string{"-l", "2", "-n"}, target: "f1",
		cfg: Config{Filter: Filter{MaxRules: 2, Negate: true}}},
	{name: "max-rules-count", flags: []string{"-l", "3", "-c"}, target: "f1",
		cfg: Config{Count: true, Filter: Filter{MaxRules: 3}}},
	{name: "dir", target: "d", sorted: true},
	{name: "dir-count", flags: []string{"-c"}, target: "d", cfg: Config{Count: true}, sorted: true},
	{name: "dir-recursive", flags: []string{"-r"}, target: "d", cfg: Config{WalkOptions: WalkOptions{Recursive: true}}, sorted: true},
	{name: "dir-no-follow", flags: []string{"-r", "-N"}, target: "d",
		cfg: Config{WalkOptions: WalkOptions{Recursive: true, NoFollowSymlinks: true}}, sorted: true},
	{name: "dir-skip-larger", flags: []string{"-r", "-z", "10"}, target: "d",
		cfg: Config{WalkOptions: WalkOptions{Recursive: true, SkipLarger: 10}}, sorted: true},
	{name: "scan-list", flags: []string{"--scan-list", "-c"}, target: "list",
		cfg: Config{WalkOptions: WalkOptions{ScanList: true}, Count: true}, sorted: true},
}

// goldenTree creates the files of the golden cases in dir: f1, a tree d
// with symlinks, a dangling symlink and a FIFO, and a scan list.
func goldenTree(t *testing.T, dir string) {
	t.Helper()
	for _, ns := range []string{"", "ns1"} {
		name := "default.yar"
		if ns != "" {
			name = ns + ".yar"
		}
		write(t, filepath.Join(dir, name), fakeSource(goldenRules, ns))
	}
	write(t, filepath.Join(dir, "f1"), goldenData)
	write(t, filepath.Join(dir, "d/a"), "hello")
	write(t, filepath.Join(dir, "d/big"), "zzz and a long tail")
	write(t, filepath.Join(dir, "d/sub/b"), "hel")
	write(t, filepath.Join(dir, "d/sub2/x"), "ll")
	write(t, filepath.Join(dir, "list"), "f1\nd/sub\n")
	symlink(t, "a", filepath.Join(dir, "d/link"))
	symlink(t, "sub2", filepath.Join(dir, "d/linkdir"))
	symlink(t, "/nonexistent/overt", filepath.Join(dir, "d/dangling"))
	mkfifo(t, filepath.Join(dir, "d/fifo"))
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, old, new string) {
	t.Helper()
	if err := os.Symlink(old, new); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
}

// TestGoldenText runs every golden case through Run with the fake engine
// and compares stdout and stderr with testdata/text/NAME.golden, which
// holds yara's output for the same rules and files. When yara is installed the test
// also compares with yara live (and -update rewrites the golden files).
func TestGoldenText(t *testing.T) {
	dir := t.TempDir()
	goldenTree(t, dir)
	t.Chdir(dir)
	yaraPath := testenv.OptionalYara(t)
	if golden.Update() && yaraPath == "" {
		t.Fatal("-update needs yara on PATH")
	}
	goldenDir := filepath.Join(testdataDir(t), "text")
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Workers = 1
			var out, errb bytes.Buffer
			sum := Run(context.Background(), &fakeEngine{rules: goldenRules}, tc.target, cfg, &out, &errb)
			if sum.Failed {
				t.Errorf("run failed: %s", errb.String())
			}
			got := normalize(out.String(), tc.sorted) + "--- stderr\n" + normalize(errb.String(), true)
			goldenPath := filepath.Join(goldenDir, tc.name+".golden")
			if yaraPath != "" {
				args := append(slices.Clone(tc.flags), "default.yar", "ns1:ns1.yar", tc.target)
				cmd := exec.Command(yaraPath, append([]string{"-w"}, args...)...)
				var yout, yerr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &yout, &yerr
				if err := cmd.Run(); err != nil {
					t.Fatalf("yara %v: %v", args, err)
				}
				want := normalize(yout.String(), tc.sorted) + "--- stderr\n" + normalize(yerr.String(), true)
				if golden.Update() {
					golden.Write(t, goldenPath, []byte(want))
				}
				if got != want {
					t.Errorf("yara %s:\n got:\n%s\nwant (yara):\n%s", strings.Join(args, " "), got, want)
				}
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("golden %s:\n%s", goldenPath, golden.Diff(string(want), got))
			}
		})
	}
}

// normalize sorts the lines of directory scans, whose order is yara's
// readdir order.
func normalize(s string, sorted bool) string {
	if !sorted {
		return s
	}
	lines := strings.SplitAfter(s, "\n")
	slices.Sort(lines)
	return strings.Join(lines, "")
}

// testdataDir returns the package's testdata directory, found before any
// t.Chdir from the source file's directory.
func testdataDir(t *testing.T) string {
	t.Helper()
	return filepath.Join(pkgDir, "testdata")
}

var pkgDir = func() string {
	d, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return d
}()
