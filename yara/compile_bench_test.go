package yara

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// benchRuleSets are the public rule sets BenchmarkCompile compiles.
var benchRuleSets = []string{
	testenv.RuleSetPath("reversinglabs"),
	testenv.RuleSetPath("yara-rules"),
}

// compileSet compiles one rule file with the externals yara-rules uses.
func compileSet(tb testing.TB, path string) (*Rules, *Compiler) {
	tb.Helper()
	c := NewCompiler()
	for _, n := range []string{"filename", "filepath", "extension", "filetype", "owner"} {
		_ = c.DefineExternal(n, "")
	}
	if err := c.AddFile(path, ""); err != nil {
		tb.Fatalf("AddFile: %v", err)
	}
	r, err := c.Rules()
	if err != nil {
		tb.Fatal(err)
	}
	return r, c
}

// BenchmarkCompile measures the whole compile (load, check, strings,
// conditions, automaton) of each public rule set.
func BenchmarkCompile(b *testing.B) {
	for _, path := range benchRuleSets {
		if _, err := os.Stat(path); err != nil {
			b.Skip(err)
		}
		b.Run(filepath.Base(filepath.Dir(path)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				compileSet(b, path)
			}
		})
	}
}

// BenchmarkLoad measures LoadRules on the saved form of each public rule
// set.
func BenchmarkLoad(b *testing.B) {
	for _, path := range benchRuleSets {
		if _, err := os.Stat(path); err != nil {
			b.Skip(err)
		}
		b.Run(filepath.Base(filepath.Dir(path)), func(b *testing.B) {
			rules, _ := compileSet(b, path)
			var buf bytes.Buffer
			if err := rules.Save(&buf); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(buf.Len()))
			for b.Loop() {
				if _, err := LoadRules(bytes.NewReader(buf.Bytes())); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
