package pattern

import (
	"bytes"
	"testing"
)

// hitCase is a string and data containing hits of its atoms.
var hitCases = []struct{ name, str, data string }{
	{"text", `"This program cannot"`, "xxThis program cannot be run"},
	{"text-nocase-wide", `"program" nocase wide`, "P\x00r\x00O\x00g\x00r\x00a\x00m\x00"},
	{"text-xor", `"program" xor`, "\x12program\x13"},
	{"hex-fixed", `{ 4D 5A ?? ?? 50 45 00 00 }`, "MZ\x90\x00PE\x00\x00"},
	{"hex-jump", `{ 4D 5A [0-64] 50 45 00 00 }`, "MZ\x90\x00.........PE\x00\x00"},
	{"regex-prefix", `/[a-z]+@example\.com/`, "mail: someone@example.com."},
	{"regex-alt", `/(GET|POST) \/index/`, "POST /index.html"},
}

// hitsOf returns the atoms of p with the end of each of their occurrences.
func hitsOf(p *Pattern, data []byte) (atoms []Atom, ends []int) {
	for _, a := range p.Atoms() {
		for from := 0; ; {
			i := bytes.Index(data[from:], a.Bytes)
			if i < 0 {
				break
			}
			atoms = append(atoms, a)
			ends = append(ends, from+i+len(a.Bytes))
			from += i + 1
		}
	}
	return atoms, ends
}

// TestVerifyNoAlloc checks that verifying a hit does not allocate once the
// Scratch has grown.
func TestVerifyNoAlloc(t *testing.T) {
	for _, c := range hitCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Compile(mustParse(t, c.str))
			if err != nil {
				t.Fatal(err)
			}
			data := []byte(c.data)
			atoms, ends := hitsOf(p, data)
			if len(atoms) == 0 {
				t.Fatal("no atom hit in the data")
			}
			sc := NewScratch()
			n := 0
			emit := func(Match) { n++ }
			run := func() {
				for i := range atoms {
					p.Verify(sc, data, atoms[i], ends[i], emit)
				}
			}
			run()
			if n == 0 {
				t.Fatal("no match verified")
			}
			if allocs := testing.AllocsPerRun(100, run); allocs != 0 {
				t.Errorf("%v allocations per run", allocs)
			}
		})
	}
}

// BenchmarkVerify measures verifying every atom hit of each case.
func BenchmarkVerify(b *testing.B) {
	for _, c := range hitCases {
		b.Run(c.name, func(b *testing.B) {
			p, err := Compile(mustParse(b, c.str))
			if err != nil {
				b.Fatal(err)
			}
			data := []byte(c.data)
			atoms, ends := hitsOf(p, data)
			sc := NewScratch()
			emit := func(Match) {}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for i := range atoms {
					p.Verify(sc, data, atoms[i], ends[i], emit)
				}
			}
		})
	}
}
