package regex

import (
	"bytes"
	"math/rand"
	"testing"
)

// benchData returns n pseudo-random bytes of mostly text, with a few
// planted matches.
func benchData(n int) []byte {
	rng := rand.New(rand.NewSource(42))
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 .:/\n"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.Intn(len(alphabet))]
	}
	for off := 1000; off+40 < n; off += 8192 {
		copy(b[off:], "md5: 0123456789abcdef0123456789abcdef")
	}
	return b
}

var benchPatterns = []struct{ name, pattern string }{
	{"literal", `state: on`},
	{"md5", `md5: [0-9a-fA-F]{32}`},
	{"alternation", `(https?|ftp)://[a-z0-9.]+`},
	{"dotstar", `a.*z`},
	{"counted", `[a-z]{3,10}[0-9]{2}`},
}

// BenchmarkFindAll measures the reference scan (MatchAt at every position
// that passes the first-byte filter) over data sizes × pattern difficulty.
func BenchmarkFindAll(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10} {
		data := benchData(size)
		for _, p := range benchPatterns {
			re := MustCompile(p.pattern, 0)
			b.Run(p.name+"/"+sizeName(size), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					re.FindAll(data, func(int, int) bool { return true })
				}
			})
		}
	}
}

// BenchmarkMatchAt measures a single anchored match that runs to ScanLimit.
func BenchmarkMatchAt(b *testing.B) {
	data := append([]byte("a"), bytes.Repeat([]byte("x"), 2*ScanLimit)...)
	for _, p := range []struct{ name, pattern string }{{"dotstar", `a.*z`}, {"alternation-loop", `a(x|xy|xyz)*z`}} {
		re := MustCompile(p.pattern, 0)
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(ScanLimit)
			for b.Loop() {
				re.MatchAt(data, 0)
			}
		})
	}
}

func sizeName(n int) string {
	if n >= 1<<10 {
		return itoa(n>>10) + "KiB"
	}
	return itoa(n) + "B"
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
