package cond

import (
	"bytes"
	"math"
	"strings"

	"github.com/overt-sec/overt/yara/syntax"
)

func (c *compiler) unary(e *syntax.UnaryExpr) expr {
	x := c.expr(e.X)
	switch e.Op {
	case syntax.NOT:
		return func(s *state) value {
			b, ok := x(s).truth()
			if !ok {
				return undef
			}
			return vBool(!b)
		}
	case syntax.DEFINED:
		return func(s *state) value { return vBool(x(s).k != kUndef) }
	case syntax.SUB:
		return func(s *state) value {
			v := x(s)
			switch v.k {
			case kInt:
				return vInt(-v.i)
			case kFloat:
				return vFloat(-v.f)
			}
			return undef
		}
	case syntax.BITNOT:
		return func(s *state) value {
			v := x(s)
			if v.k != kInt {
				return undef
			}
			return vInt(^v.i)
		}
	}
	c.errorf("unknown unary operator %s", e.Op)
	return nil
}

func (c *compiler) binary(e *syntax.BinaryExpr) expr {
	switch e.Op {
	case syntax.AND:
		x, y := c.expr(e.X), c.expr(e.Y)
		return func(s *state) value { return vBool(x(s).isTrue() && y(s).isTrue()) }
	case syntax.OR:
		x, y := c.expr(e.X), c.expr(e.Y)
		return func(s *state) value { return vBool(x(s).isTrue() || y(s).isTrue()) }
	case syntax.MATCHES:
		x, re := c.expr(e.X), c.regexp(e.Y)
		return func(s *state) value {
			v := x(s)
			if v.k != kStr || re == nil {
				return undef
			}
			return vBool(re.Match([]byte(v.s)))
		}
	case syntax.CONTAINS, syntax.ICONTAINS, syntax.STARTSWITH, syntax.ISTARTSWITH,
		syntax.ENDSWITH, syntax.IENDSWITH, syntax.IEQUALS:
		return c.stringOp(e)
	}
	x, y := c.expr(e.X), c.expr(e.Y)
	op := e.Op
	if f := arith(op); f != nil {
		return func(s *state) value {
			a := x(s)
			if a.k == kUndef {
				return undef
			}
			b := y(s)
			if b.k == kUndef {
				return undef
			}
			return f(a, b)
		}
	}
	c.errorf("unknown binary operator %s", op)
	return nil
}

// arith returns the evaluator of a comparison, arithmetic or bitwise
// operator over two defined values, or nil.
func arith(op syntax.Token) func(a, b value) value {
	switch op {
	case syntax.EQL, syntax.NEQ, syntax.LSS, syntax.LEQ, syntax.GTR, syntax.GEQ:
		return func(a, b value) value { return vBool(compare(op, a, b)) }
	case syntax.ADD, syntax.SUB, syntax.MUL:
		return func(a, b value) value {
			if a.k == kInt && b.k == kInt {
				switch op {
				case syntax.ADD:
					return vInt(a.i + b.i)
				case syntax.SUB:
					return vInt(a.i - b.i)
				}
				return vInt(a.i * b.i)
			}
			switch op {
			case syntax.ADD:
				return vFloat(a.num() + b.num())
			case syntax.SUB:
				return vFloat(a.num() - b.num())
			}
			return vFloat(a.num() * b.num())
		}
	case syntax.DIV:
		return func(a, b value) value {
			if a.k == kInt && b.k == kInt {
				if b.i == 0 || (a.i == math.MinInt64 && b.i == -1) {
					return undef
				}
				return vInt(a.i / b.i)
			}
			return vFloat(a.num() / b.num())
		}
	case syntax.MOD:
		return func(a, b value) value {
			if a.k != kInt || b.k != kInt || b.i == 0 {
				return undef
			}
			if b.i == -1 {
				return vInt(0)
			}
			return vInt(a.i % b.i)
		}
	case syntax.BITAND, syntax.BITOR, syntax.BITXOR, syntax.SHL, syntax.SHR:
		return func(a, b value) value {
			if a.k != kInt || b.k != kInt {
				return undef
			}
			switch op {
			case syntax.BITAND:
				return vInt(a.i & b.i)
			case syntax.BITOR:
				return vInt(a.i | b.i)
			case syntax.BITXOR:
				return vInt(a.i ^ b.i)
			}
			switch {
			case b.i < 0:
				return undef
			case b.i >= 64:
				return vInt(0)
			case op == syntax.SHL:
				return vInt(a.i << uint(b.i))
			}
			return vInt(a.i >> uint(b.i))
		}
	}
	return nil
}

// compare applies a comparison to two defined values of comparable kinds.
func compare(op syntax.Token, a, b value) bool {
	var cmp int
	switch {
	case a.k == kStr && b.k == kStr:
		cmp = strings.Compare(a.s, b.s)
	case a.k == kInt && b.k == kInt:
		switch {
		case a.i < b.i:
			cmp = -1
		case a.i > b.i:
			cmp = 1
		}
	default:
		x, y := a.num(), b.num()
		switch {
		case x < y:
			cmp = -1
		case x > y:
			cmp = 1
		case x != y: // NaN: every comparison but != is false
			return op == syntax.NEQ
		}
	}
	switch op {
	case syntax.EQL:
		return cmp == 0
	case syntax.NEQ:
		return cmp != 0
	case syntax.LSS:
		return cmp < 0
	case syntax.LEQ:
		return cmp <= 0
	case syntax.GTR:
		return cmp > 0
	}
	return cmp >= 0
}

func (c *compiler) stringOp(e *syntax.BinaryExpr) expr {
	x, y := c.expr(e.X), c.expr(e.Y)
	var f func(a, b string) bool
	switch e.Op {
	case syntax.CONTAINS:
		f = strings.Contains
	case syntax.ICONTAINS:
		f = func(a, b string) bool { return bytes.Contains(lower(a), lower(b)) }
	case syntax.STARTSWITH:
		f = strings.HasPrefix
	case syntax.ISTARTSWITH:
		f = func(a, b string) bool { return bytes.HasPrefix(lower(a), lower(b)) }
	case syntax.ENDSWITH:
		f = strings.HasSuffix
	case syntax.IENDSWITH:
		f = func(a, b string) bool { return bytes.HasSuffix(lower(a), lower(b)) }
	case syntax.IEQUALS:
		f = func(a, b string) bool { return bytes.Equal(lower(a), lower(b)) }
	}
	return func(s *state) value {
		a := x(s)
		if a.k != kStr {
			return undef
		}
		b := y(s)
		if b.k != kStr {
			return undef
		}
		return vBool(f(a.s, b.s))
	}
}

// lower returns s with ASCII letters in lower case (YARA's case folding
// is per byte, ASCII only).
func lower(s string) []byte {
	b := []byte(s)
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return b
}
