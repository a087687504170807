package elf_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara"
	"github.com/overt-sec/overt/yara/modules/elf"
)

// vitEntry is the entry-point pattern of the shared rule Linux_Virus_Vit
// with its wildcards set to zero.
const vitEntry = "5589E581EC403100005756505351 52C785D8CEFFFF00000000C785D4" +
	"CEFFFF00000000C785FCCFFFFFCA080000C785F8CFFFFFB8060000C7" +
	"85F4CFFFFFAD080000C785F0CFFFFF500600006A006A008B450850E8" +
	"18FAFFFF89C683C40C85F60F8CE60100006A00680000000056E82EFA" +
	"FFFF83C40C85C00F8CC40100008B85FCCFFFFF508D8500D0FFFF5056" +
	"E82AFAFFFF89C28B85FCCFFFFF83C40C39C20F859D01000056E8E1F9" +
	"FFFFBEFFFFFFFF6A006A00E9"

// TestSharedRules runs the shared rule sets' rules that import elf with
// yara and with the engine over samples that do and do not match them.
func TestSharedRules(t *testing.T) {
	yaraBin := testenv.Yara(t)
	rule := testenv.SharedPath(t, "rules", "reversinglabs", "yara", "virus", "Linux.Virus.Vit.yara")
	src, err := os.ReadFile(rule)
	if err != nil {
		t.Skipf("shared rule missing: %v", err)
	}
	c := yara.NewCompiler()
	if err := c.AddSource(rule, src, ""); err != nil {
		t.Fatal(err)
	}
	rules, err := c.Rules()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pattern := decodeHex(t, strings.ReplaceAll(vitEntry, " ", ""))
	samples := map[string][]byte{}
	for _, g := range goldenSpecs {
		plain := buildELF(g.spec)
		samples[g.name] = plain
		// The pattern at the entry point (the text section) and the
		// marker string: the rule matches, except where the entry point
		// does not convert.
		infected := append(append([]byte(nil), plain...), "vi324.tmp"...)
		p := elf.Parse(infected)
		if p == nil || !p.HasEntry {
			t.Fatalf("%s: no entry point", g.name)
		}
		infected = append(infected, make([]byte, len(pattern))...)
		copy(infected[p.EntryOff:], pattern)
		samples[g.name+"-vit"] = infected
		// The pattern elsewhere: no match.
		samples[g.name+"-vit-moved"] = append(append(append([]byte(nil), plain...), pattern...), "vi324.tmp"...)
	}
	names := make([]string, 0, len(samples))
	for n := range samples {
		names = append(names, n)
	}
	sort.Strings(names)
	matched := 0
	for _, n := range names {
		t.Run(n, func(t *testing.T) {
			path := filepath.Join(dir, n)
			if err := os.WriteFile(path, samples[n], 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(yaraBin, "-w", rule, path).CombinedOutput()
			if err != nil {
				t.Fatalf("yara: %v\n%s", err, out)
			}
			want := strings.Contains(string(out), "Linux_Virus_Vit")
			res, err := rules.NewScanner(yara.ScanOptions{}).ScanBytes(context.Background(), samples[n])
			if err != nil {
				t.Fatal(err)
			}
			got := len(res.Matching) == 1
			if got != want {
				t.Fatalf("engine matches %v, yara %v", got, want)
			}
			if got {
				matched++
			}
		})
	}
	if matched == 0 {
		t.Fatal("no sample matched the rule: the test checks nothing")
	}
}

func decodeHex(t *testing.T, s string) []byte {
	t.Helper()
	b := make([]byte, len(s)/2)
	for i := range b {
		var v byte
		for _, c := range s[2*i : 2*i+2] {
			v <<= 4
			switch {
			case c >= '0' && c <= '9':
				v |= byte(c - '0')
			case c >= 'A' && c <= 'F':
				v |= byte(c - 'A' + 10)
			default:
				t.Fatalf("bad hex %q", s[2*i:2*i+2])
			}
		}
		b[i] = v
	}
	return b
}
