package pattern

import (
	"errors"
	"fmt"
	"sort"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// Kind is the kind of a compiled string.
type Kind uint8

// The kinds of patterns.
const (
	KindText   Kind = iota + 1 // a text string without base64
	KindBase64                 // a text string with base64 and/or base64wide
	KindHex                    // a hex string
	KindRegex                  // a regex string
)

// Pattern is one compiled string definition. It is immutable and safe for
// concurrent use; per-scan state lives in a Scratch.
type Pattern struct {
	kind     Kind
	name     string
	atoms    []Atom
	texts    []textVariant // KindText, KindBase64: one verifier per variant
	sites    []site        // KindHex, KindRegex: one verifier per atom site
	forms    []form        // KindHex, KindRegex: the forms (ascii, wide)
	fullword bool
	quality  int // quality of the worst atom site; 0 without atoms
	// yq is the quality yara gives the string (yaraq.go), for Slow: exact
	// below SlowQuality, possibly lower than yara's (but not below
	// SlowQuality) above it.
	yq int
	// pres holds, for a full-scan KindHex or KindRegex pattern, each form's
	// prefilter (nil for a form without one); see prefilter.go.
	pres []*prefilter
	// rxText and rxFlags are a KindRegex pattern's regex, from which
	// Decode compiles the regex forms again (encode.go).
	rxText  string
	rxFlags rxsyntax.Flags
}

// Atom is a literal the automaton must find for the pattern.
type Atom struct {
	Bytes    []byte // 1..MaxAtomLen literal bytes
	Verifier int    // index of the verifier of the pattern that checks a hit
}

// Match is one match of a string.
type Match struct {
	Offset int // offset of the first matched byte
	Length int // number of matched bytes
	XorKey int // the xor key of the match, or -1 without the xor modifier
	// Rank orders the forms of the string: when several forms match at the
	// same offset yara reports the one of lowest rank (Finish).
	Rank int
	// Order is the report order of yara's alternation model (yaraalt.go):
	// of the matches of one rank at one offset, the lowest Order wins, then
	// the first emitted. It is 0 outside the model.
	Order int64
}

// Compile turns one string definition into a Pattern. It fails, saying
// what and where, on modifiers yara rejects, invalid regexes and programs
// beyond the package's limits.
func Compile(def *syntax.StringDef) (*Pattern, error) {
	if def == nil || def.Value == nil {
		return nil, errors.New("pattern: string definition without a value")
	}
	p, err := compile(def)
	if err != nil {
		return nil, fmt.Errorf("pattern: string %s: %w", def.Name, err)
	}
	p.name = def.Name
	if len(p.atoms) > MaxAtomsPerString {
		return nil, fmt.Errorf("pattern: string %s: %d atoms, more than MaxAtomsPerString (%d)", def.Name, len(p.atoms), MaxAtomsPerString)
	}
	return p, nil
}

func compile(def *syntax.StringDef) (*Pattern, error) {
	m, err := readMods(def)
	if err != nil {
		return nil, err
	}
	switch v := def.Value.(type) {
	case *syntax.TextString:
		if len(v.Value) == 0 {
			return nil, errors.New("empty text string")
		}
		if m.base64 || m.base64wide {
			return compileBase64(v.Value, m), nil
		}
		return compileText(v.Value, m), nil
	case *syntax.HexString:
		return compileHex(v)
	case *syntax.RegexString:
		if v.Regex == nil {
			return nil, errors.New("regex string without a literal")
		}
		return compileRegex(v.Regex, m)
	}
	return nil, fmt.Errorf("unknown string type %T", def.Value)
}

// Kind returns the kind of the pattern.
func (p *Pattern) Kind() Kind { return p.kind }

// Name returns the identifier of the string, "$a" or "$".
func (p *Pattern) Name() string { return p.name }

// Atoms returns the atoms the automaton must find. The slice is shared:
// do not modify it. It is empty for a full-scan pattern.
func (p *Pattern) Atoms() []Atom { return p.atoms }

// FullScan reports whether the pattern has no atom: the scanner must call
// Scan over the whole data instead of verifying hits.
func (p *Pattern) FullScan() bool { return len(p.atoms) == 0 }

// Slow reports whether yara warns that the string "may slow down
// scanning": whether the atoms yara would choose for it (not the atoms of
// this package) score below SlowQuality; see yaraq.go.
func (p *Pattern) Slow() bool { return p.yq < SlowQuality }

// Quality returns the quality of the pattern's worst atom site (0 for a
// full-scan pattern): about 20 points per ordinary byte, fewer for common
// bytes and byte classes.
func (p *Pattern) Quality() int { return p.quality }

// Verify checks one hit of atom a, whose last byte is data[end-1], and
// emits every match the hit proves. The atom must be one of p.Atoms() and
// must really occur at data[end-len(a.Bytes):end]. sc holds per-scan
// buffers; it must not be used by two goroutines at once.
func (p *Pattern) Verify(sc *Scratch, data []byte, a Atom, end int, emit func(Match)) {
	start := end - len(a.Bytes)
	if start < 0 || end > len(data) {
		return
	}
	switch p.kind {
	case KindText, KindBase64:
		if a.Verifier >= 0 && a.Verifier < len(p.texts) {
			p.texts[a.Verifier].verify(data, start, emit)
		}
	case KindHex, KindRegex:
		if a.Verifier >= 0 && a.Verifier < len(p.sites) {
			p.verifySite(sc, data, &p.sites[a.Verifier], start, end, emit)
		}
	}
}

// Scan finds every match of the pattern in data by trying every offset,
// for full-scan patterns (it works for any pattern, slowly).
func (p *Pattern) Scan(sc *Scratch, data []byte, emit func(Match)) {
	p.ScanRange(sc, data, 0, len(data), emit)
}

// ScanRange is Scan for the matches that start at offsets from to to-1
// (clamped to data); a match may extend beyond to. Scanning data in
// consecutive ranges finds the same matches as Scan, and lets the caller
// check for cancellation between ranges.
func (p *Pattern) ScanRange(sc *Scratch, data []byte, from, to int, emit func(Match)) {
	from, to = max(from, 0), min(to, len(data))
	switch p.kind {
	case KindText, KindBase64:
		for i := range p.texts {
			v := &p.texts[i]
			for off := from; off < to && off+len(v.pat) <= len(data); off++ {
				v.verify(data, off+v.atomOff, emit)
			}
		}
	case KindHex, KindRegex:
		if p.hasAlt() {
			p.scanAlt(sc, data, from, to, emit)
			return
		}
		p.scanForms(sc, data, from, to, emit)
	}
}

// Finish sorts matches by offset and keeps, at each offset, the match of
// lowest rank, then lowest Order, then the first emitted, as yara reports
// one match per offset.
func Finish(ms []Match) []Match {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Offset != ms[j].Offset {
			return ms[i].Offset < ms[j].Offset
		}
		if ms[i].Rank != ms[j].Rank {
			return ms[i].Rank < ms[j].Rank
		}
		return ms[i].Order < ms[j].Order
	})
	out := ms[:0]
	for i, m := range ms {
		if i > 0 && ms[i-1].Offset == m.Offset {
			continue
		}
		out = append(out, m)
	}
	return out
}
