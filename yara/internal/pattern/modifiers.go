package pattern

import (
	"fmt"

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

// readMods collects the modifiers of def and rejects what yara rejects:
// modifiers hex or regex strings do not take, and invalid combinations.
func readMods(def *syntax.StringDef) (mods, error) {
	m := mods{alphabet: stdAlphabet}
	for _, mod := range def.Modifiers {
		if mod == nil {
			return m, fmt.Errorf("nil modifier")
		}
		switch mod.Kind {
		case syntax.ModNocase:
			m.nocase = true
		case syntax.ModWide:
			m.wide = true
		case syntax.ModASCII:
			m.ascii = true
		case syntax.ModFullword:
			m.fullword = true
		case syntax.ModPrivate:
			m.private = true
		case syntax.ModXor:
			m.xor = true
			m.xorMin, m.xorMax = 0, MaxXorKey
			if mod.HasXorArgs {
				m.xorMin, m.xorMax = mod.XorMin, mod.XorMax
			}
			if m.xorMin < 0 || m.xorMax > MaxXorKey || m.xorMin > m.xorMax {
				return m, fmt.Errorf("invalid xor range %d-%d", m.xorMin, m.xorMax)
			}
		case syntax.ModBase64, syntax.ModBase64Wide:
			if mod.Kind == syntax.ModBase64 {
				m.base64 = true
			} else {
				m.base64wide = true
			}
			if mod.Alphabet != nil {
				if len(mod.Alphabet.Value) != 64 {
					return m, fmt.Errorf("base64 alphabet must be 64 bytes, not %d", len(mod.Alphabet.Value))
				}
				m.alphabet = string(mod.Alphabet.Value)
			}
		default:
			return m, fmt.Errorf("unknown modifier %v", mod.Kind)
		}
	}
	switch def.Value.(type) {
	case *syntax.HexString:
		if m.nocase || m.wide || m.ascii || m.fullword || m.xor || m.base64 || m.base64wide {
			return m, fmt.Errorf("hex strings accept only the private modifier")
		}
	case *syntax.RegexString:
		if m.xor || m.base64 || m.base64wide {
			return m, fmt.Errorf("regex strings do not accept xor or base64 modifiers")
		}
	}
	b64 := m.base64 || m.base64wide
	switch {
	case m.xor && m.nocase:
		return m, fmt.Errorf("invalid modifier combination: xor nocase")
	case m.xor && b64:
		return m, fmt.Errorf("invalid modifier combination: base64 xor")
	case b64 && m.nocase:
		return m, fmt.Errorf("invalid modifier combination: base64 nocase")
	case b64 && m.fullword:
		return m, fmt.Errorf("invalid modifier combination: base64 fullword")
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
