package ac

import (
	"bytes"
	"math/rand"
	"slices"
	"testing"
)

// TestSortedOrder checks the radix sort of short patterns against a
// stable comparison sort, on patterns rich in prefixes, zero bytes and
// duplicates.
func TestSortedOrder(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n, max int
		alpha  []byte
	}{
		{"atoms", 5000, 4, []byte{0, 1, 'a', 0xff}},
		{"seven bytes", 3000, 7, []byte{0, 'b', 0x80}},
		{"long patterns fall back", 500, 12, []byte{0, 'c'}},
		{"few patterns", 10, 4, []byte{0, 'd'}},
		{"one byte", 2000, 1, []byte{0, 1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewSource(int64(tc.n)))
			pats := make([][]byte, tc.n)
			for i := range pats {
				p := make([]byte, 1+r.Intn(tc.max))
				for j := range p {
					p[j] = tc.alpha[r.Intn(len(tc.alpha))]
				}
				pats[i] = p
			}
			want := make([]uint32, len(pats))
			for i := range want {
				want[i] = uint32(i)
			}
			slices.SortStableFunc(want, func(x, y uint32) int { return bytes.Compare(pats[x], pats[y]) })
			if got := sortedOrder(pats); !slices.Equal(got, want) {
				t.Errorf("sortedOrder differs from a stable sort")
			}
		})
	}
}
