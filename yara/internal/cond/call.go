package cond

import (
	"encoding/binary"

	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/regex"
	rsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// intReads maps the integer read functions to their width, signedness and
// byte order.
var intReads = map[string]struct {
	size   int
	signed bool
	big    bool
}{
	"uint8": {1, false, false}, "uint16": {2, false, false}, "uint32": {4, false, false},
	"int8": {1, true, false}, "int16": {2, true, false}, "int32": {4, true, false},
	"uint8be": {1, false, true}, "uint16be": {2, false, true}, "uint32be": {4, false, true},
	"int8be": {1, true, true}, "int16be": {2, true, true}, "int32be": {4, true, true},
}

func (c *compiler) call(e *syntax.CallExpr) expr {
	if id, ok := e.Fun.(*syntax.Ident); ok && c.info.Uses[id] == nil {
		if r, ok := intReads[id.Name]; ok && len(e.Args) == 1 {
			return c.intRead(c.expr(e.Args[0]), r.size, r.signed, r.big)
		}
	}
	ft, _ := c.typeOf(e.Fun)
	if ft.Kind != types.Function || ft.Func == nil {
		c.errorf("call of a %s", ft)
		return nil
	}
	kinds := make([]types.Kind, len(e.Args))
	args := make([]func(*state, *object.Arg) bool, len(e.Args))
	for i, a := range e.Args {
		at, _ := c.typeOf(a)
		kinds[i] = at.Kind
		args[i] = c.arg(a, at.Kind)
	}
	overload := -1
	for i, sig := range ft.Func.Overloads {
		if sig.Accepts(kinds) {
			overload = i
			break
		}
	}
	if overload < 0 {
		c.errorf("no overload of %s takes %v", ft, kinds)
		return nil
	}
	fun := c.expr(e.Fun)
	var self expr
	if sel, ok := e.Fun.(*syntax.SelectorExpr); ok {
		self = c.expr(sel.X)
	}
	return func(s *state) value {
		f := fun(s)
		if f.k != kObj || f.o.Kind != types.Function || overload >= len(f.o.Funcs) || f.o.Funcs[overload] == nil {
			return undef
		}
		vals := make([]object.Arg, len(args))
		for i, a := range args {
			if !a(s, &vals[i]) {
				return undef
			}
		}
		var recv *object.Value
		if self != nil {
			if v := self(s); v.k == kObj {
				recv = v.o
			}
		}
		r := f.o.Funcs[overload](&s.env, recv, vals)
		if !r.Defined {
			return undef
		}
		switch r.Kind {
		case types.Integer:
			return vInt(r.Int)
		case types.Float:
			return vFloat(r.Float)
		case types.String:
			return vStr(r.Str)
		}
		return undef
	}
}

// arg compiles one argument of a module function; the result reports
// false when the argument is undefined (the call is then undefined).
func (c *compiler) arg(a syntax.Expr, k types.Kind) func(*state, *object.Arg) bool {
	if k == types.Regexp {
		re := c.regexp(a)
		return func(_ *state, out *object.Arg) bool { out.Re = re; return re != nil }
	}
	x := c.expr(a)
	return func(s *state, out *object.Arg) bool {
		v := x(s)
		switch k {
		case types.Integer:
			out.Int = v.i
			return v.k == kInt
		case types.Float:
			out.Float = v.num()
			return v.k == kFloat || v.k == kInt
		case types.String:
			out.Str = v.s
			return v.k == kStr
		case types.Bool:
			b, ok := v.truth()
			out.Bool = b
			return ok
		}
		return false
	}
}

// regexp compiles a regular expression literal.
func (c *compiler) regexp(a syntax.Expr) *regex.Regexp {
	for {
		p, ok := a.(*syntax.ParenExpr)
		if !ok {
			break
		}
		a = p.X
	}
	lit, ok := a.(*syntax.RegexLit)
	if !ok {
		c.errorf("regular expression expected, found %T", a)
		return nil
	}
	var fl rsyntax.Flags
	if lit.CaseInsensitive {
		fl |= rsyntax.FoldCase
	}
	if lit.DotAll {
		fl |= rsyntax.DotAll
	}
	re, err := regex.Compile(lit.Pattern, fl)
	if err != nil {
		c.errorf("regular expression %s: %v", lit.Raw, err)
		return nil
	}
	return re
}

// intRead compiles uint8(x) and its kin: undefined when the bytes read are
// not all inside the data.
func (c *compiler) intRead(off expr, size int, signed, big bool) expr {
	return func(s *state) value {
		o := off(s)
		var b []byte
		if s.in.Read != nil {
			var buf [4]byte
			if o.k != kInt || !s.in.Read(o.i, buf[:size]) {
				return undef
			}
			b = buf[:size]
		} else {
			if o.k != kInt || o.i < 0 || o.i > int64(len(s.in.Data))-int64(size) {
				return undef
			}
			b = s.in.Data[o.i : o.i+int64(size)]
		}
		var u uint64
		switch {
		case size == 1:
			u = uint64(b[0])
		case size == 2 && big:
			u = uint64(binary.BigEndian.Uint16(b))
		case size == 2:
			u = uint64(binary.LittleEndian.Uint16(b))
		case big:
			u = uint64(binary.BigEndian.Uint32(b))
		default:
			u = uint64(binary.LittleEndian.Uint32(b))
		}
		if signed {
			shift := 64 - 8*size
			return vInt(int64(u<<shift) >> shift)
		}
		return vInt(int64(u))
	}
}
