package yara

import (
	"github.com/overt-sec/overt/yara/check"
	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// usage is how a rule's condition uses one of its strings, which decides
// two of yara's observable optimisations:
//
//   - a literal string (see literalString) whose every reference is
//     `$a at K`, K the same constant, is searched at offset K only: yara
//     reports its match at K and no other;
//   - under fast scan (-f), a string used only as a boolean ($a, `any of
//     them`, `$` in a for..of body) keeps only its first match, while a
//     string whose count, offsets, lengths or matches in a range matter
//     keeps them all.
type usage struct {
	refs    int   // references of any kind
	anyAt   int   // references `$a at X`, X any expression (loop `$` included)
	setRefs int   // mentions in the set of a for..of loop (not references by themselves)
	atRefs  int   // references `$a at K` with K constant
	fixed   int64 // K of the first such reference
	fixedOK bool  // every `at` reference so far has the same constant K
	needAll bool  // count, offsets, lengths or a range are used
}

// fixedOffset reports whether the string is searched at one offset only.
func (u *usage) fixedOffset() (int64, bool) {
	if u != nil && u.refs > 0 && u.atRefs == u.refs && u.fixedOK {
		return u.fixed, true
	}
	return 0, false
}

// atOnly reports whether every reference to the string is `$a at X` (X
// any expression): only whether it matches at X matters, so a scanner that
// need not report matches can check it at X alone, on demand.
func (u *usage) atOnly() bool {
	return u != nil && u.anyAt > 0 && u.anyAt+u.setRefs == u.refs
}

// unused reports whether the condition never refers to the string: only
// a report of the rule's matching strings would show its matches.
func (u *usage) unused() bool { return u == nil || u.refs == 0 }

// analyzeUsage computes the usage of every string of rule r.
func analyzeUsage(r *syntax.Rule, info *check.Info) map[*syntax.StringDef]*usage {
	out := map[*syntax.StringDef]*usage{}
	get := func(d *syntax.StringDef) *usage {
		u := out[d]
		if u == nil {
			u = &usage{fixedOK: true}
			out[d] = u
		}
		return u
	}
	// targets returns the strings a reference names: its definition, or
	// every string of the enclosing for..of loop.
	targets := func(e syntax.Expr) []*syntax.StringDef {
		t, ok := info.Strings[e]
		if !ok {
			return nil
		}
		if t.Def != nil {
			return []*syntax.StringDef{t.Def}
		}
		if t.Loop != nil && t.Loop.Set != nil {
			return info.Sets[t.Loop.Set]
		}
		return nil
	}
	mark := func(defs []*syntax.StringDef, needAll bool) {
		for _, d := range defs {
			u := get(d)
			u.refs++
			u.needAll = u.needAll || needAll
		}
	}
	if r.Condition == nil {
		return out
	}
	syntax.Inspect(r.Condition, func(n syntax.Node) bool {
		switch e := n.(type) {
		case *syntax.StringRef:
			t, ok := info.Strings[e]
			if ok && t.Def != nil && e.At != nil {
				if k, isConst := constInt(info, e.At); isConst {
					u := get(t.Def)
					u.refs++
					u.needAll = true
					if u.atRefs == 0 {
						u.fixed = k
					} else if u.fixed != k {
						u.fixedOK = false
					}
					u.atRefs++
					u.anyAt++
					return true
				}
			}
			ts := targets(e)
			mark(ts, e.At != nil || e.In != nil)
			if e.At != nil {
				for _, d := range ts {
					get(d).anyAt++
				}
			}
		case *syntax.StringCount:
			mark(targets(e), true)
		case *syntax.StringOffset:
			mark(targets(e), true)
		case *syntax.StringLength:
			mark(targets(e), true)
		case *syntax.OfExpr:
			if s, ok := e.Set.(*syntax.StringSet); ok {
				mark(info.Sets[s], e.In != nil || e.At != nil)
			}
		case *syntax.ForOfExpr:
			if e.Set != nil {
				mark(info.Sets[e.Set], false)
				for _, d := range info.Sets[e.Set] {
					get(d).setRefs++
				}
			}
		}
		return true
	})
	return out
}

// constInt returns the folded integer value of e, if it is a constant.
func constInt(info *check.Info, e syntax.Expr) (int64, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind != types.Integer {
		return 0, false
	}
	return tv.Value.Int, true
}
