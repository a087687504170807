package pdf

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

func TestLZWRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 10, 300, 5000, 70000} {
		for _, alpha := range []int{1, 3, 256} {
			in := make([]byte, n)
			for i := range in {
				in[i] = byte(r.IntN(alpha))
			}
			out := &capBuf{max: 1 << 20}
			if err := lzwDecode(out, lzwOf(in), true); err != nil {
				t.Fatalf("n %d alpha %d: %v", n, alpha, err)
			}
			if !bytes.Equal(out.b, in) {
				t.Fatalf("n %d alpha %d: round trip differs (got %d bytes)", n, alpha, len(out.b))
			}
		}
	}
}
