package regex

import (
	"fmt"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/regex/syntax"
)

// findAll renders FindAll's output as "start:matched" items.
func findAll(re *Regexp, data string) string {
	var out []string
	re.FindAll([]byte(data), func(s, n int) bool {
		out = append(out, fmt.Sprintf("%d:%s", s, data[s:s+n]))
		return true
	})
	return strings.Join(out, " ")
}

// TestFindAll checks match starts and lengths. Expectations were taken from
// yara -s (4.2.3) and, for empty matches, from YARA 4.5's conformance vectors.
func TestFindAll(t *testing.T) {
	const i, s = syntax.FoldCase, syntax.DotAll
	tests := []struct {
		name, pattern string
		flags         syntax.Flags
		data, want    string
	}{
		{"literal", `abc`, 0, "xabcabc", "1:abc 4:abc"},
		{"lazy plus", `a+?`, 0, "xaabcdab", "1:a 2:a 6:a"},
		{"greedy plus overlapping", `a+b`, 0, "xaaab", "1:aaab 2:aab 3:ab"},
		{"leftmost first alternation", `xyzw(bcd|b)`, 0, "xyzwbcdeab", "0:xyzwbcd"},
		{"leftmost first short first", `xyzw(b|bcd)`, 0, "xyzwbcdeab", "0:xyzwb"},
		{"alternation then optional", `xyzw(bc|b)d?`, 0, "xyzwbcdeab", "0:xyzwbcd"},
		{"lazy star", `xyzwb*?c`, 0, "xyzwbcdeab", "0:xyzwbc"},
		{"lazy dot", `a.*?bbb`, 0, "abbbbbb", "0:abbb"},
		{"empty matches (4.5)", `a*b?`, 0, "xab", "0: 1:ab 2:b"},
		{"empty alternative (4.5)", `(abc|)`, 0, "fo", "0: 1:"},
		{"empty alternative then literal", `(abc|)ef`, 0, "abcdef", "4:ef"},
		{"zero repeat (4.5)", `abcx{0}`, 0, "abcx", "0:abc"},
		{"zero max repeat (4.5)", `a{,0}`, 0, "a", "0:"},
		{"spaced interval (4.5)", `ab{2 ,3}c`, 0, "abbbc", "0:abbbc"},
		{"brace literal", `ab{.*}`, 0, "ab{c}", "0:ab{c}"},
		{"comma interval is star", `a{,}`, 0, "baa", "0: 1:aa 2:a"},
		{"dot no newline", `a.b`, 0, "a\nb a\rb", "4:a\rb"},
		{"dot all", `a.b`, s, "a\nb", "0:a\nb"},
		{"nocase", `aBc`, i, "ABC abc", "0:ABC 4:abc"},
		{"nocase class", `[M-N]iss`, i, "miss", "0:miss"},
		{"nocase negated class", `abc[^d]`, i, "abcD abce", "5:abce"},
		{"begin only at 0", `^ab`, 0, "ab\nab", "0:ab"},
		{"end only at end", `ab$`, 0, "ab\nab", "3:ab"},
		{"begin in middle never", `ab^c`, 0, "abc", ""},
		{"word boundary end", `abc\b`, 0, "abc abcd", "0:abc"},
		{"word boundary looks before start", `\babc`, 0, "1abc abc", "5:abc"},
		{"word boundaries", `\b\w\w\w\b`, 0, "abcd abc", "5:abc"},
		{"non word boundary", `\B\w\w\w`, 0, "abcd", "1:bcd"},
		{"space then boundary", `abc\s\b`, 0, "abc x", "0:abc "},
		{"unknown escapes literal", `\v\e\q`, 0, "veq", "0:veq"},
		{"control escapes", `\n\r\t\f\a`, 0, "\n\r\t\f\a", "0:\n\r\t\f\a"},
		{"hex escapes", `\x41[\x5A-\x5D]`, 0, "A[", "0:A["},
		{"nested counted", `(a{2,3}b){2,3}`, 0, "aabaaabaab", "0:aabaaabaab 3:aaabaab 4:aabaab"},
		{"counted alternation", `ab(c|cc){1,3}d`, 0, "abccccccd", "0:abccccccd"},
		{"greedy counted", `ab{0,4}`, 0, "abbbbbb", "0:abbbb"},
		{"lazy counted", `ab{1,3}?`, 0, "abbbb", "0:ab"},
		{"class plus", `[0-9a-f]+`, 0, "xyz0123xyz", "3:0123 4:123 5:23 6:3"},
		{"nested stars terminate", `(a*)*b`, 0, "aab", "0:aab 1:ab 2:b"},
		{"repeated anchor group", `(^)*a`, 0, "aa", "0:a 1:a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re, err := Compile(tt.pattern, tt.flags)
			if err != nil {
				t.Fatal(err)
			}
			if got := findAll(re, tt.data); got != tt.want {
				t.Errorf("/%s/ over %q:\n got %q\nwant %q", tt.pattern, tt.data, got, tt.want)
			}
		})
	}
}

