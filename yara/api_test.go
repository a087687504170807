package yara

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/yara/diag"
)

// src is one source added to a compiler.
type src struct {
	ns, text string
}

// compile compiles the sources into rules, failing the test on errors.
func compile(t testing.TB, ext map[string]any, srcs ...src) *Rules {
	t.Helper()
	c := NewCompiler()
	for k, v := range ext {
		if err := c.DefineExternal(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range srcs {
		if err := c.AddSource(fmt.Sprintf("src%d.yar", i), []byte(s.text), s.ns); err != nil {
			t.Fatalf("source %d: %v", i, err)
		}
	}
	r, err := c.Rules()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// names lists "namespace:rule" of rules.
func names(ms []MatchingRule) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Namespace+":"+m.Rule)
	}
	return out
}

func TestScanRules(t *testing.T) {
	tests := []struct {
		name string
		ext  map[string]any
		srcs []src
		data string
		opts ScanOptions
		want []string // matching rules
		non  []string // non-matching rules (ReportNonMatching)
	}{
		{
			name: "text strings",
			srcs: []src{{"", `rule a { strings: $a = "abc" condition: $a } rule b { strings: $b = "xyz" condition: $b }`}},
			data: "--abc--",
			want: []string{"default:a"},
		},
		{
			name: "declaration order across namespaces",
			srcs: []src{
				{"n1", `rule z { condition: true }`},
				{"n2", `rule a { condition: true }`},
				{"n1", `rule m { condition: z }`},
			},
			want: []string{"n1:z", "n2:a", "n1:m"},
		},
		{
			name: "same rule name in two namespaces",
			srcs: []src{{"n1", `rule a { condition: true }`}, {"n2", `rule a { condition: false }`}},
			want: []string{"n1:a"},
		},
		{
			name: "global rule constrains its namespace only",
			srcs: []src{
				{"n1", `global rule g { condition: false } rule a { condition: true }`},
				{"n2", `rule b { condition: true }`},
			},
			want: []string{"n2:b"},
		},
		{
			name: "private rules are not reported but can be referenced",
			srcs: []src{{"", `private rule p { strings: $a = "abc" condition: $a } rule q { condition: p }`}},
			data: "abc",
			want: []string{"default:q"},
		},
		{
			name: "externals",
			ext:  map[string]any{"i": 3, "s": "x.exe", "b": true, "f": 1.5},
			srcs: []src{{"", `rule a { condition: i == 3 and s endswith ".exe" and b and f > 1.0 }`}},
			want: []string{"default:a"},
		},
		{
			name: "non-matching rules",
			srcs: []src{{"", `rule a { condition: true } rule b { condition: false } private rule c { condition: false }`}},
			opts: ScanOptions{ReportNonMatching: true},
			want: []string{"default:a"},
			non:  []string{"default:b"},
		},
		{
			name: "filesize and integer reads",
			srcs: []src{{"", `rule a { condition: filesize == 4 and uint16(0) == 0x5A4D }`}},
			data: "MZ\x00\x00",
			want: []string{"default:a"},
		},
		{
			name: "full-scan regex",
			srcs: []src{{"", `rule a { strings: $a = /.b/ condition: #a == 2 }`}},
			data: "xbyb",
			want: []string{"default:a"},
		},
		{
			name: "fast scan keeps every match of a counted string",
			srcs: []src{{"", `rule a { strings: $a = "ab" condition: #a == 3 }`}},
			data: "ababab",
			opts: ScanOptions{FastScan: true},
			want: []string{"default:a"},
		},
		{
			name: "count without fast scan",
			srcs: []src{{"", `rule a { strings: $a = "ab" condition: #a == 3 }`}},
			data: "ababab",
			want: []string{"default:a"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := compile(t, tc.ext, tc.srcs...)
			res, err := r.NewScanner(tc.opts).ScanBytes(context.Background(), []byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			if got := names(res.Matching); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("matching = %v, want %v", got, tc.want)
			}
			if tc.non != nil {
				if got := names(res.NonMatching); !reflect.DeepEqual(got, tc.non) {
					t.Errorf("non-matching = %v, want %v", got, tc.non)
				}
			} else if len(res.NonMatching) != 0 {
				t.Errorf("non-matching reported without ReportNonMatching: %v", names(res.NonMatching))
			}
		})
	}
}

