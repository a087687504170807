package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/cli"
	"github.com/overt-sec/overt/internal/difftest"
	"github.com/overt-sec/overt/internal/testenv"
)

// threads is the -p of both engines: CI has 2 cores.
const threads = "2"

// ruleSet is one public rule set of the shared material.
type ruleSet struct {
	name string // short name for subtests
	file string // index file, relative to the rules directory
}

var ruleSets = []ruleSet{
	{"reversinglabs", "reversinglabs/index-compiled.yar"},
	{"yara-rules", "yara-rules/index-compiled.yar"},
}

// rulesPath returns the path of set's index file, skipping the test (failing
// it under CI) when yara or the file is missing.
func rulesPath(t *testing.T, set ruleSet) string {
	t.Helper()
	testenv.Yara(t)
	dir := os.Getenv("OVERT_RULES_DIR")
	if dir == "" {
		dir = testenv.SharedPath(t, "rules")
	}
	p := filepath.Join(dir, set.file)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI requires rule set %s: %v", set.name, err)
		}
		t.Skipf("rule set %s not available: %v", set.name, err)
	}
	return p
}

// runOvert runs `overt ARGS...` in-process and parses its standard output
// as yara's; f says which optional fields args print.
func runOvert(t *testing.T, f difftest.OutputFormat, args ...string) difftest.Result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Main(args, strings.NewReader(""), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("overt %s: exit %d: %s", strings.Join(args, " "), code, clip(stderr.String()))
	}
	res, err := difftest.ParseOutput(stdout.Bytes(), f)
	if err != nil {
		t.Fatalf("overt %s: %v", strings.Join(args, " "), err)
	}
	res.Sort()
	return res
}

// runYara runs `yara ARGS...` and parses its output.
func runYara(t *testing.T, f difftest.OutputFormat, args ...string) difftest.Result {
	t.Helper()
	res, err := difftest.RunYaraArgv(args, f)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return res
}

// maxReported is how many unexpected differences a failure lists.
const maxReported = 40

// compare fails t when overt's result differs from yara's other than by
// the allow-list, and logs the figures either way.
func compare(t *testing.T, what string, yaraRes, overtRes difftest.Result) {
	t.Helper()
	diffs := difftest.Differences(yaraRes, overtRes)
	var bad []difftest.Difference
	allowed := map[string]int{}
	for _, d := range diffs {
		if reason, ok := allowedDifference(d); ok {
			allowed[reason]++
			continue
		}
		bad = append(bad, d)
	}
	t.Logf("%s: yara %d rule matches, %d string matches; overt %d, %d; %d allowed differences",
		what, len(yaraRes.Rules), len(yaraRes.Strings), len(overtRes.Rules), len(overtRes.Strings), len(diffs)-len(bad))
	for reason, n := range allowed {
		t.Logf("  allowed (%d): %s", n, reason)
	}
	if len(bad) == 0 {
		return
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: %d differences (- yara only, + overt only):\n", what, len(bad))
	for i, d := range bad {
		if i == maxReported {
			fmt.Fprintf(&sb, "  ... and %d more\n", len(bad)-i)
			break
		}
		sign := "-"
		if d.Only == "b" {
			sign = "+"
		}
		fmt.Fprintf(&sb, "  %s %s\n", sign, clip(d.Key))
	}
	t.Error(sb.String())
}

// clip shortens s for a failure message.
func clip(s string) string {
	const max = 300
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}

// writeList writes paths one a line for --scan-list.
func writeList(t *testing.T, paths []string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "scan-list.txt")
	if err := os.WriteFile(p, []byte(strings.Join(paths, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
