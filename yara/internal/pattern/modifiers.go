package pattern

import (
	"github.com/overt-sec/overt/yara/syntax"
)

// stdAlphabet is the standard base64 alphabet (RFC 4648).
const stdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// mods is the set of modifiers of one string definition.
type mods struct {
	nocase, wide, ascii, fullword, private bool
	xor                                    bool
	xorMin, xorMax                         int
	base64, base64wide                     bool
	alphabet                               string
}

// asciiForm reports whether the plain (non-wide) form is searched: with
// "ascii", or by default when "wide" is absent.
func (m *mods) asciiForm() bool { return m.ascii || !m.wide }

// readMods decodes and checks the modifiers of def (syntax.StringDef.ModifierSet).
func readMods(def *syntax.StringDef) (mods, error) {
	s, err := def.ModifierSet()
	if err != nil {
		return mods{}, err
	}
	m := mods{
		nocase: s.Nocase, wide: s.Wide, ascii: s.ASCII, fullword: s.Fullword, private: s.Private,
		xor: s.Xor, xorMin: s.XorMin, xorMax: s.XorMax,
		base64: s.Base64, base64wide: s.Base64Wide, alphabet: stdAlphabet,
	}
	if s.Alphabet != nil {
		m.alphabet = string(s.Alphabet)
	}
	return m, nil
}

// isAlnum reports whether b is an ASCII letter or digit: the bytes that
// break a fullword match (the underscore does not).
func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// fullwordOK reports whether data[off:end] is delimited as fullword requires:
// in the ascii form no alphanumeric byte right before or after; in the wide
// form no "alphanumeric byte, zero byte" character before or after. The raw
// bytes are examined, also for xor strings, as yara does.
func fullwordOK(data []byte, off, end int, wide bool) bool {
	if !wide {
		if off > 0 && isAlnum(data[off-1]) {
			return false
		}
		return end >= len(data) || !isAlnum(data[end])
	}
	if off >= 2 && data[off-1] == 0 && isAlnum(data[off-2]) {
		return false
	}
	return !(end+1 < len(data) && data[end+1] == 0 && isAlnum(data[end]))
}

// lower folds an ASCII upper-case letter to lower case.
func lower(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// widen returns s with a zero byte after each byte.
func widen(s []byte) []byte {
	w := make([]byte, 0, 2*len(s))
	for _, b := range s {
		w = append(w, b, 0)
	}
	return w
}
