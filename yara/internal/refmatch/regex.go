package refmatch

import (
	"fmt"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// findRegex finds the matches of a regex string. The pattern is parsed by
// yara/regex/syntax (with /i, or the nocase modifier, as FoldCase and /s as
// DotAll) and run by the reference backtracker, independent of the real
// regex engine. At each offset the ascii form is tried first, then the
// wide form; a form whose match fails the fullword test does not report a
// match there. A match sees at most MaxRegexMatchLength bytes.
func findRegex(r *syntax.RegexString, m modifiers, data []byte) ([]candidate, error) {
	var flags rxsyntax.Flags
	if r.Regex.CaseInsensitive || m.nocase {
		flags |= rxsyntax.FoldCase
	}
	if r.Regex.DotAll {
		flags |= rxsyntax.DotAll
	}
	tree, err := rxsyntax.Parse(r.Regex.Pattern, flags)
	if err != nil {
		return nil, fmt.Errorf("invalid regex: %w", err)
	}
	type form struct {
		mc    *machine
		wide  bool
		sites []asite // yara's alternation model applies (alternation.go)
	}
	var forms []form
	if m.asciiForm() {
		prog, err := compileRegex(tree, false)
		if err != nil {
			return nil, err
		}
		forms = append(forms, form{newMachine(prog), false, modelSites(tree, false, false)})
	}
	if m.wide {
		prog, err := compileRegex(tree, true)
		if err != nil {
			return nil, err
		}
		forms = append(forms, form{newMachine(prog), true, modelSites(tree, false, true)})
	}
	var out []candidate
	for rank, f := range forms {
		if f.sites == nil {
			continue
		}
		cs, err := findModel(f.sites, f.wide, false, m.fullword, m.nocase != f.wide, greedy(tree), MaxRegexMatchLength, data)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			c.rank = rank
			out = append(out, c)
		}
	}
	for off := 0; off < len(data); off++ {
		limit := min(len(data), off+MaxRegexMatchLength)
		for rank, f := range forms {
			if f.sites != nil {
				continue
			}
			n, ok := f.mc.matchAt(data, off, limit)
			if !ok {
				continue
			}
			if m.fullword && !fullwordOK(data, off, off+n, f.wide) {
				continue
			}
			out = append(out, candidate{Match{Offset: off, Length: n, XorKey: -1, Wide: f.wide}, rank})
			break
		}
	}
	return out, nil
}
