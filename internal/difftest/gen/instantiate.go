package gen

import (
	"fmt"
	"math/rand/v2"

	"github.com/overt-sec/overt/yara/syntax"
)

// Instance is a generated occurrence of a string together with the
// constraints on where it may be placed in the scanned data.
type Instance struct {
	// Data holds the bytes. When the instance is the whole scanned data,
	// the string matches it (or, for a near miss, should not).
	Data []byte
	// AtStart is set when Data only matches at offset 0 of the scanned
	// data (a regex anchored with ^).
	AtStart bool
	// AtEnd is set when Data only matches at the very end of the scanned
	// data (a regex anchored with $).
	AtEnd bool
}

// Instantiate returns bytes that def matches when they are the whole
// scanned data. Use Generate to learn whether the bytes may also be embedded
// at any offset of a larger file.
func Instantiate(def *syntax.StringDef, rng *rand.Rand) ([]byte, error) {
	inst, err := Generate(def, rng)
	return inst.Data, err
}

// NearMiss returns bytes that def should not match: an instance with one
// byte of a mandatory literal part changed. It fails with ErrNoNearMiss when
// the string has no such byte (for example a hex string of wildcards only).
func NearMiss(def *syntax.StringDef, rng *rand.Rand) ([]byte, error) {
	inst, err := GenerateNearMiss(def, rng)
	return inst.Data, err
}

// Generate returns an instance of def with its placement constraints.
func Generate(def *syntax.StringDef, rng *rand.Rand) (Instance, error) {
	return generate(def, rng, false)
}

// GenerateNearMiss is NearMiss with placement constraints.
func GenerateNearMiss(def *syntax.StringDef, rng *rand.Rand) (Instance, error) {
	return generate(def, rng, true)
}

func generate(def *syntax.StringDef, rng *rand.Rand, miss bool) (Instance, error) {
	if def == nil || def.Value == nil {
		return Instance{}, fmt.Errorf("%w: missing string definition", ErrUnsupported)
	}
	m := readModifiers(def.Modifiers)
	var (
		inst Instance
		err  error
	)
	switch v := def.Value.(type) {
	case *syntax.TextString:
		inst, err = genText(v.Value, m, rng, miss)
	case *syntax.HexString:
		inst, err = genHex(v.Tokens(), rng, miss)
	case *syntax.RegexString:
		inst, err = genRegexString(v.Regex, m, rng, miss)
	default:
		err = fmt.Errorf("%w: unknown pattern type %T", ErrUnsupported, def.Value)
	}
	if err != nil {
		return Instance{}, fmt.Errorf("string %s: %w", def.Name, err)
	}
	if len(inst.Data) > MaxInstanceLen {
		return Instance{}, fmt.Errorf("string %s: %w (%d bytes, limit %d)", def.Name, ErrTooLong, len(inst.Data), MaxInstanceLen)
	}
	return inst, nil
}

// modifiers is the decoded modifier list of a string definition.
type modifiers struct {
	nocase, wide, ascii, fullword bool
	xor                           bool
	xorMin, xorMax                int
	base64, base64Wide            bool
	alphabet, alphabetWide        []byte // nil for the standard alphabet
}

func readModifiers(list []*syntax.Modifier) modifiers {
	var m modifiers
	for _, mod := range list {
		if mod == nil {
			continue
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
		case syntax.ModXor:
			m.xor = true
			m.xorMin, m.xorMax = mod.XorMin, mod.XorMax
			if !mod.HasXorArgs {
				m.xorMin, m.xorMax = 0, 255
			}
		case syntax.ModBase64:
			m.base64 = true
			if mod.Alphabet != nil {
				m.alphabet = mod.Alphabet.Value
			}
		case syntax.ModBase64Wide:
			m.base64Wide = true
			if mod.Alphabet != nil {
				m.alphabetWide = mod.Alphabet.Value
			}
		}
	}
	return m
}

// useWide picks the wide or the ascii form of a string: wide alone means
// wide; ascii and wide together means either, at random.
func (m modifiers) useWide(rng *rand.Rand) bool {
	return m.wide && (!m.ascii || rng.IntN(2) == 0)
}