func TestMatchDetails(t *testing.T) {
	r := compile(t, nil, src{"", `
rule r : t1 t2 {
  meta: s = "str" i = -5 b = true
  strings:
    $a = "ab"
    $p = "cd" private
    $h = { 63 64 }
    $x = "ef" xor(1-3)
  condition: all of them
}`})
	data := []byte("ab cd " + string([]byte{'e' ^ 2, 'f' ^ 2}))
	res, err := r.NewScanner(ScanOptions{}).ScanBytes(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matching) != 1 {
		t.Fatalf("matching = %v", names(res.Matching))
	}
	m := res.Matching[0]
	if !reflect.DeepEqual(m.Tags, []string{"t1", "t2"}) {
		t.Errorf("tags = %v", m.Tags)
	}
	wantMeta := []Meta{{"s", "str"}, {"i", int64(-5)}, {"b", true}}
	if !reflect.DeepEqual(m.Meta, wantMeta) {
		t.Errorf("meta = %v, want %v", m.Meta, wantMeta)
	}
	want := []MatchString{
		{Identifier: "$a", Offset: 0, Length: 2, Data: []byte("ab"), XorKey: -1},
		{Identifier: "$h", Offset: 3, Length: 2, Data: []byte("cd"), XorKey: -1, Hex: true},
		{Identifier: "$x", Offset: 6, Length: 2, Data: data[6:8], XorKey: 2},
	}
	if !reflect.DeepEqual(m.Strings, want) {
		t.Errorf("strings =\n%+v\nwant\n%+v", m.Strings, want)
	}
}

func TestMatchDataLimit(t *testing.T) {
	r := compile(t, nil, src{"", `rule a { strings: $a = /a{600}/ condition: $a }`})
	res, err := r.NewScanner(ScanOptions{}).ScanBytes(context.Background(), []byte(strings.Repeat("a", 600)))
	if err != nil {
		t.Fatal(err)
	}
	s := res.Matching[0].Strings[0]
	if s.Length != 600 || len(s.Data) != MaxMatchData {
		t.Errorf("length %d, data %d bytes; want 600 and %d", s.Length, len(s.Data), MaxMatchData)
	}
}

