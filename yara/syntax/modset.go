package syntax

import "fmt"

// MaxXorKey is the largest xor key: keys are single bytes.
const MaxXorKey = 255

// ModifierSet is the decoded modifier list of one string definition.
type ModifierSet struct {
	Nocase, Wide, ASCII, Fullword, Private bool
	Xor                                    bool // xor, with keys XorMin..XorMax
	XorMin, XorMax                         int
	Base64, Base64Wide                     bool
	Alphabet                               []byte // custom base64 alphabet, or nil for the standard one
}

// ASCIIForm reports whether the plain (non-wide) form is searched: with
// "ascii", or by default when "wide" is absent.
func (m *ModifierSet) ASCIIForm() bool { return m.ASCII || !m.Wide }

// ModifierSet decodes s's modifiers and rejects what yara rejects: modifiers
// that hex or regex strings do not take, an xor range outside 0..255 or
// reversed, a base64 alphabet that is not 64 bytes, and the invalid
// combinations (xor with nocase or base64; base64 with nocase or fullword).
// The parser and checker report these with positions; this is the
// engine's own guard for definitions built by other means.
func (s *StringDef) ModifierSet() (ModifierSet, error) {
	var m ModifierSet
	for _, mod := range s.Modifiers {
		if mod == nil {
			return m, fmt.Errorf("nil modifier")
		}
		switch mod.Kind {
		case ModNocase:
			m.Nocase = true
		case ModWide:
			m.Wide = true
		case ModASCII:
			m.ASCII = true
		case ModFullword:
			m.Fullword = true
		case ModPrivate:
			m.Private = true
		case ModXor:
			m.Xor = true
			m.XorMin, m.XorMax = 0, MaxXorKey
			if mod.HasXorArgs {
				m.XorMin, m.XorMax = mod.XorMin, mod.XorMax
			}
			if m.XorMin < 0 || m.XorMax > MaxXorKey || m.XorMin > m.XorMax {
				return m, fmt.Errorf("invalid xor range %d-%d", m.XorMin, m.XorMax)
			}
		case ModBase64, ModBase64Wide:
			if mod.Kind == ModBase64 {
				m.Base64 = true
			} else {
				m.Base64Wide = true
			}
			if mod.Alphabet != nil {
				if len(mod.Alphabet.Value) != 64 {
					return m, fmt.Errorf("base64 alphabet must be 64 bytes, not %d", len(mod.Alphabet.Value))
				}
				m.Alphabet = mod.Alphabet.Value
			}
		default:
			return m, fmt.Errorf("unknown modifier %v", mod.Kind)
		}
	}
	switch s.Value.(type) {
	case *HexString:
		if m.Nocase || m.Wide || m.ASCII || m.Fullword || m.Xor || m.Base64 || m.Base64Wide {
			return m, fmt.Errorf("hex strings accept only the private modifier")
		}
	case *RegexString:
		if m.Xor || m.Base64 || m.Base64Wide {
			return m, fmt.Errorf("regex strings do not accept xor or base64 modifiers")
		}
	}
	b64 := m.Base64 || m.Base64Wide
	switch {
	case m.Xor && m.Nocase:
		return m, fmt.Errorf("invalid modifier combination: xor nocase")
	case m.Xor && b64:
		return m, fmt.Errorf("invalid modifier combination: base64 xor")
	case b64 && m.Nocase:
		return m, fmt.Errorf("invalid modifier combination: base64 nocase")
	case b64 && m.Fullword:
		return m, fmt.Errorf("invalid modifier combination: base64 fullword")
	}
	return m, nil
}
