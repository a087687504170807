package yara

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// benchRules compiles n rules of two random 8-letter text strings each.
func benchRules(b *testing.B, n int) *Rules {
	b.Helper()
	rng := rand.New(rand.NewSource(int64(n)))
	word := func() string {
		w := make([]byte, 8)
		for i := range w {
			w[i] = byte('a' + rng.Intn(26))
		}
		return string(w)
	}
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "rule r%d { strings: $a = %q $b = %q wide condition: any of them }\n", i, word(), word())
	}
	c := NewCompiler()
	if err := c.AddSource("bench.yar", []byte(sb.String()), ""); err != nil {
		b.Fatal(err)
	}
	r, err := c.Rules()
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// benchData returns 1 MiB of lowercase text with spaces: many atom
// prefixes, few whole matches.
func benchData() []byte {
	rng := rand.New(rand.NewSource(1))
	d := make([]byte, 1<<20)
	for i := range d {
		if rng.Intn(6) == 0 {
			d[i] = ' '
		} else {
			d[i] = byte('a' + rng.Intn(26))
		}
	}
	return d
}

// BenchmarkScanBytes measures throughput against the number of rules (two
// strings, hence two or more atoms, per rule).
func BenchmarkScanBytes(b *testing.B) {
	data := benchData()
	for _, n := range []int{1, 100, 1000, 10000} {
		r := benchRules(b, n)
		b.Run(fmt.Sprintf("rules=%d/atoms=%d", n, r.NumAtoms()), func(b *testing.B) {
			s := r.NewScanner(ScanOptions{})
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.ScanBytes(context.Background(), data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScanSharedRules measures throughput with the yara-rules set on
// a real executable.
func BenchmarkScanSharedRules(b *testing.B) {
	r, _ := compileSet(b, testenv.RuleSet(b, sharedRuleSets[0]))
	data, err := os.ReadFile("/bin/ls")
	if err != nil {
		b.Skip(err)
	}
	s := r.NewScanner(ScanOptions{})
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.ScanBytes(context.Background(), data); err != nil {
			b.Fatal(err)
		}
	}
}
