package dex

import (
	"math/rand"
)

// Mutants returns n copies of the well-formed test file with a few bytes
// changed at random (fixed seed), for differential tests against yara.
func Mutants(n int) [][]byte {
	good := buildDex("035")
	rng := rand.New(rand.NewSource(1))
	out := make([][]byte, n)
	for i := range out {
		b := append([]byte(nil), good...)
		for range 1 + rng.Intn(4) {
			off := 8 + rng.Intn(len(b)-8)
			if rng.Intn(3) == 0 {
				off = 0x20 + rng.Intn(0x50) // header fields
			}
			b[off] = byte(rng.Intn(256))
		}
		out[i] = b
	}
	return out
}
