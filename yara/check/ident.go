package check

import (
	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// lookup resolves a name the way YARA does: loop variables (innermost
// first), then external variables and imported modules, then rules
// declared so far (including the current one). It returns nil if the name
// is undefined.
func (c *checker) lookup(name string) *Object {
	for i := len(c.scopes) - 1; i >= 0; i-- {
		if o := c.scopes[i].vars[name]; o != nil {
			return o
		}
	}
	if o := c.externals[name]; o != nil {
		return o
	}
	if s, ok := c.imported[name]; ok {
		o := c.modObjs[name]
		if o == nil {
			o = &Object{Kind: ObjModule, Name: name, Type: &types.Type{Kind: types.Structure, Struct: s}, Module: name}
			c.modObjs[name] = o
		}
		return o
	}
	if r := c.rules[name]; r != nil {
		o := c.ruleObjs[r]
		if o == nil {
			o = &Object{Kind: ObjRule, Name: name, Type: types.BoolType, Rule: r}
			c.ruleObjs[r] = o
		}
		return o
	}
	return nil
}

// fieldObject returns the object of schema field f and its constant value
// (nil if f is not a constant), made once per field.
func (c *checker) fieldObject(f *types.Field) (*Object, *Value) {
	if o, ok := c.fieldObjs[f]; ok {
		return o.obj, o.val
	}
	o := fieldObj{obj: &Object{Kind: ObjField, Name: f.Name, Type: f.Type, Field: f}}
	if f.Const != nil {
		o.val = &Value{Kind: f.Const.Kind, Int: f.Const.Int, Float: f.Const.Float, Str: f.Const.Str}
	}
	c.fieldObjs[f] = o
	return o.obj, o.val
}

// fieldObj is a field's object and constant value, as fieldObject makes them.
type fieldObj struct {
	obj *Object
	val *Value
}

// ident checks an identifier used as an expression.
func (c *checker) ident(e *syntax.Ident) operand {
	o := c.lookup(e.Name)
	if o == nil {
		if _, ok := c.modules(e.Name); ok {
			c.errorf(e.Pos(), CodeUndefinedIdent, "undefined identifier %q (module %q is not imported)", e.Name, e.Name)
		} else {
			c.errorf(e.Pos(), CodeUndefinedIdent, "undefined identifier %q", e.Name)
		}
		return c.record(e, invalidType, nil)
	}
	c.info.Uses[e] = o
	return c.record(e, o.Type, nil)
}

// selector checks a field access X.Sel.
func (c *checker) selector(e *syntax.SelectorExpr) operand {
	x := c.expr(e.X)
	if x.invalid() || e.Sel == nil {
		return c.record(e, invalidType, nil)
	}
	if x.kind() != types.Structure {
		c.errorf(e.Sel.Pos(), CodeNotStruct, "%q is not a structure", exprName(e.X))
		return c.record(e, invalidType, nil)
	}
	f := x.t.Struct.Field(e.Sel.Name)
	if f == nil {
		c.errorf(e.Sel.Pos(), CodeInvalidField, "invalid field name %q in %q", e.Sel.Name, exprName(e.X))
		return c.record(e, invalidType, nil)
	}
	o, v := c.fieldObject(f)
	c.info.Uses[e.Sel] = o
	return c.record(e, f.Type, v)
}

// index checks a subscript X[Index]: integers index arrays, strings index
// dictionaries.
func (c *checker) index(e *syntax.IndexExpr) operand {
	x := c.expr(e.X)
	i := c.value(e.Index)
	if x.invalid() {
		return c.record(e, invalidType, nil)
	}
	var want types.Kind
	switch x.kind() {
	case types.Array:
		want = types.Integer
	case types.Dictionary:
		want = types.String
	default:
		c.errorf(e.Lbrack, CodeNotIndexable, "%q is not an array or dictionary", exprName(e.X))
		return c.record(e, invalidType, nil)
	}
	if !i.invalid() && i.kind() != want {
		if want == types.Integer {
			c.errorf(e.Index.Pos(), CodeNotIndexable, "array indexes must be of integer type, not %s", typeName(i))
		} else {
			c.errorf(e.Index.Pos(), CodeNotIndexable, "dictionary keys must be of string type, not %s", typeName(i))
		}
	}
	return c.record(e, x.t.Elem, nil)
}

// call checks a function call: a module function, whose overload is chosen
// by the exact kinds of the arguments, or an integer read such as uint16(0).
func (c *checker) call(e *syntax.CallExpr) operand {
	if id, ok := e.Fun.(*syntax.Ident); ok && syntax.Lookup(id.Name).IsIntegerFunction() {
		for _, a := range e.Args {
			o := c.value(a)
			if !o.invalid() && o.kind() != types.Integer {
				c.errorf(a.Pos(), CodeWrongArguments, "wrong type %q for %s function", typeName(o), id.Name)
			}
		}
		if len(e.Args) != 1 {
			c.errorf(e.Lparen, CodeWrongArguments, "%s takes one argument, not %d", id.Name, len(e.Args))
		}
		return c.record(e, types.IntegerType, nil)
	}
	f := c.expr(e.Fun)
	kinds := make([]types.Kind, len(e.Args))
	ok := true
	for i, a := range e.Args {
		o := c.value(a)
		kinds[i] = o.kind()
		ok = ok && !o.invalid()
	}
	if f.invalid() {
		return c.record(e, invalidType, nil)
	}
	if f.kind() != types.Function {
		c.errorf(e.Lparen, CodeNotFunction, "%q is not a function", exprName(e.Fun))
		return c.record(e, invalidType, nil)
	}
	if !ok {
		return c.record(e, invalidType, nil)
	}
	sig, found := f.t.Func.Resolve(kinds)
	if !found {
		c.errorf(e.Lparen, CodeWrongArguments, "wrong arguments for function %q: (%s) matches none of %s",
			exprName(e.Fun), kindList(kinds), f.t)
		return c.record(e, invalidType, nil)
	}
	return c.record(e, types.Basic(sig.Result), nil)
}

// kindList formats argument kinds as "integer, string".
func kindList(ks []types.Kind) string {
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += ", "
		}
		if k == types.Bool {
			s += "boolean"
		} else {
			s += k.String()
		}
	}
	return s
}
