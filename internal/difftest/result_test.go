package difftest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
)

// TestParseOutputGolden parses captured yara 4.2.3 output (testdata/output/*.txt)
// and compares the Result with the .golden JSON next to it.
func TestParseOutputGolden(t *testing.T) {
	tests := []struct {
		name string
		f    OutputFormat
	}{
		{"basic", OutputFormat{}},
		{"tags-meta-ns-len", OutputFormat{Tags: true, Meta: true}},
		{"escapes", OutputFormat{}},
		{"recursive", OutputFormat{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "output", tt.name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := ParseOutput(in, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(res, "", "\t")
			golden.Check(t, filepath.Join("testdata", "output", tt.name+".golden"), append(got, '\n'))
		})
	}
}

func TestParseOutputErrors(t *testing.T) {
	tests := []struct {
		name, in string
		f        OutputFormat
		want     string
	}{
		{"string before rule", "0x0:$a: x\n", OutputFormat{}, "line 1: string match before any rule line"},
		{"bad string line", "r f\n0xZZ:$a: x\n", OutputFormat{}, "line 2: malformed string match"},
		{"no file", "rule\n", OutputFormat{}, "line 1: malformed rule line"},
		{"missing tags", "r f\n", OutputFormat{Tags: true}, "expected ["},
		{"unterminated meta", `r [a="]" f` + "\n", OutputFormat{Meta: true}, "unterminated ["},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOutput([]byte(tt.in), tt.f)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseOutput(%q) error = %v, want it to contain %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestParseOutputFields(t *testing.T) {
	in := "ns:r [t] [k=\"a] b\",n=1] dir/my file.bin\n0x1f:3:$s_1: a\\x00b\n"
	res, err := ParseOutput([]byte(in), OutputFormat{Tags: true, Meta: true})
	if err != nil {
		t.Fatal(err)
	}
	want := RuleMatch{File: "dir/my file.bin", Rule: "ns:r", Tags: "[t]", Meta: `[k="a] b",n=1]`}
	if len(res.Rules) != 1 || res.Rules[0] != want {
		t.Fatalf("rules = %+v, want %+v", res.Rules, want)
	}
	sm := StringMatch{File: want.File, Rule: "ns:r", Offset: 0x1f, Length: 3, ID: "$s_1", Data: `a\x00b`}
	if len(res.Strings) != 1 || res.Strings[0] != sm {
		t.Fatalf("strings = %+v, want %+v", res.Strings, sm)
	}
}

func TestDiff(t *testing.T) {
	a := Result{
		Rules:   []RuleMatch{{File: "f", Rule: "r1"}, {File: "f", Rule: "r2"}},
		Strings: []StringMatch{{File: "f", Rule: "r1", Offset: 1, Length: -1, ID: "$a", Data: "x"}},
	}
	b := Result{
		Rules:   []RuleMatch{{File: "f", Rule: "r2"}, {File: "f", Rule: "r3"}},
		Strings: []StringMatch{{File: "f", Rule: "r1", Offset: 2, Length: -1, ID: "$a", Data: "x"}},
	}
	tests := []struct {
		name string
		a, b Result
		want string
	}{
		{"equal", a, a, ""},
		{"differ", a, b, "rule matches differ (2):\n  - f: r1\n  + f: r3\n" +
			"string matches differ (2):\n  - f: r1 0x1:$a: x\n  + f: r1 0x2:$a: x\n"},
		{"duplicates count", Result{Rules: []RuleMatch{{File: "f", Rule: "r"}, {File: "f", Rule: "r"}}},
			Result{Rules: []RuleMatch{{File: "f", Rule: "r"}}}, "rule matches differ (1):\n  - f: r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diff(tt.a, tt.b); got != tt.want {
				t.Errorf("Diff =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestDifferences(t *testing.T) {
	a := Result{
		Rules:   []RuleMatch{{File: "f", Rule: "r1"}, {File: "f", Rule: "r2"}, {File: "g", Rule: "r2"}, {File: "g", Rule: "r2"}},
		Strings: []StringMatch{{File: "f", Rule: "r1", Offset: 1, Length: -1, ID: "$a", Data: "x"}},
	}
	b := Result{
		Rules:   []RuleMatch{{File: "f", Rule: "r2"}, {File: "f", Rule: "r3"}, {File: "g", Rule: "r2"}},
		Strings: []StringMatch{{File: "f", Rule: "r1", Offset: 2, Length: 3, ID: "$a", Data: "x"}},
	}
	want := []Difference{
		{Only: "a", Rule: "r1", File: "f", Key: "f: r1"},
		{Only: "b", Rule: "r3", File: "f", Key: "f: r3"},
		{Only: "a", Rule: "r2", File: "g", Key: "g: r2"},
		{Only: "a", Rule: "r1", File: "f", String: true, Key: "f: r1 0x1:$a: x"},
		{Only: "b", Rule: "r1", File: "f", String: true, Key: "f: r1 0x2:3:$a: x"},
	}
	tests := []struct {
		name string
		a, b Result
		want []Difference
	}{
		{"equal", a, a, nil},
		{"differ", a, b, want},
		{"empty", Result{}, Result{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Differences(tt.a, tt.b); !slices.Equal(got, tt.want) {
				t.Errorf("Differences =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestDiffTruncates(t *testing.T) {
	var a Result
	for i := range MaxDiffItems + 5 {
		a.Rules = append(a.Rules, RuleMatch{File: "f", Rule: "r" + string(rune('a'+i))})
	}
	got := Diff(a, Result{})
	if !strings.Contains(got, "... and 5 more") || strings.Count(got, "\n  - ") != MaxDiffItems {
		t.Errorf("Diff did not truncate to %d items:\n%s", MaxDiffItems, got)
	}
}

// FuzzParseOutput feeds arbitrary text to ParseOutput: it must not panic,
// and every string match it returns must belong to a returned rule line.
func FuzzParseOutput(f *testing.F) {
	for _, name := range []string{"basic", "tags-meta-ns-len", "escapes", "recursive"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "output", name+".txt")); err == nil {
			f.Add(b, true, true)
			f.Add(b, false, false)
		}
	}
	f.Add([]byte("r [a=\"\\\"]\"] f\n0x0:$: \n"), false, true)
	f.Fuzz(func(t *testing.T, in []byte, tags, meta bool) {
		res, err := ParseOutput(in, OutputFormat{Tags: tags, Meta: meta})
		if err != nil {
			return
		}
		for _, s := range res.Strings {
			if !res.Matched(s.Rule, s.File) {
				t.Fatalf("string match %+v without its rule line", s)
			}
		}
	})
}
