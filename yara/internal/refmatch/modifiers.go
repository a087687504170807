package refmatch

import (
	"fmt"

	"github.com/overt-sec/overt/yara/syntax"
)

// modifiers is the set of modifiers of one string definition.
type modifiers struct {
	nocase, wide, ascii, fullword, private bool
	xor                                    bool
	xorMin, xorMax                         int
	base64, base64wide                     bool
	alphabet                               []byte // custom base64 alphabet, or nil for the standard one
}

// asciiForm reports whether the plain (non-wide) form is searched: with
// "ascii", or by default when "wide" is absent.
func (m *modifiers) asciiForm() bool { return m.ascii || !m.wide }

// readModifiers collects the modifiers of def and rejects the combinations
// yara rejects ("invalid modifier combination"), and modifiers that yara's
// grammar does not allow on hex or regex strings.
func readModifiers(def *syntax.StringDef) (modifiers, error) {
	var m modifiers
	for _, mod := range def.Modifiers {
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
				m.alphabet = mod.Alphabet.Value
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
