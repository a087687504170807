package yara

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// matchingNames scans data with rules under opts and returns the names of
// the matching rules.
func matchingNames(t *testing.T, rules *Rules, opts ScanOptions, data []byte) []string {
	t.Helper()
	return scanNames(t, rules.NewScanner(opts), opts, data)
}

// plainNames is matchingNames with every shortcut of the scanner off: no
// rule guards, no lazy strings, every string searched in full.
func plainNames(t *testing.T, rules *Rules, data []byte) []string {
	t.Helper()
	sc := rules.NewScanner(ScanOptions{})
	sc.lz = lazyState{}
	return scanNames(t, sc, ScanOptions{}, data)
}

func scanNames(t *testing.T, sc *Scanner, opts ScanOptions, data []byte) []string {
	t.Helper()
	res, err := sc.ScanBytes(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, m := range res.Matching {
		out = append(out, m.Namespace+":"+m.Rule)
		if opts.NoMatchDetails && len(m.Strings) > 0 {
			t.Errorf("rule %s: %d strings reported under NoMatchDetails", m.Rule, len(m.Strings))
		}
	}
	return out
}

// TestNoMatchDetailsSameRules checks that NoMatchDetails (lazy `at`
// strings, boolean strings searched until their first match, full-scan
// strings stopped early) changes no rule's result.
func TestNoMatchDetailsSameRules(t *testing.T) {
	rulesText := `
rule at_const { strings: $a = "MZ" condition: $a at 0 }
rule at_const_miss { strings: $a = "MZ" condition: $a at 1 }
rule at_expr { strings: $a = { 50 45 00 00 } condition: $a at uint32(0x3c) }
rule at_loop { strings: $a = "xx" $b = { 50 45 } condition: for any of ($*) : ($ at uint32(0x3c)) }
rule at_loop_miss { strings: $a = "xx" $b = { 50 46 } condition: for any of ($*) : ($ at uint32(0x3c)) }
rule at_undef { strings: $a = "MZ" condition: not ($a at uint32(0x100000)) }
rule at_and_count { strings: $a = "ab" condition: $a at 8 and #a == 3 }
rule at_regex { strings: $a = /ab+c/ condition: $a at 16 }
rule at_wide { strings: $a = "ab" wide condition: $a at 24 }
rule bool_full { strings: $a = /[0-9a-f]{8}/ fullword condition: $a }
rule bool_empty { strings: $a = /x|/ condition: $a }
rule count_full { strings: $a = /[0-9a-f]{4}/ condition: #a == 2 }
rule bool_two { strings: $a = "ab" $b = "zz" condition: $a and not $b }
rule unused_str { strings: $_a = "ab" $_b = /[0-9a-f]{4}/ condition: filesize > 10 }
rule guard_ok { strings: $a = "ab" condition: uint16(0) == 0x5A4D and $a }
rule guard_fail { strings: $a = "ab" condition: uint16(0) == 0x5A4E and $a }
rule guard_or { strings: $a = "ab" condition: uint16(0) == 0x5A4E or $a }
rule guard_not { strings: $a = "zz" condition: not (uint16(0) == 0x5A4E and $a) }
rule guard_far { strings: $a = "ab" condition: uint32be(0x1000) == 0 and not $a }
`
	r := compile(t, nil, src{text: rulesText})
	data := make([]byte, 0x60)
	copy(data, "MZ")
	copy(data[8:], "ab")
	copy(data[16:], "abbbc ab")
	copy(data[24:], "a\x00b\x00")
	copy(data[32:], " deadbeef 1234 ")
	copy(data[0x50:], "PE\x00\x00")
	data[0x3c] = 0x50 // e_lfanew points at "PE\0\0"
	want := plainNames(t, r, data)
	for _, opts := range []ScanOptions{{}, {NoMatchDetails: true}} {
		if got := matchingNames(t, r, opts, data); !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v: %v\nwithout shortcuts: %v", opts, got, want)
		}
	}
	for _, name := range []string{"default:at_const", "default:at_expr", "default:at_loop", "default:at_regex", "default:at_wide", "default:bool_full", "default:bool_empty", "default:bool_two", "default:unused_str", "default:guard_ok", "default:guard_or", "default:guard_not"} {
		if !contains(want, name) {
			t.Errorf("%s does not match: the test data is wrong (matching: %v)", name, want)
		}
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// TestNoMatchDetailsRandom compares rule results with and without
// NoMatchDetails on random strings, conditions and data.
func TestNoMatchDetailsRandom(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 50
	}
	rng := rand.New(rand.NewSource(9))
	g := &ruleGen{r: rng}
	matched := 0
	for i := range n {
		var sb strings.Builder
		for k := range 6 {
			fmt.Fprintf(&sb, "rule r%d { strings: $a = %s $b = %s condition: %s }\n", k, g.str(), g.str(), randomCond(rng))
		}
		c := NewCompiler()
		if err := c.AddSource("r.yar", []byte(sb.String()), "default"); err != nil {
			continue // random strings may not compile
		}
		r, err := c.Rules()
		if err != nil {
			continue
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			for range 4 {
				data := g.data(200)
				want := plainNames(t, r, data)
				for _, opts := range []ScanOptions{{}, {NoMatchDetails: true}} {
					if got := matchingNames(t, r, opts, data); !reflect.DeepEqual(got, want) {
						t.Fatalf("rules:\n%s\ndata %q\n%+v: %v\nwithout shortcuts: %v", sb.String(), data, opts, got, want)
					}
				}
				matched += len(want)
			}
		})
	}
	if matched < n/4 {
		t.Errorf("only %d rule matches in %d cases: the generator is too weak", matched, n)
	}
}

// randomCond returns a condition over $a and $b mixing lazy `at`
// references, boolean uses and counts.
func randomCond(r *rand.Rand) string {
	k := r.Intn(8)
	conds := []string{
		fmt.Sprintf("$a at %d", k),
		fmt.Sprintf("$a at %d or $b", k),
		fmt.Sprintf("for any of ($a, $b) : ($ at %d)", k),
		fmt.Sprintf("for any of them : ($ at uint8(%d) %% 8)", k),
		"$a and not $b",
		"any of them",
		"#a > 1 or $b",
		fmt.Sprintf("$a at %d and $a at %d", k, k+1),
		fmt.Sprintf("$a at %d and #a == 1", k),
		"$a in (0..10) or $b",
		"uint8(0) == 0x61 and $a",
		"(0x6261 == uint16(0)) and (any of them)",
		"uint8be(1) == 0x41 and $a and not $b",
		"uint8(0) == 0x61 or $a",
		"not (uint8(0) == 0x61 and $a)",
		"for any of ($a, $b) : (true)",
	}
	return conds[r.Intn(len(conds))]
}
