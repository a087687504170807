package pattern

import "testing"

// TestAltSitesRoundTrip checks that patterns compiled with sites of the
// alternation model (yaraalt.go) have them, and keep them and their
// matches through AppendBinary and Decode.
func TestAltSitesRoundTrip(t *testing.T) {
	tests := []struct{ name, str string }{
		{"regex prefix alternatives", `/(ab|abcd)e?/`},
		{"regex nocase", `/x(abc|ab)/ nocase`},
		{"regex wide ascii", `/:((:[0-9a-f]{1,4}){1,7}|:)/ wide ascii`},
		{"hex nibble alternative", `{ 31 (32 | 33 ?4) [1-] 35 ~36 }`},
		{"hex unbounded prefix", `{ 6? [-] ( ?2 [0-1] 62 | ?2 00 61 [0-2] 63 ) 62 }`},
	}
	data := []byte("abcde abe xABCd :: ::f :1:22:333 1234 1\x005 a\x02bb` ab\x00a\x00 \x00a\x00b\x00c\x00:\x00:\x00f\x00 bb")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile(mustParse(t, tc.str))
			if err != nil {
				t.Fatal(err)
			}
			if !p.hasAlt() {
				t.Fatalf("%s: no site of the alternation model", tc.str)
			}
			q := roundTrip(t, p)
			if !q.hasAlt() {
				t.Fatalf("%s: decoded pattern lost its alternation sites", tc.str)
			}
			want := naiveFind(p, data)
			if len(want) == 0 {
				t.Fatalf("%s: no match in the test data", tc.str)
			}
			if got := naiveFind(q, data); sprint(got) != sprint(want) {
				t.Errorf("matches of the decoded pattern %s, want %s", sprint(got), sprint(want))
			}
		})
	}
}
