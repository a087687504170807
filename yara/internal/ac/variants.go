package ac

import "fmt"

// CaseVariants returns every ASCII case variant of p (p itself first), for
// a compiler that turns a case-insensitive atom into plain patterns. It
// fails when p has more than log2(MaxCaseVariants) ASCII letters.
func CaseVariants(p []byte) ([][]byte, error) {
	var letters []int
	for i, b := range p {
		if isASCIILetter(b) {
			letters = append(letters, i)
		}
	}
	if len(letters) > 0 && 1<<min(len(letters), 62) > MaxCaseVariants {
		return nil, fmt.Errorf("ac: %d ASCII letters in a case-insensitive pattern make more than %d variants", len(letters), MaxCaseVariants)
	}
	out := make([][]byte, 0, 1<<len(letters))
	for mask := range 1 << len(letters) {
		v := append([]byte(nil), p...)
		for bit, i := range letters {
			if mask&(1<<bit) != 0 {
				v[i] ^= 0x20 // flips the case of an ASCII letter
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// isASCIILetter reports whether b is A-Z or a-z.
func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }
