package cond

import (
	"math"

	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// counter decides a quantified loop from its running counts of true
// iterations (t) and all iterations (n). total is the number of iterations
// when known in advance, else -1.
type counter struct {
	kind  syntax.QuantKind
	want  int64   // QuantExpr: the count wanted
	pct   float64 // QuantPercent: the percentage wanted
	zeroN bool    // QuantExpr 0 means "none" (of and for..of), not "at least 0"
}

// done reports whether the outcome is already known after t true of n
// iterations, and the outcome.
func (q *counter) done(t, n int64) (result, known bool) {
	switch q.kind {
	case syntax.QuantAll:
		if t < n {
			return false, true
		}
	case syntax.QuantAny:
		if t > 0 {
			return true, true
		}
	case syntax.QuantNone:
		if t > 0 {
			return false, true
		}
	case syntax.QuantExpr:
		if q.want == 0 && q.zeroN {
			if t > 0 {
				return false, true
			}
		} else if t >= q.want {
			return true, true
		}
	}
	return false, false
}

// final returns the outcome after t true of n iterations in all.
func (q *counter) final(t, n int64) bool {
	switch q.kind {
	case syntax.QuantAll:
		return t == n
	case syntax.QuantAny:
		return t > 0
	case syntax.QuantNone:
		return t == 0
	case syntax.QuantExpr:
		if q.want == 0 && q.zeroN {
			return t == 0
		}
		return t >= q.want
	case syntax.QuantPercent:
		return float64(t)*100 >= q.pct*float64(n)
	}
	return false
}

// quantifier compiles q; the result reports false when the quantity is
// undefined (the loop is then false).
func (c *compiler) quantifier(q *syntax.Quantifier, zeroN bool) func(*state) (counter, bool) {
	if q.Kind != syntax.QuantExpr && q.Kind != syntax.QuantPercent {
		return func(*state) (counter, bool) { return counter{kind: q.Kind}, true }
	}
	x := c.expr(q.Expr)
	kind := q.Kind
	return func(s *state) (counter, bool) {
		v := x(s)
		switch v.k {
		case kInt:
			return counter{kind: kind, want: v.i, pct: float64(v.i), zeroN: zeroN}, true
		case kFloat:
			return counter{kind: kind, want: int64(math.Ceil(v.f)), pct: v.f, zeroN: zeroN}, true
		}
		return counter{}, false
	}
}

// of compiles `quantifier of set` with its optional `at` or `in`.
func (c *compiler) of(e *syntax.OfExpr) expr {
	quant := c.quantifier(e.Quantifier, true)
	var item func(s *state, i int) bool
	var n int
	switch set := e.Set.(type) {
	case *syntax.RuleSet:
		var ids []int
		for _, r := range c.info.RuleSets[set] {
			id, ok := c.ids.Rules[r]
			if !ok {
				c.errorf("rule %s has no ID", r.Name.Name)
				return nil
			}
			ids = append(ids, id)
		}
		n = len(ids)
		item = func(s *state, i int) bool { return s.out[ids[i]] }
	case *syntax.StringSet:
		ids := c.stringSet(set)
		n = len(ids)
		switch {
		case e.At != nil:
			at := c.expr(e.At)
			item = func(s *state, i int) bool {
				a := at(s)
				if a.k != kInt {
					return false
				}
				ms := s.matches(ids[i])
				j := firstAtOrAfter(ms, a.i)
				return j < len(ms) && ms[j].Offset == a.i
			}
		case e.In != nil:
			rng := c.rangeBounds(e.In)
			item = func(s *state, i int) bool {
				lo, hi, ok := rng(s)
				return ok && countIn(s.matches(ids[i]), lo, hi) > 0
			}
		default:
			item = func(s *state, i int) bool { return len(s.matches(ids[i])) > 0 }
		}
	default:
		c.errorf("unknown set %T", e.Set)
		return nil
	}
	return func(s *state) value {
		q, ok := quant(s)
		if !ok || n == 0 {
			return vFalse
		}
		var t int64
		for i := 0; i < n; i++ {
			if s.tick() {
				return vFalse
			}
			if item(s, i) {
				t++
			}
		}
		return vBool(q.final(t, int64(n)))
	}
}

// stringSet returns the IDs of the strings of a set.
func (c *compiler) stringSet(set *syntax.StringSet) []int {
	var ids []int
	for _, d := range c.info.Sets[set] {
		id, ok := c.ids.Strings[d]
		if !ok {
			c.errorf("string %s has no ID", d.Name)
			return nil
		}
		ids = append(ids, id)
	}
	return ids
}

// enter and leave track loop nesting.
func (c *compiler) enter() bool {
	c.depth++
	if c.depth > MaxLoopNesting {
		c.errorf("loops nested deeper than %d", MaxLoopNesting)
		return false
	}
	return true
}

func (c *compiler) leave() { c.depth-- }

func (c *compiler) newSlot() int {
	c.nslots++
	return c.nslots - 1
}

func (c *compiler) forOfExpr(e *syntax.ForOfExpr) expr {
	if !c.enter() {
		return nil
	}
	defer c.leave()
	quant := c.quantifier(e.Quantifier, true)
	ids := c.stringSet(e.Set)
	slot := c.newSlot()
	c.forOf[e] = slot
	body := c.expr(e.Body)
	return func(s *state) value {
		q, ok := quant(s)
		if !ok || len(ids) == 0 {
			return vFalse
		}
		var t, n int64
		for _, id := range ids {
			if s.tick() {
				return vFalse
			}
			s.vars[slot] = vInt(int64(id))
			n++
			if body(s).isTrue() {
				t++
			}
		}
		return vBool(q.final(t, n))
	}
}

// forIn compiles `for quantifier vars in iterable : (body)`.
func (c *compiler) forIn(e *syntax.ForInExpr) expr {
	if !c.enter() {
		return nil
	}
	defer c.leave()
	quant := c.quantifier(e.Quantifier, false)
	slots := make([]int, len(e.Vars))
	for i, v := range e.Vars {
		obj := c.info.Defs[v]
		if obj == nil {
			c.errorf("loop variable %q not declared", v.Name)
			return nil
		}
		slots[i] = c.newSlot()
		c.slots[obj] = slots[i]
	}
	iter := c.iterator(e.Iterable, slots)
	body := c.expr(e.Body)
	return func(s *state) value {
		q, ok := quant(s)
		if !ok {
			return vFalse
		}
		var t, n int64
		result, known := false, false
		iter(s, func() bool {
			if s.tick() {
				return false
			}
			n++
			if body(s).isTrue() {
				t++
			}
			result, known = q.done(t, n)
			return !known
		})
		if s.err != nil || n == 0 {
			return vFalse
		}
		if known {
			return vBool(result)
		}
		return vBool(q.final(t, n))
	}
}

// iterator compiles the iterable of a for..in loop into a function that
// sets the loop variables for each iteration and calls yield, stopping
// when yield returns false.
func (c *compiler) iterator(it syntax.Expr, slots []int) func(s *state, yield func() bool) {
	switch it := it.(type) {
	case *syntax.RangeExpr:
		rng := c.rangeBounds(it)
		return func(s *state, yield func() bool) {
			lo, hi, ok := rng(s)
			if !ok {
				return
			}
			for i := lo; i <= hi; i++ {
				s.vars[slots[0]] = vInt(i)
				if !yield() || i == math.MaxInt64 {
					return
				}
			}
		}
	case *syntax.ExprList:
		items := make([]expr, len(it.Items))
		for i, x := range it.Items {
			items[i] = c.expr(x)
		}
		return func(s *state, yield func() bool) {
			for _, x := range items {
				s.vars[slots[0]] = x(s)
				if !yield() {
					return
				}
			}
		}
	}
	t, _ := c.typeOf(it)
	x := c.expr(it)
	if t.Kind == types.Dictionary {
		return func(s *state, yield func() bool) {
			v := x(s)
			if v.k != kObj {
				return
			}
			for _, k := range v.o.Keys {
				s.vars[slots[0]] = vStr(k)
				if len(slots) > 1 {
					s.vars[slots[1]] = fromObject(v.o.Dict[k])
				}
				if !yield() {
					return
				}
			}
		}
	}
	return func(s *state, yield func() bool) {
		v := x(s)
		if v.k != kObj {
			return
		}
		for i := range v.o.Len() {
			s.vars[slots[0]] = fromObject(v.o.Index(int64(i)))
			if !yield() {
				return
			}
		}
	}
}
