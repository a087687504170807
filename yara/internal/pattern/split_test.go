package pattern

import (
	"reflect"
	"strings"
	"testing"
)

// TestSplitHex checks hex strings whose long jumps do not fit one program
// against yara -s's matches (yara 4.2.3, recorded here).
func TestSplitHex(t *testing.T) {
	long := strings.Repeat("x", 150000)
	tests := []struct {
		str  string
		data string
		want [][2]int // offset, length
	}{
		{`{ 61 [0-100000] 62 }`, "xaxxbxbxaabcbc", [][2]int{{1, 4}, {8, 3}, {9, 2}}},
		{`{ 61 [2-300000] 62 63 }`, "xaxxbxbxaabcbc", [][2]int{{1, 11}, {8, 6}, {9, 5}}},
		{`{ 61 [0-100000] 62 }`, "a" + long + "b", nil},
		{`{ 61 [0-200000] 62 }`, "a" + long + "b", [][2]int{{0, len(long) + 2}}},
		{`{ 61 62 [200000-] 63 }`, "ab" + long + long + "c", [][2]int{{0, 2*len(long) + 3}}},
		{`{ 61 [0-100000] 62 [0-100000] 63 }`, "a..b..c..a", [][2]int{{0, 7}}},
		{`{ 61 [0-100000] 62 [0-100000] 63 }`, "a..b..b..a", nil},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			p, err := Compile(mustParse(t, tt.str))
			if err != nil {
				t.Fatal(err)
			}
			if p.forms[0].split == nil {
				t.Fatal("not split")
			}
			got := pairs(naiveFind(p, []byte(tt.data)))
			if len(got) == 0 {
				got = nil
			}
			var want [][2]int
			want = append(want, tt.want...)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}
