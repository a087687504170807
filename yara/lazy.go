package yara

import "github.com/overt-sec/overt/yara/internal/pattern"

// lazyState holds what a Scanner needs to check strings on demand: with
// ScanOptions.NoMatchDetails, a string whose every reference is `$a at X`
// is not searched at all; the condition asks whether it matches at X, and
// the scanner tries that one offset. A string the condition never refers
// to is not searched either. Rule sets such as PEiD's signatures
// (`$a at pe.entry_point`) have thousands of such strings, often with
// short atoms that would otherwise be verified all over every file.
type lazyState struct {
	lazy    []bool                         // by global string ID; nil when none is lazy
	matchAt []func(id int, off int64) bool // per namespace, for cond.Input.MatchAt
	atFn    func(pattern.Match)
	atHit   bool
	data    []byte // the object being evaluated

	// Rule guards (guard.go): with NoMatchDetails, the strings of a rule
	// whose guard fails on the object are not verified.
	strGuard  []int32 // by global string ID: index in Rules.guards, or -1; nil without guards
	guardFail []bool  // by guard, for the object being scanned
	// skip holds, per namespace and by rule ID, the rules whose leading
	// guard fails on the object: cond.Input.Skip. Nil without such rules.
	skip [][]bool
}

// initLazy prepares the rule guards and marks the lazy strings of the
// scanner's rules.
func (s *Scanner) initLazy() {
	r := s.rules
	if len(r.guards) > 0 {
		// Skipping the evaluation of a rule whose leading guard fails
		// changes nothing observable: always on.
		s.lz.guardFail = make([]bool, len(r.guards))
		s.lz.skip = make([][]bool, len(r.spaces))
		for i, ns := range r.spaces {
			if len(ns.leads) > 0 {
				s.lz.skip[i] = make([]bool, ns.prog.NumRules())
			}
		}
	}
	if !s.opts.NoMatchDetails {
		return
	}
	if len(r.guards) > 0 {
		s.lz.strGuard = make([]int32, len(r.strs))
		for i := range r.strs {
			s.lz.strGuard[i] = r.strs[i].guard
		}
	}
	lazy := make([]bool, len(r.strs))
	n := 0
	for i := range r.strs {
		// An unused string is never asked for: not searching it is enough.
		if r.strs[i].atOnly || r.strs[i].unused {
			lazy[i] = true
			n++
		}
	}
	if n == 0 {
		return
	}
	s.lz.lazy = lazy
	s.lz.atFn = func(pattern.Match) { s.lz.atHit = true }
	s.lz.matchAt = make([]func(int, int64) bool, len(r.spaces))
	for i, ns := range r.spaces {
		base := ns.strBase
		s.lz.matchAt[i] = func(id int, off int64) bool { return s.checkAt(base+id, off) }
	}
}

// evalGuards evaluates the rule guards on the object about to be scanned.
func (s *Scanner) evalGuards(data []byte) {
	s.setGuards(func(g *guard) bool { return g.holds(data) })
}

// setGuards records which rule guards hold, as reported by holds.
func (s *Scanner) setGuards(holds func(g *guard) bool) {
	for i := range s.lz.guardFail {
		s.lz.guardFail[i] = !holds(&s.rules.guards[i])
	}
	for i, skip := range s.lz.skip {
		for _, l := range s.rules.spaces[i].leads {
			skip[l.rule] = s.lz.guardFail[l.guard]
		}
	}
}

// skipString reports whether string id is not searched in this object:
// it is checked on demand only, or its rule's guard failed.
func (s *Scanner) skipString(id int32) bool {
	if s.lz.lazy != nil && s.lz.lazy[id] {
		return true
	}
	if s.lz.strGuard != nil {
		g := s.lz.strGuard[id]
		return g >= 0 && s.lz.guardFail[g]
	}
	return false
}

// checkAt reports whether string id has a match starting at off in the
// object being evaluated.
func (s *Scanner) checkAt(id int, off int64) bool {
	data := s.lz.data
	if off < 0 || off >= int64(len(data)) {
		return false
	}
	s.lz.atHit = false
	s.rules.patterns[id].ScanRange(s.sc, data, int(off), int(off)+1, s.lz.atFn)
	return s.lz.atHit
}
