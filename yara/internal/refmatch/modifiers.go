package refmatch

import (
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

// readModifiers decodes and checks the modifiers of def
// (syntax.StringDef.ModifierSet).
func readModifiers(def *syntax.StringDef) (modifiers, error) {
	s, err := def.ModifierSet()
	if err != nil {
		return modifiers{}, err
	}
	return modifiers{
		nocase: s.Nocase, wide: s.Wide, ascii: s.ASCII, fullword: s.Fullword, private: s.Private,
		xor: s.Xor, xorMin: s.XorMin, xorMax: s.XorMax,
		base64: s.Base64, base64wide: s.Base64Wide, alphabet: s.Alphabet,
	}, nil
}
