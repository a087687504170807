package slots

import (
	"fmt"
	"testing"
)

func TestCount(t *testing.T) {
	for bits := 15; bits <= 21; bits++ {
		t.Run(fmt.Sprintf("window-%d", bits), func(t *testing.T) {
			n := Count(bits)
			if got := Base[n-1] + 1<<ExtraBits[n-1]; got != 1<<bits {
				t.Errorf("window 2^%d: %d slots cover %d", bits, n, got)
			}
		})
	}
}

func TestTables(t *testing.T) {
	tests := []struct {
		slot        int
		base, extra uint32
	}{
		{0, 0, 0}, {3, 3, 0}, {4, 4, 1}, {10, 32, 4}, {36, 262144, 17}, {49, 1966080, 17},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("slot-%d", tt.slot), func(t *testing.T) {
			if Base[tt.slot] != tt.base || ExtraBits[tt.slot] != tt.extra {
				t.Errorf("slot %d: base %d, extra %d; want %d, %d", tt.slot, Base[tt.slot], ExtraBits[tt.slot], tt.base, tt.extra)
			}
		})
	}
}
