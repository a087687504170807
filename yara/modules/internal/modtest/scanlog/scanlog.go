// Package scanlog runs rules with Overt's engine and collects their
// console.log lines, for the modules' differential tests against yara.
// It is an ordinary package imported only by tests.
package scanlog

import (
	"context"
	"sync"
	"testing"

	"github.com/overt-sec/overt/yara"
)

// Compile compiles the rule source src, failing tb on an error.
func Compile(tb testing.TB, src string) *yara.Rules {
	tb.Helper()
	c := yara.NewCompiler()
	if err := c.AddSource("dump.yar", []byte(src), ""); err != nil {
		tb.Fatalf("compile: %v", err)
	}
	rules, err := c.Rules()
	if err != nil {
		tb.Fatalf("rules: %v", err)
	}
	return rules
}

// Once returns a function that compiles the source returned by src on its
// first call and returns the same rules on every call, failing tb when
// compiling failed.
func Once(src func() string) func(tb testing.TB) *yara.Rules {
	var (
		once  sync.Once
		rules *yara.Rules
		err   error
	)
	return func(tb testing.TB) *yara.Rules {
		tb.Helper()
		once.Do(func() {
			c := yara.NewCompiler()
			if err = c.AddSource("dump.yar", []byte(src()), ""); err == nil {
				rules, err = c.Rules()
			}
		})
		if err != nil {
			tb.Fatalf("compile: %v", err)
		}
		return rules
	}
}

// Lines scans data with rules and returns the console lines they log.
func Lines(tb testing.TB, rules *yara.Rules, data []byte) []string {
	tb.Helper()
	var lines []string
	s := rules.NewScanner(yara.ScanOptions{Log: func(l string) { lines = append(lines, l) }})
	if _, err := s.ScanBytes(context.Background(), data); err != nil {
		tb.Fatalf("scan: %v", err)
	}
	return lines
}
