package refmatch

import (
	"errors"
	"fmt"
	"sort"

	"github.com/overt-sec/overt/yara/syntax"
)

// Match is one match of a string definition, as yara reports it.
type Match struct {
	Offset int  // offset of the first matched byte in the data
	Length int  // number of matched bytes
	XorKey int  // the xor key that produced the match, or -1 without the xor modifier
	Wide   bool // the match is of the wide (UTF-16LE) form of the string
}

// ErrTooManyMatches is returned, with the first MaxMatchesPerString
// matches, when a string matches more often than yara records.
var ErrTooManyMatches = errors.New("refmatch: too many matches")

// candidate is a match found by one form of a string, with the rank of the
// form: at the same offset the form of lower rank wins, as in yara, where
// the ascii form of a string is reported rather than its wide form.
type candidate struct {
	Match
	rank int
}

// FindAll returns every match of def in data, sorted by offset, as yara
// reports them: at most one match per offset, overlapping matches included.
// The error is non-nil when the definition cannot be matched (an invalid
// regex, a modifier combination yara rejects, an oversized program), or with
// ErrTooManyMatches beside a truncated list.
func FindAll(def *syntax.StringDef, data []byte) ([]Match, error) {
	if def == nil || def.Value == nil {
		return nil, errors.New("refmatch: string definition without a value")
	}
	mods, err := readModifiers(def)
	if err != nil {
		return nil, fmt.Errorf("refmatch: string %s: %w", def.Name, err)
	}
	var cands []candidate
	switch v := def.Value.(type) {
	case *syntax.TextString:
		if mods.base64 || mods.base64wide {
			cands, err = findBase64(v.Value, mods, data)
		} else {
			cands = findText(v.Value, mods, data)
		}
	case *syntax.HexString:
		cands, err = findHex(v, mods, data)
	case *syntax.RegexString:
		cands, err = findRegex(v, mods, data)
	default:
		err = fmt.Errorf("unknown pattern type %T", v)
	}
	if err != nil {
		return nil, fmt.Errorf("refmatch: string %s: %w", def.Name, err)
	}
	return finish(cands)
}

// finish sorts candidates by offset and form rank, keeps the first match at
// each offset and applies MaxMatchesPerString.
func finish(cands []candidate) ([]Match, error) {
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].Offset != cands[j].Offset {
			return cands[i].Offset < cands[j].Offset
		}
		return cands[i].rank < cands[j].rank
	})
	var out []Match
	for i, c := range cands {
		if i > 0 && cands[i-1].Offset == c.Offset {
			continue
		}
		if len(out) == MaxMatchesPerString {
			return out, ErrTooManyMatches
		}
		out = append(out, c.Match)
	}
	return out, nil
}