func TestMaxMatchesPerString(t *testing.T) {
	r := compile(t, nil, src{"ns", `rule a { strings: $a = "a" $b = "b" condition: $a and #b == 1 }`})
	s := r.NewScanner(ScanOptions{MaxMatchesPerString: 10})
	res, err := s.ScanBytes(context.Background(), []byte(strings.Repeat("a", 100)+"b"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matching) != 1 || len(res.Matching[0].Strings) != 11 {
		t.Fatalf("matching %v with %d strings, want a with 10 + 1", names(res.Matching), len(res.Matching))
	}
	want := []ScanWarning{{Kind: TooManyMatches, Namespace: "ns", Rule: "a", String: "$a"}}
	if !reflect.DeepEqual(res.Warnings, want) {
		t.Errorf("warnings = %+v, want %+v", res.Warnings, want)
	}
	// The scanner's state is reset: a second object starts afresh.
	res, err = s.ScanBytes(context.Background(), []byte("ab"))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 || len(res.Matching) != 1 || len(res.Matching[0].Strings) != 2 {
		t.Errorf("second scan: %+v", res)
	}
}

func TestTimeout(t *testing.T) {
	r := compile(t, nil, src{"", `rule a { condition: for any i in (0..filesize) : ( for any j in (0..filesize) : ( uint8(i) + uint8(j) == 1 ) ) }`})
	s := r.NewScanner(ScanOptions{Timeout: 50 * time.Millisecond})
	start := time.Now()
	_, err := s.ScanBytes(context.Background(), make([]byte, 1<<16))
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if err.Error() != "scanning timed out" {
		t.Errorf("message %q", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timeout took %v", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.ScanBytes(ctx, []byte("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled context: err = %v", err)
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"syntax", `rule a { condition: }`, "src.yar:1:"},
		{"duplicate rule", `rule a { condition: true } rule a { condition: true }`, `duplicated identifier`},
		{"undefined string", `rule a { condition: $x }`, `"$x"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCompiler()
			err := c.AddSource("src.yar", []byte(tc.text), "")
			var l diag.List
			if !errors.As(err, &l) || !l.HasErrors() {
				t.Fatalf("err = %v (%T), want a diag.List", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %s", err, tc.want)
			}
			if _, err := c.Rules(); err == nil {
				t.Error("Rules succeeded after a failed source")
			}
		})
	}
}

func TestDuplicateRuleAcrossSources(t *testing.T) {
	c := NewCompiler()
	if err := c.AddSource("a.yar", []byte(`rule a { condition: true }`), "n"); err != nil {
		t.Fatal(err)
	}
	if err := c.AddSource("b.yar", []byte(`rule a { condition: true }`), "n"); err == nil {
		t.Error("duplicate rule in the same namespace accepted")
	}
	c = NewCompiler()
	_ = c.AddSource("a.yar", []byte(`rule a { condition: true }`), "n")
	if err := c.AddSource("b.yar", []byte(`rule a { condition: true }`), "m"); err != nil {
		t.Errorf("same name in another namespace: %v", err)
	}
}

func TestSlowStringWarning(t *testing.T) {
	c := NewCompiler()
	err := c.AddSource("w.yar", []byte(`rule a { strings: $a = "abcd" $b = { 00 ?? 00 } $c = /a.*/ condition: any of them }`), "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range c.Warnings() {
		got = append(got, w.Message)
	}
	want := []string{
		`string "$b" may slow down scanning`,
		`$c contains .*, .+ or .{x,} consider using .{,N}, .{1,N} or {x,N} with a reasonable value for N`,
		`string "$c" may slow down scanning`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings = %q, want %q", got, want)
	}
	if c.Warnings()[0].Code != CodeSlowString {
		t.Errorf("code %s", c.Warnings()[0].Code)
	}
}

func TestExternalsAfterRules(t *testing.T) {
	c := NewCompiler()
	if err := c.DefineExternal("x", []int{1}); err == nil {
		t.Error("unsupported external type accepted")
	}
	_ = c.AddSource("a.yar", []byte(`rule a { condition: true }`), "")
	if err := c.DefineExternal("x", 1); err == nil {
		t.Error("external defined after rules accepted")
	}
}

func TestScanFileAndReaderAt(t *testing.T) {
	r := compile(t, nil, src{"", `rule a { strings: $a = "needle" condition: $a and filesize == 14 }`})
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("xx needle yyyy"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s := r.NewScanner(ScanOptions{})
	res, err := s.ScanFile(context.Background(), path)
	if err != nil || len(res.Matching) != 1 || string(res.Matching[0].Strings[0].Data) != "needle" {
		t.Fatalf("ScanFile: %+v, %v", res, err)
	}
	res, err = s.ScanFile(context.Background(), empty)
	if err != nil || len(res.Matching) != 0 {
		t.Fatalf("ScanFile(empty): %+v, %v", res, err)
	}
	if _, err := s.ScanFile(context.Background(), filepath.Join(dir, "missing")); err == nil {
		t.Error("ScanFile of a missing file succeeded")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err = s.ScanReaderAt(context.Background(), f, 14)
	if err != nil || len(res.Matching) != 1 {
		t.Fatalf("ScanReaderAt: %+v, %v", res, err)
	}
	if _, err := s.ScanReaderAt(context.Background(), f, 100); err == nil {
		t.Error("ScanReaderAt past the end succeeded")
	}
}

func TestIncludeAndAddFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "inc.yar"), []byte(`rule inc { condition: true }`), 0o644); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "main.yar")
	if err := os.WriteFile(main, []byte(`include "inc.yar" rule m { condition: inc }`), 0o644); err != nil {
		t.Fatal(err)
	}
	c := NewCompiler()
	if err := c.AddFile(main, ""); err != nil {
		t.Fatal(err)
	}
	r, err := c.Rules()
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.NewScanner(ScanOptions{}).ScanBytes(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(res.Matching); !reflect.DeepEqual(got, []string{"default:inc", "default:m"}) {
		t.Errorf("matching = %v", got)
	}
	c = NewCompiler()
	c.DisableIncludes()
	if err := c.AddFile(main, ""); err == nil {
		t.Error("include accepted with includes disabled")
	}
	if err := NewCompiler().AddFile(filepath.Join(dir, "missing.yar"), ""); err == nil || !strings.Contains(err.Error(), "missing.yar") {
		t.Errorf("AddFile(missing) = %v", err)
	}
}
