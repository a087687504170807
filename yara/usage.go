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

// usageAnalyzer computes string usages rule after rule, reusing its
// buffers: the result of analyze is valid until the next call.
type usageAnalyzer struct {
	info    *check.Info
	strs    []*syntax.StringDef         // the strings of the rule
	out     []usage                     // usage of the rule's i-th string
	index   map[*syntax.StringDef]int32 // position of each string, for rules of many strings
	inspect func(syntax.Node) bool      // the visitor, built once
}

// analyze computes the usage of every string of rule r, in the order of
// r.Strings.
func (a *usageAnalyzer) analyze(r *syntax.Rule, info *check.Info) []usage {
	a.info = info
	a.out = a.out[:0]
	for range r.Strings {
		a.out = append(a.out, usage{fixedOK: true})
	}
	// Most rules have a few strings, found by a linear search; a map is
	// made for the others (a map kept and cleared would cost, for every
	// rule, the capacity left by the largest one).
	a.strs = r.Strings
	a.index = nil
	if len(r.Strings) > maxLinearStrings {
		a.index = make(map[*syntax.StringDef]int32, len(r.Strings))
		for i, d := range r.Strings {
			a.index[d] = int32(i)
		}
	}
	if r.Condition == nil {
		return a.out
	}
	if a.inspect == nil {
		a.inspect = a.visit
	}
	syntax.Inspect(r.Condition, a.inspect)
	return a.out
}

// get returns the usage of string d, or nil if it is not a string of the
// rule.
func (a *usageAnalyzer) get(d *syntax.StringDef) *usage {
	if a.index == nil {
		for i, x := range a.strs {
			if x == d {
				return &a.out[i]
			}
		}
		return nil
	}
	i, ok := a.index[d]
	if !ok {
		return nil
	}
	return &a.out[i]
}

// maxLinearStrings is the number of strings of a rule up to which a
// string's position is found by a linear search rather than a map.
const maxLinearStrings = 8

// mark counts one reference to each of defs.
func (a *usageAnalyzer) mark(defs []*syntax.StringDef, needAll bool) {
	for _, d := range defs {
		a.markOne(d, needAll)
	}
}

// markOne counts one reference to d.
func (a *usageAnalyzer) markOne(d *syntax.StringDef, needAll bool) {
	if u := a.get(d); u != nil {
		u.refs++
		u.needAll = u.needAll || needAll
	}
}

// target marks the strings a reference names: its definition, or every
// string of the enclosing for..of loop; at counts it as an `at` reference.
func (a *usageAnalyzer) target(e syntax.Expr, needAll, at bool) {
	t, ok := a.info.Strings[e]
	if !ok {
		return
	}
	if t.Def != nil {
		a.markOne(t.Def, needAll)
		if at {
			if u := a.get(t.Def); u != nil {
				u.anyAt++
			}
		}
		return
	}
	if t.Loop != nil && t.Loop.Set != nil {
		defs := a.info.Sets[t.Loop.Set]
		a.mark(defs, needAll)
		if at {
			for _, d := range defs {
				if u := a.get(d); u != nil {
					u.anyAt++
				}
			}
		}
	}
}

// visit records the string references of one condition node.
func (a *usageAnalyzer) visit(n syntax.Node) bool {
	info := a.info
	switch e := n.(type) {
	case *syntax.StringRef:
		t, ok := info.Strings[e]
		if ok && t.Def != nil && e.At != nil {
			if k, isConst := constInt(info, e.At); isConst {
				if u := a.get(t.Def); u != nil {
					u.refs++
					u.needAll = true
					if u.atRefs == 0 {
						u.fixed = k
					} else if u.fixed != k {
						u.fixedOK = false
					}
					u.atRefs++
					u.anyAt++
				}
				return true
			}
		}
		a.target(e, e.At != nil || e.In != nil, e.At != nil)
	case *syntax.StringCount:
		a.target(e, true, false)
	case *syntax.StringOffset:
		a.target(e, true, false)
	case *syntax.StringLength:
		a.target(e, true, false)
	case *syntax.OfExpr:
		if s, ok := e.Set.(*syntax.StringSet); ok {
			a.mark(info.Sets[s], e.In != nil || e.At != nil)
		}
	case *syntax.ForOfExpr:
		if e.Set != nil {
			a.mark(info.Sets[e.Set], false)
			for _, d := range info.Sets[e.Set] {
				if u := a.get(d); u != nil {
					u.setRefs++
				}
			}
		}
	}
	return true
}

// constInt returns the folded integer value of e, if it is a constant.
func constInt(info *check.Info, e syntax.Expr) (int64, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind != types.Integer {
		return 0, false
	}
	return tv.Value.Int, true
}