// TestScanLimit checks the ScanLimit rules measured with yara.
func TestScanLimit(t *testing.T) {
	bs := func(n int) string { return strings.Repeat("b", n) }
	tests := []struct {
		name, pattern, data string
		wantLen             int // -1: no match at 0
	}{
		{"match of exactly the limit", `xyzab*c`, "xyza" + bs(ScanLimit-5) + "c", ScanLimit},
		{"one byte over the limit", `xyzab*c`, "xyza" + bs(ScanLimit-4) + "c", -1},
		{"greedy loop truncated", `xyzab*`, "xyza" + bs(5000), ScanLimit},
		{"end anchor is the real end", `xyzab*$`, "xyza" + bs(5000), -1},
		{"end anchor inside the limit", `xyzab*$`, "xyza" + bs(ScanLimit-4), ScanLimit},
		{"word boundary at the limit", `xyzab*\b`, "xyza" + bs(5000), ScanLimit},
		{"non boundary before the limit", `xyzab*\B`, "xyza" + bs(5000), ScanLimit - 1},
		{"lazy loop cannot reach", `xyzab*?c`, "xyza" + bs(5000) + "c", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re := MustCompile(tt.pattern, 0)
			n, ok := re.MatchAt([]byte(tt.data), 0)
			if !ok {
				n = -1
			}
			if n != tt.wantLen {
				t.Errorf("MatchAt = %d, want %d", n, tt.wantLen)
			}
		})
	}
}

func TestMatchUnlimited(t *testing.T) {
	tests := []struct {
		name, pattern string
		flags         syntax.Flags
		data          string
		want          bool
	}{
		{"nocase search", `fOo`, syntax.FoldCase, "xxFoOxx", true},
		{"nocase end", `fOo$`, syntax.FoldCase, "xxFoOxx", false},
		{"dot all", `foo.*bar`, syntax.DotAll, "foo\nbar", true},
		{"empty alternative on empty data", `foo|`, 0, "", true},
		{"no match on empty", `foobar`, 0, "", false},
		{"v is literal", `a\vb`, 0, "ab", false},
		{"longer than scan limit", `a.*b`, 0, "a" + strings.Repeat("x", 3*ScanLimit) + "b", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MustCompile(tt.pattern, tt.flags).Match([]byte(tt.data)); got != tt.want {
				t.Errorf("Match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMatchAtBounds(t *testing.T) {
	re := MustCompile(`a|`, 0)
	data := []byte("ba")
	for _, tt := range []struct {
		pos, n int
		ok     bool
	}{{-1, 0, false}, {0, 0, true}, {1, 1, true}, {2, 0, true}, {3, 0, false}} {
		n, ok := re.MatchAt(data, tt.pos)
		if n != tt.n || ok != tt.ok {
			t.Errorf("MatchAt(%d) = %d, %v; want %d, %v", tt.pos, n, ok, tt.n, tt.ok)
		}
	}
}

func TestProgramTooLarge(t *testing.T) {
	for _, p := range []string{`(a{1000}){1000}`, `((a{100}){100}){100}`, `(((((a{32767}){32767}){32767}){32767}){32767})`} {
		if _, err := Compile(p, 0); err == nil || !strings.Contains(err.Error(), "too large") {
			t.Errorf("Compile(%q) = %v, want too large", p, err)
		}
	}
	for _, p := range []string{`.{0,32767}`, `a{32767}`, `(a{1000}){10}`} {
		if _, err := Compile(p, 0); err != nil {
			t.Errorf("Compile(%q) = %v", p, err)
		}
	}
}
