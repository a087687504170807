package pattern

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"
)

// TestScanRangeMatchesScan checks that scanning consecutive ranges finds
// exactly the matches of one Scan, for every kind of pattern.
func TestScanRangeMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	data := make([]byte, 3000)
	for i := range data {
		data[i] = "ab\x00 c"[rng.Intn(5)]
	}
	copy(data[1000:], "YWJj") // "abc" in base64
	strs := []string{
		`"ab"`, `"a\x00" wide`, `"ab" xor(1-3)`, `"abc" base64`,
		`{ 61 ?? 62 }`, `{ 61 [0-20] 63 }`, `/a.{0,30}c/`, `/(ab|ba)+/ wide`, `/\bc/`,
	}
	for _, str := range strs {
		for _, step := range []int{1, 7, 100, 5000} {
			t.Run(fmt.Sprintf("%s/step=%d", str, step), func(t *testing.T) {
				p, err := Compile(mustParse(t, str))
				if err != nil {
					t.Fatal(err)
				}
				sc := NewScratch()
				var whole, parts []Match
				p.Scan(sc, data, func(m Match) { whole = append(whole, m) })
				for from := -3; from < len(data)+step; from += step {
					p.ScanRange(sc, data, from, from+step, func(m Match) { parts = append(parts, m) })
				}
				if len(whole) == 0 {
					t.Fatalf("no match: the test data is too weak")
				}
				whole, parts = Finish(whole), Finish(parts)
				if !reflect.DeepEqual(whole, parts) {
					t.Errorf("ranges found %d matches, Scan %d", len(parts), len(whole))
				}
			})
		}
	}
}
