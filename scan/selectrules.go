package scan

import "slices"

// Filter chooses which rules of an outcome are printed, as yara's -n, -t,
// -i and -l options do.
type Filter struct {
	// Negate prints the rules that did not match instead of those that did (-n).
	Negate bool
	// Tags, when not empty, prints only rules with at least one of these
	// tags (-t, repeatable; case-sensitive). Ignored when Identifiers is set,
	// as in yara.
	Tags []string
	// Identifiers, when not empty, prints only rules with one of these
	// names (-i, repeatable).
	Identifiers []string
	// MaxRules, when positive, stops considering rules once that many rules
	// matched (-l): as yara aborts the scan, later rules are neither printed
	// nor counted, whatever the other filters say.
	MaxRules int
}

// Select returns the rules of rs to print and the count that -c prints.
//
// It follows yara's callback order: rules are visited in declaration order;
// private rules are invisible; each matching rule is counted (before the
// tag and identifier filters, which only affect printing, and whatever
// Negate says); a rule is printed when its result differs from Negate and it
// passes the filters; the walk stops right after the MaxRules-th match.
func (f *Filter) Select(rs []RuleResult) (show []*RuleResult, count int) {
	for i := range rs {
		r := &rs[i]
		if r.Private {
			continue
		}
		if r.Matched {
			count++
		}
		if r.Matched != f.Negate && f.passes(r) {
			show = append(show, r)
		}
		if r.Matched && f.MaxRules > 0 && count >= f.MaxRules {
			break
		}
	}
	return show, count
}

// passes applies the -t and -i filters.
func (f *Filter) passes(r *RuleResult) bool {
	if len(f.Identifiers) > 0 {
		return slices.Contains(f.Identifiers, r.Rule)
	}
	if len(f.Tags) > 0 {
		for _, t := range r.Tags {
			if slices.Contains(f.Tags, t) {
				return true
			}
		}
		return false
	}
	return true
}
