package tlsh

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// input is one generated test input.
type input struct {
	name string
	data []byte
}

// genInputs returns deterministic inputs of many kinds and lengths:
// random bytes, text over small and large alphabets, repeated patterns,
// comma-joined symbol lists like telfhash's, and data around every
// boundary of the length code up to maxLen bytes.
func genInputs(maxLen int) []input {
	rng := rand.New(rand.NewPCG(1, 2))
	var out []input
	add := func(name string, b []byte) { out = append(out, input{name, b}) }
	randBytes := func(n int, alphabet int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(alphabet))
		}
		return b
	}
	for _, n := range []int{50, 64, 100, 255, 256, 257, 300, 511, 656, 657, 1000, 3199, 3200, 4096, 65536} {
		add(fmt.Sprintf("random-%d", n), randBytes(n, 256))
		add(fmt.Sprintf("alpha16-%d", n), randBytes(n, 16))
		add(fmt.Sprintf("alpha4-%d", n), randBytes(n, 4))
	}
	for _, n := range []int{256, 1000, 10000} {
		add(fmt.Sprintf("zeros-%d", n), make([]byte, n))
		ramp := make([]byte, n)
		for i := range ramp {
			ramp[i] = byte(i)
		}
		add(fmt.Sprintf("ramp-%d", n), ramp)
	}
	// Periodic data uses few buckets: around period 10 to 20 the third
	// quartile is non-zero but half the buckets or fewer are used.
	for period := 3; period <= 40; period++ {
		pat := randBytes(period, 256)
		b := make([]byte, 1000)
		for i := range b {
			b[i] = pat[i%period]
		}
		add(fmt.Sprintf("period%d-1000", period), b)
	}
	words := []string{"printf", "socket", "connect", "fork", "execve", "getpid", "kill", "open", "read", "write",
		"close", "select", "sleep", "time", "rand", "srand", "bind", "listen", "accept", "send", "recv", "exit"}
	for _, k := range []int{8, 20, 60, 200} {
		var syms []string
		for range k {
			syms = append(syms, words[rng.IntN(len(words))]+fmt.Sprint(rng.IntN(50)))
		}
		add(fmt.Sprintf("symbols-%d", k), []byte(strings.Join(syms, ",")))
	}
	for n := 256; n <= maxLen; n++ {
		if lengthCode(uint64(n)) != lengthCode(uint64(n-1)) {
			b := randBytes(n, 256)
			add(fmt.Sprintf("boundary-%d", n-1), b[:n-1])
			add(fmt.Sprintf("boundary-%d", n), b)
		}
	}
	return out
}
