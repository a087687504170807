package ac

import "bytes"

// maxSkipBytes is the largest number of bytes leaving the start state for
// which the skip loop is used: measured on random and English-like data, with
// about 25 such bytes the start state is left too often for skipping to pay
// for its extra test per byte, while 10 gain 2x (BenchmarkLayout).
const maxSkipBytes = 16

// skipKind names the start-state accelerator in use.
type skipKind uint8

const (
	skipNone  skipKind = iota // no accelerator
	skipByte                  // one byte leaves the start state: bytes.IndexByte
	skipTable                 // a few bytes leave it: unrolled table test
)

// String names the accelerator for Stats.
func (k skipKind) String() string {
	switch k {
	case skipByte:
		return "indexbyte"
	case skipTable:
		return "table"
	}
	return "none"
}

// skipper jumps over bytes on which the start state loops to itself.
type skipper struct {
	kind  skipKind
	count int       // bytes that leave the start state
	b     byte      // the only such byte, for skipByte
	table [256]byte // 1 for bytes that leave the start state
}

// newSkipper inspects the start state's row and picks an accelerator.
func newSkipper(a *Automaton, disabled bool) skipper {
	var k skipper
	for b := range 256 {
		if a.trans[a.classes[b]] != 0 {
			k.table[b] = 1
			k.b = byte(b)
			k.count++
		}
	}
	switch {
	case disabled || k.count > maxSkipBytes:
		k.kind = skipNone
	case k.count == 1:
		k.kind = skipByte
	default:
		k.kind = skipTable
	}
	return k
}

// next returns the index of the first byte at or after i that leaves the
// start state, or len(data).
func (k *skipper) next(data []byte, i int) int {
	if k.kind == skipByte {
		if j := bytes.IndexByte(data[i:], k.b); j >= 0 {
			return i + j
		}
		return len(data)
	}
	t := &k.table
	for ; i+8 <= len(data); i += 8 {
		d := data[i : i+8 : i+8]
		if t[d[0]]|t[d[1]]|t[d[2]]|t[d[3]]|t[d[4]]|t[d[5]]|t[d[6]]|t[d[7]] != 0 {
			break
		}
	}
	for ; i < len(data); i++ {
		if t[data[i]] != 0 {
			return i
		}
	}
	return i
}
