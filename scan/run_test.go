package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/internal/golden"
	"github.com/overt-sec/overt/yara"
)

var runRules = []fakeRule{
	{name: "hello", cond: "any", tags: []string{"greeting"}, meta: []yara.Meta{{Key: "author", Value: "me"}, {Key: "bad", Value: "\xff"}},
		strs: []fakeString{{id: "$a", data: []byte("hello")}}},
	{name: "zeros", cond: "any", strs: []fakeString{{id: "$z", data: []byte{0, 0}, hex: true}}},
}

func runFake(t *testing.T, target string, cfg Config) (Summary, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	sum := Run(context.Background(), &fakeEngine{rules: runRules}, target, cfg, &out, &errb)
	return sum, out.String(), errb.String()
}

// TestRunWorkers scans many files with many workers (run it with -race):
// every object's lines must stay together and the output must be the same
// as with one worker, up to the order of objects.
func TestRunWorkers(t *testing.T) {
	dir := t.TempDir()
	for i := range 300 {
		data := strings.Repeat("hello ", i%4) + strings.Repeat("\x00", i%3)
		write(t, filepath.Join(dir, fmt.Sprintf("sub%d/f%03d", i%5, i)), data)
	}
	cfg := Config{WalkOptions: WalkOptions{Recursive: true}, Text: TextOptions{Strings: true}}
	blocks := func(out string) []string {
		// Split into one block per rule line: a line not starting with 0x.
		var bs []string
		for _, l := range strings.SplitAfter(out, "\n") {
			if l == "" {
				continue
			}
			if strings.HasPrefix(l, "0x") {
				bs[len(bs)-1] += l
			} else {
				bs = append(bs, l)
			}
		}
		slices.Sort(bs)
		return bs
	}
	cfg.Workers = 1
	sum1, out1, err1 := runFake(t, dir, cfg)
	for _, w := range []int{2, 8, 64} {
		t.Run(fmt.Sprintf("workers=%d", w), func(t *testing.T) {
			cfg.Workers = w
			sum, out, errOut := runFake(t, dir, cfg)
			if errOut != err1 || sum.Objects != 300 || sum.Objects != sum1.Objects || sum.Bytes != sum1.Bytes || sum.Matches != sum1.Matches {
				t.Fatalf("summary %+v vs %+v, stderr %q", sum, sum1, errOut)
			}
			// Interleaved objects would split or merge blocks.
			if !slices.Equal(blocks(out), blocks(out1)) {
				t.Errorf("output differs from one worker's")
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "block", "BLOCK")
	write(t, "fail", "FAIL")
	write(t, "warn", "WARN hello")
	write(t, "log", "LOG hello")
	write(t, "d/fail", "FAIL")
	write(t, "d/ok", "hello")
	tests := []struct {
		name       string
		target     string
		cfg        Config
		out, err   string
		failed     bool
		errorCount int64
	}{
		{"timeout", "block", Config{Timeout: 20 * time.Millisecond}, "", "error scanning block: scanning timed out\n", true, 1},
		{"engine error on the target fails", "fail", Config{}, "", "error scanning fail: internal error: 42\n", true, 1},
		{"engine error in a directory does not", "d", Config{Workers: 1}, "hello d/ok\n", "error scanning d/fail: internal error: 42\n", false, 1},
		{"warning", "warn", Config{}, "hello warn\n",
			"warning: rule \"hello\": too many matches for $a, results for this rule may be incorrect\n", false, 0},
		{"no warnings", "warn", Config{NoWarnings: true}, "hello warn\n", "", false, 0},
		{"fail on warnings", "warn", Config{FailOnWarnings: true}, "",
			"warning: rule \"hello\": too many matches for $a, results for this rule may be incorrect\n" +
				"error scanning warn: string \"$a\" in rule \"hello\" caused too many matches\n", true, 1},
		{"fail on warnings is off with -w", "warn", Config{FailOnWarnings: true, NoWarnings: true}, "hello warn\n", "", false, 0},
		{"console before rules", "log", Config{}, "console says hi\nhello log\n", "", false, 0},
		{"console on stderr in ndjson", "log", Config{Format: NDJSON, Count: true}, `{"target":["log"],"count":1}` + "\n", "console says hi\n", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, out, errOut := runFake(t, tt.target, tt.cfg)
			if out != tt.out || errOut != tt.err || sum.Failed != tt.failed || sum.Errors != tt.errorCount {
				t.Errorf("got stdout %q stderr %q failed %v errors %d\nwant stdout %q stderr %q failed %v errors %d",
					out, errOut, sum.Failed, sum.Errors, tt.out, tt.err, tt.failed, tt.errorCount)
			}
		})
	}
}

func TestRunCancel(t *testing.T) {
	dir := t.TempDir()
	for i := range 20 {
		write(t, filepath.Join(dir, fmt.Sprint(i)), "BLOCK")
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan Summary)
	go func() {
		var out, errb bytes.Buffer
		done <- Run(ctx, &fakeEngine{rules: runRules}, dir, Config{Workers: 4}, &out, &errb)
	}()
	select {
	case sum := <-done:
		if !sum.Canceled {
			t.Errorf("summary %+v: not canceled", sum)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after cancel")
	}
}

// TestNDJSON checks the NDJSON records against testdata/ndjson.golden and
// that every line is a JSON object with the documented fields.
func TestNDJSON(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "f", "hello\x00\x00\x00 hello")
	var all bytes.Buffer
	for _, cfg := range []Config{
		{Format: NDJSON},
		{Format: NDJSON, Text: TextOptions{Strings: true}},
		{Format: NDJSON, Filter: Filter{Negate: true}},
		{Format: NDJSON, Count: true},
	} {
		_, out, errOut := runFake(t, "f", cfg)
		if errOut != "" {
			t.Fatalf("stderr %q", errOut)
		}
		all.WriteString(out)
	}
	for _, line := range strings.Split(strings.TrimSpace(all.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if _, ok := m["target"]; !ok {
			t.Errorf("line %q has no target", line)
		}
	}
	golden.Check(t, filepath.Join(testdataDir(t), "ndjson.golden"), all.Bytes())
}
