package cond

import (
	"sort"

	"github.com/overt-sec/overt/yara/syntax"
)

// stringID compiles the target of a string reference into the ID of the
// string it names: fixed, or the current string of an enclosing for..of.
func (c *compiler) stringID(e syntax.Expr) func(*state) int {
	t, ok := c.info.Strings[e]
	if !ok {
		c.errorf("unresolved string reference")
		return nil
	}
	if t.Def == nil {
		slot, ok := c.forOf[t.Loop]
		if !ok {
			c.errorf("anonymous string reference outside its for..of loop")
			return nil
		}
		return func(s *state) int { return int(s.vars[slot].i) }
	}
	id, ok := c.ids.Strings[t.Def]
	if !ok {
		c.errorf("string %s has no ID", t.Def.Name)
		return nil
	}
	return func(*state) int { return id }
}

// matches returns the matches of string id.
func (s *state) matches(id int) []Match {
	if id < 0 || id >= len(s.in.Matches) {
		return nil
	}
	return s.in.Matches[id]
}

// rangeBounds compiles a range; the result reports false when a bound is
// undefined.
func (c *compiler) rangeBounds(r *syntax.RangeExpr) func(*state) (lo, hi int64, ok bool) {
	l, h := c.expr(r.Lo), c.expr(r.Hi)
	return func(s *state) (int64, int64, bool) {
		lo, hi := l(s), h(s)
		if lo.k != kInt || hi.k != kInt {
			return 0, 0, false
		}
		return lo.i, hi.i, true
	}
}

// firstAtOrAfter returns the index of the first match at offset ≥ off.
func firstAtOrAfter(ms []Match, off int64) int {
	return sort.Search(len(ms), func(i int) bool { return ms[i].Offset >= off })
}

// countIn returns how many matches lie in [lo, hi].
func countIn(ms []Match, lo, hi int64) int64 {
	if lo > hi {
		return 0
	}
	i := firstAtOrAfter(ms, lo)
	j := i
	for j < len(ms) && ms[j].Offset <= hi {
		j++
	}
	return int64(j - i)
}

func (c *compiler) stringRef(e *syntax.StringRef) expr {
	id := c.stringID(e)
	switch {
	case e.At != nil:
		at := c.expr(e.At)
		return func(s *state) value {
			a := at(s)
			if a.k != kInt {
				return undef // YARA 4.5; yara 4.2.3 said false
			}
			if i := id(s); i >= 0 && i < len(s.in.Lazy) && s.in.Lazy[i] && s.in.MatchAt != nil {
				return vBool(s.in.MatchAt(i, a.i))
			}
			ms := s.matches(id(s))
			i := firstAtOrAfter(ms, a.i)
			return vBool(i < len(ms) && ms[i].Offset == a.i)
		}
	case e.In != nil:
		rng := c.rangeBounds(e.In)
		return func(s *state) value {
			lo, hi, ok := rng(s)
			if !ok {
				return undef
			}
			return vBool(countIn(s.matches(id(s)), lo, hi) > 0)
		}
	}
	return func(s *state) value { return vBool(len(s.matches(id(s))) > 0) }
}

func (c *compiler) stringCount(e *syntax.StringCount) expr {
	id := c.stringID(e)
	if e.In != nil {
		rng := c.rangeBounds(e.In)
		return func(s *state) value {
			lo, hi, ok := rng(s)
			if !ok {
				return undef
			}
			return vInt(countIn(s.matches(id(s)), lo, hi))
		}
	}
	return func(s *state) value { return vInt(int64(len(s.matches(id(s))))) }
}

// stringOffset compiles @a[i] (offset true) or !a[i]: undefined when i is
// undefined or not in 1..#a.
func (c *compiler) stringOffset(name string, index syntax.Expr, e syntax.Expr, offset bool) expr {
	id := c.stringID(e)
	idx := func(*state) value { return vInt(1) }
	if index != nil {
		idx = c.expr(index)
	}
	return func(s *state) value {
		i := idx(s)
		ms := s.matches(id(s))
		if i.k != kInt || i.i < 1 || i.i > int64(len(ms)) {
			return undef
		}
		m := ms[i.i-1]
		if offset {
			return vInt(m.Offset)
		}
		return vInt(int64(m.Length))
	}
}
