package gen

import (
	"bytes"
	"errors"
	"go/token"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/syntax"
)

// parseStrings parses a rule and returns its string definitions.
func parseStrings(t testing.TB, src string) []*syntax.StringDef {
	t.Helper()
	fset := token.NewFileSet()
	f, errs := syntax.ParseFile(fset, "t.yar", []byte(src), 0)
	if errs.HasErrors() {
		t.Fatalf("parse %q: %v", src, errs.Err())
	}
	var defs []*syntax.StringDef
	for _, d := range f.Decls {
		if r, ok := d.(*syntax.Rule); ok {
			defs = append(defs, r.Strings...)
		}
	}
	return defs
}

func one(t testing.TB, def string) *syntax.StringDef {
	t.Helper()
	defs := parseStrings(t, "rule r { strings: $x = "+def+" condition: $x }")
	if len(defs) != 1 {
		t.Fatalf("want one string in %q", def)
	}
	return defs[0]
}

func TestInstantiateShapes(t *testing.T) {
	tests := []struct {
		name  string
		def   string
		check func(b []byte) bool
	}{
		{"text", `"abc"`, func(b []byte) bool { return string(b) == "abc" }},
		{"wide", `"ab" wide`, func(b []byte) bool { return string(b) == "a\x00b\x00" }},
		{"xor fixed key", `"ab" xor(5)`, func(b []byte) bool { return string(b) == string([]byte{'a' ^ 5, 'b' ^ 5}) }},
		{"xor wide", `"ab" wide xor(1)`, func(b []byte) bool { return string(b) == "\x60\x01\x63\x01" }},
		{"nocase", `"abcdefghijklmnop" nocase`, func(b []byte) bool {
			return bytes.EqualFold(b, []byte("abcdefghijklmnop")) && string(b) != "abcdefghijklmnop"
		}},
		{"fullword", `"abc" fullword`, func(b []byte) bool {
			return len(b) == 5 && string(b[1:4]) == "abc" && !isAlnum(b[0]) && !isAlnum(b[4])
		}},
		{"base64", `"This program cannot" base64`, func(b []byte) bool {
			return bytes.Contains(b, []byte("VGhpcyBwcm9ncmFtIGNhbm5vd")) ||
				bytes.Contains(b, []byte("RoaXMgcHJvZ3JhbSBjYW5ub3")) ||
				bytes.Contains(b, []byte("UaGlzIHByb2dyYW0gY2Fubm90"))
		}},
		{"base64wide", `"This program cannot" base64wide`, func(b []byte) bool {
			return len(b)%2 == 0 && b[1] == 0 && b[3] == 0
		}},
		{"hex wildcards", `{ 4D 5A ?? 4? ?5 }`, func(b []byte) bool {
			return len(b) == 5 && b[0] == 0x4D && b[1] == 0x5A && b[3]>>4 == 4 && b[4]&0xF == 5
		}},
		{"hex not", `{ 01 ~02 ~3? }`, func(b []byte) bool { return len(b) == 3 && b[1] != 2 && b[2]>>4 != 3 }},
		{"hex jump", `{ 01 [3] 02 }`, func(b []byte) bool { return len(b) == 5 && b[0] == 1 && b[4] == 2 }},
		{"hex alt", `{ 01 ( 02 | 03 04 ) }`, func(b []byte) bool {
			return string(b) == "\x01\x02" || string(b) == "\x01\x03\x04"
		}},
		{"regex literal", `/abc/`, func(b []byte) bool { return string(b) == "abc" }},
		{"regex class", `/a[0-9]{3}z/`, func(b []byte) bool {
			return len(b) == 5 && b[0] == 'a' && b[4] == 'z' && b[1] >= '0' && b[1] <= '9'
		}},
		{"regex dot", `/a.b/`, func(b []byte) bool { return len(b) == 3 && b[1] != '\n' }},
		{"regex word boundary", `/\bfoo\b/`, func(b []byte) bool {
			return len(b) == 5 && string(b[1:4]) == "foo" && !isWord(b[0]) && !isWord(b[4])
		}},
		{"regex wide", `/ab/ wide`, func(b []byte) bool { return string(b) == "a\x00b\x00" }},
		{"regex nocase flag", `/abcdefghijkl/i`, func(b []byte) bool { return bytes.EqualFold(b, []byte("abcdefghijkl")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := one(t, tt.def)
			for seed := range uint64(20) {
				b, err := Instantiate(def, rand.New(rand.NewPCG(seed, 0)))
				if err != nil {
					t.Fatalf("Instantiate(%s): %v", tt.def, err)
				}
				if !tt.check(b) {
					t.Fatalf("Instantiate(%s) seed %d = %q: wrong shape", tt.def, seed, b)
				}
			}
		})
	}
}

func TestAnchors(t *testing.T) {
	tests := []struct {
		name           string
		def            string
		atStart, atEnd bool
	}{
		{"start", `/^MZ/`, true, false},
		{"end", `/end$/`, false, true},
		{"both", `/^x$/`, true, true},
		{"prefers unanchored alternative", `/(^a|b)c/`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inst, err := Generate(one(t, tt.def), rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Fatal(err)
			}
			if inst.AtStart != tt.atStart || inst.AtEnd != tt.atEnd {
				t.Errorf("Generate(%s) anchors = %v,%v, want %v,%v", tt.def, inst.AtStart, inst.AtEnd, tt.atStart, tt.atEnd)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		def  string
		miss bool
		want error
	}{
		{"satisfiable boundaries", `/a\Bb\b/`, false, nil},
		{"contradiction", `/a\bb/`, false, ErrUnsupported},
		{"huge repeat", `/(a{30000}){30000}/`, false, ErrTooLong},
		{"wildcard hex near miss", `{ ?? ?? }`, true, ErrNoNearMiss},
		{"alternation-only regex near miss", `/(a|b)/`, true, ErrNoNearMiss},
		{"one-byte xor near miss", `"a" xor`, true, ErrNoNearMiss},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := one(t, tt.def)
			rng := rand.New(rand.NewPCG(3, 3))
			var err error
			if tt.miss {
				_, err = NearMiss(def, rng)
			} else {
				_, err = Instantiate(def, rng)
			}
			if tt.want == nil {
				if err != nil {
					t.Errorf("got %v, want success", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNearMissDiffers(t *testing.T) {
	for _, d := range []string{`"abcdef"`, `"abcdef" nocase`, `"abcdef" base64`, `{ 4D 5A 90 00 }`, `/abc[0-9]+/`} {
		t.Run(d, func(t *testing.T) {
			def := one(t, d)
			hit, err1 := Instantiate(def, rand.New(rand.NewPCG(7, 7)))
			miss, err2 := NearMiss(def, rand.New(rand.NewPCG(7, 7)))
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if bytes.Equal(hit, miss) {
				t.Errorf("near miss equals instance %q", hit)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	def := one(t, `/[a-z]{2,8}(foo|bar)+\d*/ wide ascii`)
	a, _ := Instantiate(def, rand.New(rand.NewPCG(42, 0)))
	b, _ := Instantiate(def, rand.New(rand.NewPCG(42, 0)))
	if !bytes.Equal(a, b) {
		t.Errorf("same seed, different instances: %q vs %q", a, b)
	}
}

// TestYaraMatchesInstances checks a handful of tricky definitions with yara
// itself; the bulk check over the public rule sets is in package difftest.
func TestYaraMatchesInstances(t *testing.T) {
	testenv.Yara(t)
	defs := []string{
		`"abc" base64("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu")`,
		`"Hello" base64wide wide`,
		`"Hi" xor(1-3) wide ascii fullword`,
		`/\bcmd\.exe\b/ nocase`,
		`/^MZ.{2}\x00/s`,
		`{ 6A 40 68 00 30 00 00 6A 14 8D 91 [-] 8B 4? ( 01 | 02 ?? ) }`, // no ~: yara 4.2.3 predates it
	}
	dir := t.TempDir()
	for i, d := range defs {
		t.Run(d, func(t *testing.T) {
			rules := filepath.Join(dir, "r.yar")
			os.WriteFile(rules, []byte("rule t { strings: $x = "+d+" condition: $x }"), 0o644)
			for seed := range uint64(10) {
				b, err := Instantiate(one(t, d), rand.New(rand.NewPCG(seed, uint64(i))))
				if err != nil {
					t.Fatal(err)
				}
				data := filepath.Join(dir, "d.bin")
				os.WriteFile(data, b, 0o644)
				out, err := exec.Command("yara", "-w", rules, data).CombinedOutput()
				if err != nil || !bytes.HasPrefix(out, []byte("t ")) {
					t.Fatalf("yara did not match %q (seed %d): %s %v", b, seed, out, err)
				}
			}
		})
	}
}
