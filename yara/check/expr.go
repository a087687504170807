package check

import (
	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// operand is the result of checking an expression.
type operand struct {
	t *types.Type // never nil
	v *Value      // constant value, or nil
}

// bad is the operand of an expression that failed to check.
var bad = operand{t: invalidType}

// invalid reports whether the operand failed to check.
func (o operand) invalid() bool { return o.t.Kind == types.Invalid }

// kind returns the kind of the operand's type.
func (o operand) kind() types.Kind { return o.t.Kind }

// record stores the type and value of e in Info and returns them as an operand.
func (c *checker) record(e syntax.Expr, t *types.Type, v *Value) operand {
	c.info.Types[e] = TypeAndValue{Type: t, Value: v}
	return operand{t: t, v: v}
}

// expr checks e and returns its type, which may be composite (a module,
// structure, array, dictionary or function).
func (c *checker) expr(e syntax.Expr) operand {
	switch e := e.(type) {
	case *syntax.Ident:
		return c.ident(e)
	case *syntax.SelectorExpr:
		return c.selector(e)
	case *syntax.IndexExpr:
		return c.index(e)
	case *syntax.CallExpr:
		return c.call(e)
	case *syntax.IntLit:
		return c.record(e, types.IntegerType, intValue(e.Value))
	case *syntax.FloatLit:
		return c.record(e, types.FloatType, floatValue(e.Value))
	case *syntax.StringLit:
		return c.record(e, types.StringType, &Value{Kind: types.String, Str: string(e.Value)})
	case *syntax.RegexLit:
		c.regex(e, false)
		return c.record(e, types.RegexpType, nil)
	case *syntax.BoolLit:
		return c.record(e, types.BoolType, boolValue(e.Value))
	case *syntax.KeywordExpr:
		if e.Tok == syntax.ENTRYPOINT {
			c.warnf(e.Pos(), CodeDeprecatedEntrypoint,
				`using deprecated "entrypoint" keyword: use pe.entry_point or elf.entry_point instead`)
		}
		return c.record(e, types.IntegerType, nil)
	case *syntax.StringRef:
		return c.stringRef(e)
	case *syntax.StringCount:
		return c.stringCount(e)
	case *syntax.StringOffset:
		c.stringTarget(e, e.Pos(), e.Name)
		c.matchIndex(e.Index)
		return c.record(e, types.IntegerType, nil)
	case *syntax.StringLength:
		c.stringTarget(e, e.Pos(), e.Name)
		c.matchIndex(e.Index)
		return c.record(e, types.IntegerType, nil)
	case *syntax.UnaryExpr:
		return c.unary(e)
	case *syntax.BinaryExpr:
		return c.binary(e)
	case *syntax.ParenExpr:
		o := c.expr(e.X)
		return c.record(e, o.t, o.v)
	case *syntax.RangeExpr:
		c.errorf(e.Pos(), CodeTypeMismatch, "a range is not a value")
		return c.record(e, invalidType, nil)
	case *syntax.ExprList:
		c.errorf(e.Pos(), CodeTypeMismatch, "an enumeration is not a value")
		return c.record(e, invalidType, nil)
	case *syntax.OfExpr:
		return c.of(e)
	case *syntax.ForOfExpr:
		return c.forOfExpr(e)
	case *syntax.ForInExpr:
		return c.forIn(e)
	case *syntax.BadExpr:
		return c.record(e, invalidType, nil)
	}
	return bad // nil or unknown node: the parser reported it
}

// value checks e where a value is needed: a scalar, a boolean or a regexp.
// A module, structure, array, dictionary or function is an error.
func (c *checker) value(e syntax.Expr) operand {
	o := c.expr(e)
	switch o.kind() {
	case types.Structure, types.Array, types.Dictionary, types.Function:
		c.errorf(e.Pos(), CodeWrongUsage, "wrong usage of identifier %q: a %s is not a value",
			exprName(e), kindNoun(o.kind()))
		return bad
	}
	return o
}

// boolean checks e used as a condition. YARA accepts any value there
// (integers, floats, strings and regexps are true when non-zero or
// non-empty), but warns about a constant string.
func (c *checker) boolean(e syntax.Expr) operand {
	o := c.value(e)
	if o.kind() == types.String && o.v != nil {
		c.warnf(e.Pos(), CodeStringAsBool, "using literal string %s in a boolean operation", shortQuote(o.v.Str))
	}
	return o
}

// kindNoun describes a composite kind for messages.
func kindNoun(k types.Kind) string {
	switch k {
	case types.Structure:
		return "structure"
	case types.Array:
		return "array"
	case types.Dictionary:
		return "dictionary"
	case types.Function:
		return "function"
	}
	return k.String()
}

// maxQuoted bounds the length of literal strings quoted in messages.
const maxQuoted = 40

// shortQuote quotes s for a message, cutting it if it is long.
func shortQuote(s string) string {
	if len(s) > maxQuoted {
		return types.QuoteString(s[:maxQuoted]) + "..."
	}
	return types.QuoteString(s)
}

// exprName names an expression for messages: the last identifier of a
// selector, subscript or call, as YARA does.
func exprName(e syntax.Expr) string {
	for {
		switch x := e.(type) {
		case *syntax.Ident:
			return x.Name
		case *syntax.SelectorExpr:
			return x.Sel.Name
		case *syntax.IndexExpr:
			e = x.X
		case *syntax.CallExpr:
			e = x.Fun
		case *syntax.ParenExpr:
			e = x.X
		default:
			return "expression"
		}
	}
}

// typeName names the type of an operand for messages.
func typeName(o operand) string {
	if o.kind() == types.Bool {
		return "boolean"
	}
	return o.t.String()
}

func intValue(v int64) *Value {
	if v >= 0 && v < int64(len(smallInts)) {
		return &smallInts[v]
	}
	return &Value{Kind: types.Integer, Int: v}
}

func floatValue(v float64) *Value { return &Value{Kind: types.Float, Float: v} }

func boolValue(v bool) *Value {
	if v {
		return &trueValue
	}
	return &falseValue
}

// Values are never modified once made, so the common ones are shared:
// conditions are full of small integer literals (offsets, counts, sizes).
var (
	smallInts             = makeSmallInts()
	trueValue, falseValue = Value{Kind: types.Bool, Bool: true}, Value{Kind: types.Bool}
)

// makeSmallInts returns the values of the integers 0 to 255.
func makeSmallInts() *[256]Value {
	var t [256]Value
	for i := range t {
		t[i] = Value{Kind: types.Integer, Int: int64(i)}
	}
	return &t
}

// unary checks `not X`, `defined X`, `-X` and `~X`.
func (c *checker) unary(e *syntax.UnaryExpr) operand {
	switch e.Op {
	case syntax.NOT:
		x := c.boolean(e.X)
		var v *Value
		if x.v != nil && x.kind() == types.Bool {
			v = boolValue(!x.v.Bool)
		}
		return c.record(e, types.BoolType, v)
	case syntax.DEFINED:
		c.value(e.X)
		return c.record(e, types.BoolType, nil)
	case syntax.SUB:
		x := c.value(e.X)
		switch {
		case x.invalid():
			return c.record(e, invalidType, nil)
		case x.kind() == types.Integer:
			var v *Value
			if x.v != nil {
				v = intValue(-x.v.Int) // wraps for the minimum, as YARA does
			}
			return c.record(e, types.IntegerType, v)
		case x.kind() == types.Float:
			var v *Value
			if x.v != nil {
				v = floatValue(-x.v.Float)
			}
			return c.record(e, types.FloatType, v)
		}
	case syntax.BITNOT:
		x := c.value(e.X)
		switch {
		case x.invalid():
			return c.record(e, invalidType, nil)
		case x.kind() == types.Integer:
			var v *Value
			if x.v != nil {
				v = intValue(^x.v.Int)
			}
			return c.record(e, types.IntegerType, v)
		}
	default:
		c.expr(e.X)
		return c.record(e, invalidType, nil)
	}
	c.errorf(e.X.Pos(), CodeTypeMismatch, "wrong type %q for %s operator", typeName(c.operandOf(e.X)), e.Op)
	return c.record(e, invalidType, nil)
}

// operandOf returns the recorded operand of an already checked expression.
func (c *checker) operandOf(e syntax.Expr) operand {
	tv, ok := c.info.Types[e]
	if !ok {
		return bad
	}
	return operand{t: tv.Type, v: tv.Value}
}
