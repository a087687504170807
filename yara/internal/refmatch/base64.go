package refmatch

// stdAlphabet is the standard base64 alphabet of RFC 4648.
const stdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// base64Shifts returns the base64 encodings of s that yara searches for:
// s encoded after 0, 1 and 2 unknown leading bytes, keeping only the
// characters all six bits of which come from s. Characters that mix bits of
// the unknown bytes before s, or of the unknown bytes (or padding) after it,
// are trimmed, as are padding characters. An encoding with no character left
// is omitted (the one-byte string "a" has two non-empty encodings, "Y" and "h").
func base64Shifts(s []byte, alphabet string) [][]byte {
	var out [][]byte
	for shift := 0; shift < 3; shift++ {
		// The bit stream is shift zero bytes, then s; character i covers
		// bits [6i, 6i+6) and is kept when that range lies within s.
		first := 8 * shift
		last := 8 * (shift + len(s)) // bits of s are [first, last)
		var enc []byte
		for i := 0; 6*i+6 <= last; i++ {
			if 6*i < first {
				continue
			}
			v := 0
			for bit := 6 * i; bit < 6*i+6; bit++ {
				by := s[bit/8-shift]
				v = v<<1 | int(by>>(7-bit%8)&1)
			}
			enc = append(enc, alphabet[v])
		}
		if len(enc) > 0 {
			out = append(out, enc)
		}
	}
	return out
}

// findBase64 finds the matches of a text string with the base64 and/or
// base64wide modifiers. The plaintexts are the ascii form of the string
// (with "ascii", or without "wide") and its wide form (with "wide"); each is
// encoded by base64Shifts, and base64wide searches the encodings widened. A
// match covers the trimmed encoding only.
func findBase64(s []byte, m modifiers, data []byte) ([]candidate, error) {
	alphabet := stdAlphabet
	if m.alphabet != nil {
		alphabet = string(m.alphabet)
	}
	var plains [][]byte
	if m.asciiForm() {
		plains = append(plains, s)
	}
	if m.wide {
		plains = append(plains, widen(s))
	}
	var pats [][]byte
	var wides []bool
	for _, p := range plains {
		for _, enc := range base64Shifts(p, alphabet) {
			if m.base64 {
				pats = append(pats, enc)
				wides = append(wides, false)
			}
			if m.base64wide {
				pats = append(pats, widen(enc))
				wides = append(wides, true)
			}
		}
	}
	var out []candidate
	for rank, pat := range pats {
		for off := 0; off+len(pat) <= len(data); off++ {
			if literalAt(data, off, pat, false) {
				out = append(out, candidate{Match{Offset: off, Length: len(pat), XorKey: -1, Wide: wides[rank]}, rank})
			}
		}
	}
	return out, nil
}
