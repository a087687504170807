package check

import (
	"go/token"
	"strings"

	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// MaxLoopNesting is how deeply for..in and for..of loops may nest: YARA's
// YR_MAX_LOOP_NESTING is 4, and its loop variables live in a fixed-size
// stack of that depth.
const MaxLoopNesting = 4

// stringTarget resolves the string named by a reference ("$a", "#a", "@a",
// "!a", or the bare sigil inside for..of), records it and marks it used.
func (c *checker) stringTarget(e syntax.Expr, pos token.Pos, name string) {
	if name == "" {
		return
	}
	id := "$" + name[1:]
	if id == "$" {
		if c.forOf == nil {
			c.errorf(pos, CodeAnonymousString, "wrong use of anonymous string %q: only allowed in a for..of loop body", name)
			return
		}
		c.info.Strings[e] = StringTarget{Loop: c.forOf}
		return
	}
	s := c.strs[id]
	if s == nil {
		c.errorf(pos, CodeUndefinedString, "undefined string %q", id)
		return
	}
	c.used[s] = true
	c.info.Strings[e] = StringTarget{Def: s}
}

// stringRef checks `$a`, `$a at X` and `$a in (lo..hi)`.
func (c *checker) stringRef(e *syntax.StringRef) operand {
	c.stringTarget(e, e.Pos(), e.Name)
	if e.At != nil {
		c.intOperand(e.At, "at")
	}
	if e.In != nil {
		c.rangeExpr(e.In)
	}
	return c.record(e, types.BoolType, nil)
}

// stringCount checks `#a` and `#a in (lo..hi)`.
func (c *checker) stringCount(e *syntax.StringCount) operand {
	c.stringTarget(e, e.Pos(), e.Name)
	if e.In != nil {
		c.rangeExpr(e.In)
	}
	return c.record(e, types.IntegerType, nil)
}

// matchIndex checks the index of @a[i] or !a[i]. YARA accepts any value
// there (a non-integer index simply yields undefined), so only a composite
// value is an error.
func (c *checker) matchIndex(e syntax.Expr) {
	if e != nil {
		c.value(e)
	}
}

// intOperand checks an operand that must be an integer, such as the offset
// after "at".
func (c *checker) intOperand(e syntax.Expr, what string) operand {
	o := c.value(e)
	if !o.invalid() && o.kind() != types.Integer {
		c.errorf(e.Pos(), CodeTypeMismatch, "wrong type %q for %s operator", typeName(o), what)
		return bad
	}
	return o
}

// rangeExpr checks a range (lo..hi): both bounds integers and, when both
// are constant, 0 <= lo <= hi (YARA 4.3+).
func (c *checker) rangeExpr(r *syntax.RangeExpr) {
	lo, hi := c.value(r.Lo), c.value(r.Hi)
	okTypes := true
	if !lo.invalid() && lo.kind() != types.Integer {
		c.errorf(r.Lo.Pos(), CodeRange, "wrong type %q for range's lower bound", typeName(lo))
		okTypes = false
	}
	if !hi.invalid() && hi.kind() != types.Integer {
		c.errorf(r.Hi.Pos(), CodeRange, "wrong type %q for range's upper bound", typeName(hi))
		okTypes = false
	}
	c.record(r, invalidType, nil)
	if !okTypes || lo.v == nil || hi.v == nil || lo.invalid() || hi.invalid() {
		return
	}
	switch {
	case lo.v.Int > hi.v.Int:
		c.errorf(r.Lo.Pos(), CodeRange, "range lower bound %d is greater than upper bound %d", lo.v.Int, hi.v.Int)
	case lo.v.Int < 0:
		c.errorf(r.Lo.Pos(), CodeRange, "range lower bound %d is negative", lo.v.Int)
	}
}

// quantifier checks the quantifier of an of/for expression: a count must
// be an integer that is not a negative constant; a percentage must be an
// integer and, when constant, within 1..100.
func (c *checker) quantifier(q *syntax.Quantifier) {
	if q == nil || q.Expr == nil {
		return
	}
	o := c.value(q.Expr)
	if o.invalid() {
		return
	}
	if o.kind() != types.Integer {
		c.errorf(q.Expr.Pos(), CodeQuantifier, "wrong type %q for quantifier: want an integer", typeName(o))
		return
	}
	if o.v == nil {
		return
	}
	if q.Kind == syntax.QuantPercent {
		if o.v.Int < 1 || o.v.Int > 100 {
			c.errorf(q.Expr.Pos(), CodeQuantifier, "percentage must be between 1 and 100 (inclusive), not %d", o.v.Int)
		}
		return
	}
	if o.v.Int < 0 {
		c.errorf(q.Expr.Pos(), CodeQuantifier, "quantifier %d is negative", o.v.Int)
	}
}

// stringSet resolves a string set: `them` is every string of the rule; an
// item is a string identifier or a prefix ending in "*". Every item must
// match at least one string; matched strings count as used.
func (c *checker) stringSet(s *syntax.StringSet) {
	var defs []*syntax.StringDef
	seen := make(map[*syntax.StringDef]bool)
	add := func(d *syntax.StringDef) {
		c.used[d] = true
		if !seen[d] {
			seen[d] = true
			defs = append(defs, d)
		}
	}
	if s.Them {
		if len(c.rule.Strings) == 0 {
			c.errorf(s.Pos(), CodeEmptySet, `"them" used in a rule without strings`)
		}
		for _, d := range c.rule.Strings {
			if d != nil {
				add(d)
			}
		}
	}
	for _, it := range s.Items {
		n := 0
		if it.Wildcard() {
			prefix := strings.TrimSuffix(it.Name, "*")
			for _, d := range c.rule.Strings {
				if d != nil && strings.HasPrefix(d.Name, prefix) {
					add(d)
					n++
				}
			}
		} else if d := c.strs[it.Name]; d != nil {
			add(d)
			n++
		}
		if n == 0 {
			c.errorf(it.Pos(), CodeUndefinedString, "undefined string %q", it.Name)
		}
	}
	// Sort into definition order.
	if len(s.Items) > 1 {
		defs = defs[:0]
		for _, d := range c.rule.Strings {
			if seen[d] {
				defs = append(defs, d)
			}
		}
	}
	c.info.Sets[s] = defs
}

// ruleSet resolves a rule set: an item names a rule declared before (or
// the current rule), or is a prefix ending in "*" that matches at least one
// such rule. Wildcards are remembered: a later rule whose name matches one
// is an error (YARA 4.5).
func (c *checker) ruleSet(s *syntax.RuleSet) {
	seen := make(map[*syntax.Rule]bool)
	for _, it := range s.Items {
		n := 0
		if it.Wildcard() {
			prefix := strings.TrimSuffix(it.Name, "*")
			for name, r := range c.rules {
				if strings.HasPrefix(name, prefix) {
					seen[r] = true
					n++
				}
			}
			c.wildcards = append(c.wildcards, wildcardUse{prefix: prefix, pos: it.Pos()})
		} else if r := c.rules[it.Name]; r != nil {
			seen[r] = true
			n++
		}
		if n == 0 {
			c.errorf(it.Pos(), CodeUndefinedIdent, "undefined identifier %q: no rule declared before matches", it.Name)
		}
	}
	var rules []*syntax.Rule
	for _, r := range c.ruleOrder {
		if seen[r] {
			rules = append(rules, r)
		}
	}
	c.info.RuleSets[s] = rules
}

// of checks `quantifier of set` with its optional in/at clause.
func (c *checker) of(e *syntax.OfExpr) operand {
	c.quantifier(e.Quantifier)
	switch s := e.Set.(type) {
	case *syntax.StringSet:
		c.stringSet(s)
	case *syntax.RuleSet:
		c.ruleSet(s)
		if e.In != nil || e.At != nil {
			c.errorf(s.Pos(), CodeTypeMismatch, "a rule set cannot be used with \"in\" or \"at\"")
		}
	}
	if e.In != nil {
		c.rangeExpr(e.In)
	}
	if e.At != nil {
		c.intOperand(e.At, "at")
	}
	return c.record(e, types.BoolType, nil)
}

// enterLoop counts a loop level, reporting if it exceeds MaxLoopNesting.
func (c *checker) enterLoop(pos token.Pos) {
	c.loops++
	if c.loops == MaxLoopNesting+1 {
		c.errorf(pos, CodeLoop, "loop nesting limit exceeded: at most %d nested loops", MaxLoopNesting)
	}
}

// forOfExpr checks `for quantifier of set : (body)`.
func (c *checker) forOfExpr(e *syntax.ForOfExpr) operand {
	c.quantifier(e.Quantifier)
	if e.Set != nil {
		c.stringSet(e.Set)
	}
	if c.forOf != nil {
		c.errorf(e.Pos(), CodeLoop, "'for <quantifier> of <string set>' loops can't be nested")
	}
	c.enterLoop(e.Pos())
	outer := c.forOf
	c.forOf = e
	if e.Body != nil {
		c.boolean(e.Body)
	}
	c.forOf = outer
	c.loops--
	return c.record(e, types.BoolType, nil)
}

// forIn checks `for quantifier vars in iterable : (body)`.
func (c *checker) forIn(e *syntax.ForInExpr) operand {
	c.quantifier(e.Quantifier)
	yields := c.iterable(e.Iterable)
	c.enterLoop(e.Pos())
	scope := &loopScope{vars: make(map[string]*Object)}
	if len(e.Vars) > syntax.MaxLoopVars {
		yields = nil // the parser reported it
	}
	if yields != nil && len(yields) != len(e.Vars) && len(e.Vars) > 0 {
		c.errorf(e.Vars[0].Pos(), CodeLoop, "the iterator yields %d value(s) on each iteration, but the loop declares %d variable(s)",
			len(yields), len(e.Vars))
		yields = nil
	}
	for i, v := range e.Vars {
		if v == nil {
			continue
		}
		t := invalidType
		if yields != nil {
			t = yields[i]
		}
		if scope.vars[v.Name] != nil || c.lookupLoopVar(v.Name) {
			c.errorf(v.Pos(), CodeLoop, "duplicated loop identifier %q", v.Name)
		}
		o := &Object{Kind: ObjLoopVar, Name: v.Name, Type: t, Loop: e, VarIndex: i}
		scope.vars[v.Name] = o
		c.info.Defs[v] = o
	}
	c.scopes = append(c.scopes, scope)
	if e.Body != nil {
		c.boolean(e.Body)
	}
	c.scopes = c.scopes[:len(c.scopes)-1]
	c.loops--
	return c.record(e, types.BoolType, nil)
}

// lookupLoopVar reports whether name is a variable of an enclosing loop.
func (c *checker) lookupLoopVar(name string) bool {
	for _, s := range c.scopes {
		if s.vars[name] != nil {
			return true
		}
	}
	return false
}

// iterable checks the iterable of a for..in loop and returns the types of
// the values it yields on each iteration (one, or key and value for a
// dictionary), or nil after an error.
func (c *checker) iterable(e syntax.Expr) []*types.Type {
	switch it := e.(type) {
	case *syntax.RangeExpr:
		c.rangeExpr(it)
		return []*types.Type{types.IntegerType}
	case *syntax.ExprList:
		var elem *types.Type
		ok := true
		for _, item := range it.Items {
			o := c.value(item)
			if o.invalid() {
				ok = false
				continue
			}
			k := o.kind()
			if k != types.Integer && k != types.String {
				c.errorf(item.Pos(), CodeLoop, "wrong type %q for enumeration item: want integer or string", typeName(o))
				ok = false
				continue
			}
			if elem == nil {
				elem = o.t
			} else if elem.Kind != k {
				c.errorf(item.Pos(), CodeLoop, "wrong type %q for enumeration item: items must all be %s", typeName(o), elem)
				ok = false
			}
		}
		c.record(it, invalidType, nil)
		if !ok || elem == nil {
			return nil
		}
		return []*types.Type{types.Basic(elem.Kind)}
	}
	o := c.expr(e)
	switch o.kind() {
	case types.Invalid:
		return nil
	case types.Array:
		return []*types.Type{o.t.Elem}
	case types.Dictionary:
		return []*types.Type{types.StringType, o.t.Elem}
	}
	c.errorf(e.Pos(), CodeLoop, "identifier %q is not iterable: a %s is not an array or dictionary", exprName(e), kindNoun(o.kind()))
	return nil
}
