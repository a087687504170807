package yara

import "github.com/overt-sec/overt/yara/internal/pattern"

// lazyState holds what a Scanner needs to check strings on demand: with
// ScanOptions.NoMatchDetails, a string whose every reference is `$a at X`
// is not searched at all; the condition asks whether it matches at X, and
// the scanner tries that one offset. Rule sets such as PEiD's signatures
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
}

// initLazy marks the lazy strings of the scanner's rules.
func (s *Scanner) initLazy() {
	if !s.opts.NoMatchDetails {
		return
	}
	r := s.rules
	if len(r.guards) > 0 {
		s.lz.strGuard = make([]int32, len(r.strs))
		for i := range r.strs {
			s.lz.strGuard[i] = r.strs[i].guard
		}
		s.lz.guardFail = make([]bool, len(r.guards))
	}
	lazy := make([]bool, len(r.strs))
	n := 0
	for i := range r.strs {
		if r.strs[i].atOnly {
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
	for i := range s.lz.guardFail {
		s.lz.guardFail[i] = !s.rules.guards[i].holds(data)
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
