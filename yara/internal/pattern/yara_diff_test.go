package pattern

import (
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/internal/matchcases"
)

// yaraCases is the differential table: a string (value and modifiers of $a)
// and data. deviation, when set, says why yara 4.2.3 is expected to differ
// (the 4.5 behaviour or a 4.2.3 artifact, see refmatch's SEMANTICS.md).
var yaraCases = []struct {
	name, str, data, deviation string
}{
	{"text", `"abc"`, "xabcabcab", ""},
	{"text-overlap", `"aa"`, "aaaaa", ""},
	{"text-nocase", `"aBc" nocase`, "ABC abc aBC", ""},
	{"text-wide", `"ab" wide`, "a\x00b\x00ab", ""},
	{"text-ascii-wide", `"ab" ascii wide`, "a\x00b\x00ab", ""},
	{"text-ascii-wide-same", `"a" ascii wide`, "a\x00a", ""},
	{"text-nocase-wide", `"ab" nocase wide`, "A\x00b\x00a\x00B\x00", ""},
	{"text-fullword", `"ab" fullword`, "ab xab ab_ 1ab ab", ""},
	{"text-fullword-wide", `"ab" wide fullword`, "a\x00b\x00 x\x00a\x00b\x00 a\x00b\x00", ""},
	{"text-xor", `"abc" xor`, "abc `a` \x21\x22\x23 CBA", ""},
	{"text-xor-range", `"ab" xor(1-3)`, "ab`c`cbabaa", ""},
	{"text-xor-wide", `"ab" xor wide`, "a\x00b\x00`\x01c\x01", ""},
	{"text-xor-ascii-wide", `"ab" xor ascii wide fullword`, "`c a\x00b\x00 x`c", ""},
	{"text-private", `"ab" private`, "abab", ""},
	{"text-nul", `"\x00\x01\x00"`, "\x00\x01\x00\x01\x00", ""},
	{"text-escapes", `"a\tb\"c\\"`, "a\tb\"c\\", ""},
	{"base64", `"This program cannot" base64`, "VGhpcyBwcm9ncmFtIGNhbm5vd RoaXMgcHJvZ3JhbSBjYW5ub3 UaGlzIHByb2dyYW0gY2Fubm90", ""},
	{"base64-short", `"ab" base64`, "YWI YW Fi hY", ""},
	{"base64wide", `"abc" base64wide`, "Y\x00W\x00J\x00j\x00 YWJj", ""},
	{"base64-both", `"abc" base64 base64wide`, "Y\x00W\x00J\x00j\x00 YWJj", ""},
	{"base64-wide", `"abc" base64 wide`, "YQBiAGMA YWJj", ""},
	{"base64-ascii-wide", `"abc" base64 ascii wide`, "YQBiAGMA YWJj", ""},
	{"base64-alphabet", `"abc" base64("zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA9876543210+/")`, "bdqQ xbdqQx", ""},
	{"hex", `{ 61 62 63 }`, "abcabc", ""},
	{"hex-wild", `{ 61 ?? 63 }`, "abcaxcac", ""},
	{"hex-nibble", `{ 6? 62 ?3 }`, "abcqbs", ""},
	{"hex-jump", `{ 61 [1-3] 62 }`, "axbxxb abb", ""},
	{"hex-jump-lazy", `{ 01 [1-3] 02 }`, "\x01\x00\x02\x02", ""},
	{"hex-jump-fixed", `{ 61 [2] 62 }`, "axxbab", ""},
	{"hex-jump-unbounded", `{ 61 62 [-] 63 64 }`, "abxxxxcdcd ab cd", ""},
	{"hex-jump-min", `{ 61 [2-] 62 }`, "abxbxxb", ""},
	{"hex-alt", `{ 61 ( 62 | 63 64 ) 65 }`, "abe acde ace", ""},
	{"hex-alt-first", `{ 01 02 ( 03 04 | 03 ) }`, "\x01\x02\x03\x04", ""},
	{"hex-alt-prefix", `{ ( 61 | 62 ) 63 64 }`, "acd bcd ccd", ""},
	{"hex-alt-nested", `{ 61 ( 62 ( 63 | 64 ) | 65 ) 66 }`, "abcf abdf aef abf", ""},
	{"hex-alt-jump", `{ 61 ( 62 [1-2] 63 | 64 ) 65 }`, "abxce abxxce ade", ""},
	{"hex-leading-wild", `{ ?? 62 63 }`, "abcxbc", ""},
	{"hex-mz", `{ 4D 5A [0-20] 50 45 00 00 }`, "MZ\x90\x00PE\x00\x00 MZPE\x00\x00", ""},
	{"hex-zeros", `{ 00 00 00 00 01 }`, "\x00\x00\x00\x00\x00\x01", ""},
	{"regex", `/abc/`, "abcabc", ""},
	{"regex-plus", `/a+b/`, "aaab ab b", ""},
	{"regex-lazy", `/a+?/`, "aaa", ""},
	{"regex-class", `/[a-c]x[0-9]{2}/`, "ax12 bx3 cx45", ""},
	{"regex-dot", `/a.c/`, "abc a\nc", ""},
	{"regex-dotall", `/a.c/s`, "abc a\nc", ""},
	{"regex-nocase", `/abc/i`, "ABC aBc", ""},
	{"regex-nocase-mod", `/abc/ nocase`, "ABC aBc", ""},
	{"regex-wide", `/ab+/ wide`, "a\x00b\x00b\x00 ab", ""},
	{"regex-ascii-wide", `/ab/ ascii wide`, "a\x00b\x00 ab", ""},
	{"regex-fullword", `/ab+/ fullword`, "abb xab ab-", ""},
	{"regex-wide-fullword", `/ab/ wide fullword`, "a\x00b\x00 x\x00a\x00b\x00", ""},
	{"regex-prefix", `/x*abcd/`, "xxxabcd abcd", ""},
	{"regex-varprefix", `/[0-9]+abc/`, "12abc 3abc abc", ""},
	{"regex-alt", `/(foo|bar)baz/`, "foobaz barbaz bazbaz", ""},
	{"regex-alt-top", `/hello|world/`, "hello world", ""},
	{"regex-greedy-alt", `/wxyz(a|ab)(c|bcd)/`, "wxyzabcd", ""},
	{"regex-anchor", `/^abc/`, "abcabc", ""},
	{"regex-end", `/abc$/`, "abcabc", ""},
	{"regex-wordb", `/\babc\b/`, "abc xabc abc.", ""},
	{"regex-repeat", `/(abc)+/`, "abcabcabc", ""},
	{"regex-counted", `/ab{2,3}c/`, "abbc abbbc abc", ""},
	{"regex-private", `/ab/ private`, "abab", ""},
	{"regex-class-only", `/[a-z]{3}/`, "ab3abc", ""},
	{"regex-alt-atoms", `/ab|a/`, "abab", ""},                      // yara's alternation model: atoms inside the alternatives, the first report wins
	{"regex-alt-atoms2", `/a(bc|b)/`, "abc", ""},                   // the alternation's atoms win the tie with a; b reports first
	{"hex-alt-atoms", `{ 01 ( 02 03 | 02 ) }`, "\x01\x02\x03", ""}, // the alternation model applies to hex strings too
}

// TestYaraDifferential compares the matches (offset, length, hence data)
// of every table string with yara's.
func TestYaraDifferential(t *testing.T) {
	yara := testenv.Yara(t)
	for _, c := range yaraCases {
		t.Run(c.name, func(t *testing.T) {
			def := mustParse(t, c.str)
			p, err := Compile(def)
			if err != nil {
				t.Fatal(err)
			}
			data := []byte(c.data)
			got := sprint(pairs(naiveFind(p, data)))
			y := sprint(matchcases.RunYara(t, yara, matchcases.Rule(c.str), data))
			if c.deviation != "" {
				if got == y {
					t.Errorf("expected a deviation (%s) but both report %s", c.deviation, got)
				}
				want, _ := oracle(def, data)
				if sprint(triples(naiveFind(p, data))) != sprint(want) {
					t.Errorf("differs from refmatch")
				}
				return
			}
			if got != y {
				t.Errorf("%s on %q:\n got %s\nyara %s", c.str, c.data, got, y)
			}
			if y == "[]" {
				t.Errorf("%s on %q: yara finds nothing: a useless case", c.str, c.data)
			}
		})
	}
}
