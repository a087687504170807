// Package slots holds LZX's position slot tables, shared by the decoder
// and the test encoder so that both read one definition.
package slots

// Max is the number of position slots of the largest window (2^21 bytes).
const Max = 50

// ExtraBits and Base describe the position slots: a match offset in slot s
// is Base[s] plus ExtraBits[s] bits, minus 2.
var ExtraBits, Base [Max]uint32

func init() {
	for s := range Max {
		if s >= 4 {
			ExtraBits[s] = min(uint32(s-2)/2, 17)
		}
		if s > 0 {
			Base[s] = Base[s-1] + 1<<ExtraBits[s-1]
		}
	}
}

// Count returns the number of position slots of a window of 2^bits bytes
// (bits from 15 to 21).
func Count(bits int) int {
	switch bits {
	case 20:
		return 42
	case 21:
		return 50
	}
	return 2 * bits
}
