package cab

import (
	"bytes"
	"context"
	"testing"

	"github.com/overt-sec/overt/content"
)

// BenchmarkInstallShieldLZX measures LZX decoding on the real cabinet of
// TestInstallShieldLZX (bytes/s of decoded output).
func BenchmarkInstallShieldLZX(b *testing.B) {
	data := installShieldCab(b)
	var n int64
	for i := 0; i < b.N; i++ {
		n = 0
		w := content.Walker{Sniff: Sniff}
		w.Walk(context.Background(), "x.cab", bytes.NewReader(data), int64(len(data)), func(_ []string, d []byte) error {
			n += int64(len(d))
			return nil
		})
	}
	b.SetBytes(n)
}
