package check

import (
	"bytes"

	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// binary checks a binary operation.
func (c *checker) binary(e *syntax.BinaryExpr) operand {
	switch e.Op {
	case syntax.AND, syntax.OR:
		x, y := c.boolean(e.X), c.boolean(e.Y)
		var v *Value
		if x.v != nil && y.v != nil && x.kind() == types.Bool && y.kind() == types.Bool {
			if e.Op == syntax.AND {
				v = boolValue(x.v.Bool && y.v.Bool)
			} else {
				v = boolValue(x.v.Bool || y.v.Bool)
			}
		}
		return c.record(e, types.BoolType, v)
	case syntax.EQL, syntax.NEQ, syntax.LSS, syntax.LEQ, syntax.GTR, syntax.GEQ:
		return c.comparison(e)
	case syntax.CONTAINS, syntax.ICONTAINS, syntax.STARTSWITH, syntax.ISTARTSWITH,
		syntax.ENDSWITH, syntax.IENDSWITH, syntax.IEQUALS:
		x, y := c.value(e.X), c.value(e.Y)
		if !x.invalid() && x.kind() != types.String {
			c.errorf(e.X.Pos(), CodeTypeMismatch, "wrong type %q for %s operator", typeName(x), e.Op)
		} else if !y.invalid() && y.kind() != types.String {
			c.errorf(e.Y.Pos(), CodeTypeMismatch, "wrong type %q for %s operator", typeName(y), e.Op)
		}
		return c.record(e, types.BoolType, nil)
	case syntax.MATCHES:
		x, y := c.value(e.X), c.value(e.Y)
		if !x.invalid() && x.kind() != types.String {
			c.errorf(e.X.Pos(), CodeTypeMismatch, "wrong type %q for matches operator", typeName(x))
		}
		if !y.invalid() && y.kind() != types.Regexp {
			c.errorf(e.Y.Pos(), CodeTypeMismatch, "the right operand of matches must be a regular expression, not %s", typeName(y))
		}
		return c.record(e, types.BoolType, nil)
	case syntax.ADD, syntax.SUB, syntax.MUL, syntax.DIV:
		x, y := c.value(e.X), c.value(e.Y)
		if x.invalid() || y.invalid() {
			return c.record(e, invalidType, nil)
		}
		for _, o := range []struct {
			e syntax.Expr
			operand
		}{{e.X, x}, {e.Y, y}} {
			if !isNumeric(o.kind()) {
				c.errorf(o.e.Pos(), CodeTypeMismatch, "wrong type %q for %s operator", typeName(o.operand), e.Op)
				return c.record(e, invalidType, nil)
			}
		}
		if x.kind() == types.Float || y.kind() == types.Float {
			return c.record(e, types.FloatType, foldFloat(e.Op, x.v, y.v))
		}
		return c.integerOp(e, x, y)
	case syntax.MOD, syntax.BITAND, syntax.BITOR, syntax.BITXOR, syntax.SHL, syntax.SHR:
		x, y := c.value(e.X), c.value(e.Y)
		if x.invalid() || y.invalid() {
			return c.record(e, invalidType, nil)
		}
		if x.kind() != types.Integer {
			c.errorf(e.X.Pos(), CodeTypeMismatch, "wrong type %q for %s operator", typeName(x), e.Op)
			return c.record(e, invalidType, nil)
		}
		if y.kind() != types.Integer {
			c.errorf(e.Y.Pos(), CodeTypeMismatch, "wrong type %q for %s operator", typeName(y), e.Op)
			return c.record(e, invalidType, nil)
		}
		return c.integerOp(e, x, y)
	}
	c.expr(e.X)
	c.expr(e.Y)
	return c.record(e, invalidType, nil)
}

// isNumeric reports whether k is Integer or Float.
func isNumeric(k types.Kind) bool { return k == types.Integer || k == types.Float }

// comparison checks ==, !=, <, <=, > and >=: numbers compare with numbers
// (integers and floats mix) and strings with strings.
func (c *checker) comparison(e *syntax.BinaryExpr) operand {
	x, y := c.value(e.X), c.value(e.Y)
	if x.invalid() || y.invalid() {
		return c.record(e, types.BoolType, nil)
	}
	for _, o := range []struct {
		e syntax.Expr
		operand
	}{{e.X, x}, {e.Y, y}} {
		if !isNumeric(o.kind()) && o.kind() != types.String {
			c.errorf(o.e.Pos(), CodeTypeMismatch, "wrong type %q for %s operator", typeName(o.operand), e.Op)
			return c.record(e, types.BoolType, nil)
		}
	}
	if isNumeric(x.kind()) != isNumeric(y.kind()) {
		c.errorf(e.OpPos, CodeTypeMismatch, "type mismatch: %s %s %s", typeName(x), e.Op, typeName(y))
		return c.record(e, types.BoolType, nil)
	}
	return c.record(e, types.BoolType, foldCompare(e.Op, x.v, y.v))
}

// foldCompare folds a comparison of two constants, or returns nil.
func foldCompare(op syntax.Token, x, y *Value) *Value {
	if x == nil || y == nil {
		return nil
	}
	var cmp int
	switch {
	case x.Kind == types.String && y.Kind == types.String:
		cmp = bytes.Compare([]byte(x.Str), []byte(y.Str))
	case x.Kind == types.Integer && y.Kind == types.Integer:
		cmp = compareOrdered(x.Int, y.Int)
	case isNumeric(x.Kind) && isNumeric(y.Kind):
		a, b := asFloat(x), asFloat(y)
		if a != a || b != b { // NaN: only != holds
			return boolValue(op == syntax.NEQ)
		}
		cmp = compareOrdered(a, b)
	default:
		return nil
	}
	switch op {
	case syntax.EQL:
		return boolValue(cmp == 0)
	case syntax.NEQ:
		return boolValue(cmp != 0)
	case syntax.LSS:
		return boolValue(cmp < 0)
	case syntax.LEQ:
		return boolValue(cmp <= 0)
	case syntax.GTR:
		return boolValue(cmp > 0)
	case syntax.GEQ:
		return boolValue(cmp >= 0)
	}
	return nil
}

func compareOrdered[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// asFloat converts a numeric constant to float64.
func asFloat(v *Value) float64 {
	if v.Kind == types.Integer {
		return float64(v.Int)
	}
	return v.Float
}

// foldFloat folds + - * \ when either operand is a float.
func foldFloat(op syntax.Token, x, y *Value) *Value {
	if x == nil || y == nil {
		return nil
	}
	a, b := asFloat(x), asFloat(y)
	switch op {
	case syntax.ADD:
		return floatValue(a + b)
	case syntax.SUB:
		return floatValue(a - b)
	case syntax.MUL:
		return floatValue(a * b)
	case syntax.DIV:
		return floatValue(a / b) // ±Inf or NaN for zero, as YARA computes at run time
	}
	return nil
}

// integerOp checks and folds an integer operation. Like YARA 4.5 it rejects
// a constant zero divisor and a constant negative shift count even when
// the other operand is not constant, and int64 overflow when both are.
func (c *checker) integerOp(e *syntax.BinaryExpr, x, y operand) operand {
	if y.v != nil {
		switch {
		case (e.Op == syntax.DIV || e.Op == syntax.MOD) && y.v.Int == 0:
			c.errorf(e.Y.Pos(), CodeDivByZero, "division by zero")
			return c.record(e, invalidType, nil)
		case (e.Op == syntax.SHL || e.Op == syntax.SHR) && y.v.Int < 0:
			c.errorf(e.Y.Pos(), CodeNegativeShift, "negative shift count %d", y.v.Int)
			return c.record(e, invalidType, nil)
		}
	}
	if x.v == nil || y.v == nil {
		return c.record(e, types.IntegerType, nil)
	}
	r, ok := foldInt(e.Op, x.v.Int, y.v.Int)
	if !ok {
		c.errorf(e.Pos(), CodeOverflow, "integer overflow in \"%d %s %d\"", x.v.Int, e.Op, y.v.Int)
		return c.record(e, invalidType, nil)
	}
	return c.record(e, types.IntegerType, intValue(r))
}
