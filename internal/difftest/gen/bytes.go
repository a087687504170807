package gen

import "math/rand/v2"

// widen converts ASCII to the UTF-16LE form YARA's wide modifier matches:
// every byte followed by a zero byte.
func widen(b []byte) []byte {
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, c, 0)
	}
	return out
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isAlnum(c byte) bool { return isAlpha(c) || c >= '0' && c <= '9' }

func isWord(c byte) bool { return isAlnum(c) || c == '_' }

// randomCase flips the case of an ASCII letter with probability one half.
func randomCase(rng *rand.Rand, c byte) byte {
	if isAlpha(c) && rng.IntN(2) == 0 {
		return c ^ 0x20
	}
	return c
}

// nonAlnum are the delimiter bytes placed around fullword instances.
const nonAlnum = " \t\n.,;:-/()[]\"'<>=\x00"

// nonWord are the bytes placed where a regex requires a non-word byte.
const nonWord = " \t\n.,;:-/()[]\"'<>=\x00\xff"

// wordBytes are the bytes placed where a regex requires a word byte.
const wordBytes = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

func pick(rng *rand.Rand, set string) byte { return set[rng.IntN(len(set))] }

// fullwordGuard surrounds data with delimiters: one non-alphanumeric byte on
// each side, or a non-alphanumeric character followed by a zero byte for the
// wide form, so that whatever filler surrounds the instance, the fullword
// check succeeds. atStart/atEnd suppress the guard at an anchored edge.
func fullwordGuard(rng *rand.Rand, data []byte, wide, atStart, atEnd bool) []byte {
	var out []byte
	guard := func() {
		out = append(out, pick(rng, nonAlnum))
		if wide {
			out = append(out, 0)
		}
	}
	if !atStart {
		guard()
	}
	out = append(out, data...)
	if !atEnd {
		guard()
	}
	return out
}

// missByte returns a byte that differs from c even when letters are
// compared without regard to case.
func missByte(c byte) byte { return c ^ 0xFF }
