package cond

import (
	"fmt"

	"github.com/overt-sec/overt/yara/check"
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// expr is a compiled expression.
type expr func(*state) value

// compiler holds the state of one Compile.
type compiler struct {
	info     *check.Info
	ids      IDs
	prog     *Program
	modIndex map[string]int
	lookup   func(string) *object.Module
	slots    map[*check.Object]int     // loop variable → slot
	forOf    map[*syntax.ForOfExpr]int // for..of loop → slot of its current string ID
	nslots   int                       // slots used by the current rule
	depth    int                       // enclosing loops
	rule     *syntax.Rule              // rule being compiled
	maxSlots int                       // most slots of any rule
	err      error                     // first error

	lastImports []string // the import list of the last moduleList call
	lastMods    []int    // and its result
}

// Compile compiles the conditions of a checked program. info must come from
// a check.Check of prog without errors. Modules are looked up with Lookup.
func Compile(prog *syntax.Program, info *check.Info, ids IDs) (*Program, error) {
	return CompileWith(prog, info, ids, Lookup)
}

// CompileWith is Compile with a custom module lookup (for tests and for
// embedding programs that add modules); lookup returns nil for a module
// without run-time support, which then loads with every field undefined.
func CompileWith(prog *syntax.Program, info *check.Info, ids IDs, lookup func(string) *object.Module) (*Program, error) {
	if prog == nil || info == nil {
		return nil, fmt.Errorf("cond: nil program or info")
	}
	ids = numbered(prog, ids)
	c := &compiler{info: info, ids: ids, prog: &Program{}, modIndex: map[string]int{}, lookup: lookup}
	for _, r := range prog.Rules() {
		c.compileRule(r)
		if c.err != nil {
			return nil, c.err
		}
	}
	c.prog.nSlots = c.maxSlots
	return c.prog, nil
}

// numbered fills in missing IDs in declaration order.
func numbered(prog *syntax.Program, ids IDs) IDs {
	if ids.Rules == nil {
		ids.Rules = map[*syntax.Rule]int{}
		for i, r := range prog.Rules() {
			ids.Rules[r] = i
		}
	}
	if ids.Strings == nil {
		ids.Strings = map[*syntax.StringDef]int{}
		for _, r := range prog.Rules() {
			for _, d := range r.Strings {
				ids.Strings[d] = len(ids.Strings)
			}
		}
	}
	return ids
}

func (c *compiler) errorf(format string, args ...any) {
	if c.err == nil {
		name := "?"
		if c.rule != nil && c.rule.Name != nil {
			name = c.rule.Name.Name
		}
		c.err = fmt.Errorf("cond: rule %s: "+format, append([]any{name}, args...)...)
	}
}

func (c *compiler) compileRule(r *syntax.Rule) {
	id, ok := c.ids.Rules[r]
	if !ok {
		c.errorf("no rule ID")
		return
	}
	c.rule = r
	// The loop maps are kept from rule to rule while empty: most rules
	// have no loop.
	if c.slots == nil || len(c.slots) > 0 {
		c.slots = map[*check.Object]int{}
	}
	if c.forOf == nil || len(c.forOf) > 0 {
		c.forOf = map[*syntax.ForOfExpr]int{}
	}
	c.nslots = 0
	c.depth = 0
	cr := &rule{RuleInfo: RuleInfo{ID: id, Global: r.Global, Private: r.Private}}
	if r.Name != nil {
		cr.Name = r.Name.Name
	}
	if id+1 > c.prog.nRules {
		c.prog.nRules = id + 1
	}
	for _, d := range r.Strings {
		if sid, ok := c.ids.Strings[d]; ok && sid+1 > c.prog.nStrs {
			c.prog.nStrs = sid + 1
		}
	}
	if ri := c.info.Rules[r]; ri != nil {
		cr.mods = c.moduleList(ri.Imports)
	}
	if r.Condition == nil {
		c.errorf("no condition")
		return
	}
	cr.cond = c.expr(r.Condition)
	if c.nslots > c.maxSlots {
		c.maxSlots = c.nslots
	}
	c.prog.rules = append(c.prog.rules, cr)
}

// moduleList returns the module indices of imports. Rules declared after
// the same imports share one import slice, and get one shared result.
func (c *compiler) moduleList(imports []string) []int {
	if len(imports) == 0 {
		return nil
	}
	if len(c.lastImports) == len(imports) && &c.lastImports[0] == &imports[0] {
		return c.lastMods
	}
	mods := make([]int, len(imports))
	for i, m := range imports {
		mods[i] = c.module(m)
	}
	c.lastImports, c.lastMods = imports, mods
	return mods
}

// module returns the index of the named module in the program, adding it.
func (c *compiler) module(name string) int {
	if i, ok := c.modIndex[name]; ok {
		return i
	}
	m := c.lookup(name)
	if m == nil {
		schema, _ := lookupSchema(name)
		m = &object.Module{Name: name, Schema: schema}
	}
	c.modIndex[name] = len(c.prog.modules)
	c.prog.modules = append(c.prog.modules, m)
	return len(c.prog.modules) - 1
}

// typeOf returns the checked type and constant value of e.
func (c *compiler) typeOf(e syntax.Expr) (*types.Type, *check.Value) {
	tv, ok := c.info.Types[e]
	if !ok || tv.Type == nil {
		return &types.Type{Kind: types.Invalid}, nil
	}
	return tv.Type, tv.Value
}

// constant returns the compiled form of a folded constant.
func constant(v *check.Value) expr {
	var r value
	switch v.Kind {
	case types.Integer:
		r = vInt(v.Int)
	case types.Float:
		r = vFloat(v.Float)
	case types.String:
		r = vStr(v.Str)
	case types.Bool:
		r = vBool(v.Bool)
	default:
		r = undef
	}
	return func(*state) value { return r }
}

// expr compiles e.
func (c *compiler) expr(e syntax.Expr) expr {
	if c.err != nil {
		return func(*state) value { return undef }
	}
	if mayFold(e) {
		if _, v := c.typeOf(e); v != nil {
			return constant(v)
		}
	}
	switch e := e.(type) {
	case *syntax.ParenExpr:
		return c.expr(e.X)
	case *syntax.IntLit:
		return constant(&check.Value{Kind: types.Integer, Int: e.Value})
	case *syntax.FloatLit:
		return constant(&check.Value{Kind: types.Float, Float: e.Value})
	case *syntax.StringLit:
		return constant(&check.Value{Kind: types.String, Str: string(e.Value)})
	case *syntax.BoolLit:
		return constant(&check.Value{Kind: types.Bool, Bool: e.Value})
	case *syntax.KeywordExpr:
		return c.keyword(e)
	case *syntax.Ident:
		return c.ident(e)
	case *syntax.SelectorExpr:
		return c.selector(e)
	case *syntax.IndexExpr:
		return c.index(e)
	case *syntax.CallExpr:
		return c.call(e)
	case *syntax.StringRef:
		return c.stringRef(e)
	case *syntax.StringCount:
		return c.stringCount(e)
	case *syntax.StringOffset:
		return c.stringOffset(e.Name, e.Index, e, true)
	case *syntax.StringLength:
		return c.stringOffset(e.Name, e.Index, e, false)
	case *syntax.UnaryExpr:
		return c.unary(e)
	case *syntax.BinaryExpr:
		return c.binary(e)
	case *syntax.OfExpr:
		return c.of(e)
	case *syntax.ForOfExpr:
		return c.forOfExpr(e)
	case *syntax.ForInExpr:
		return c.forIn(e)
	}
	c.errorf("unsupported expression %T", e)
	return func(*state) value { return undef }
}

func (c *compiler) keyword(e *syntax.KeywordExpr) expr {
	if e.Tok == syntax.FILESIZE {
		return func(s *state) value {
			if s.in.NoFilesize {
				return undef
			}
			return vInt(s.in.Filesize)
		}
	}
	return func(s *state) value {
		if s.in.Entrypoint == nil {
			return undef
		}
		return vInt(*s.in.Entrypoint)
	}
}

func (c *compiler) ident(e *syntax.Ident) expr {
	obj := c.info.Uses[e]
	if obj == nil {
		c.errorf("unresolved identifier %q", e.Name)
		return nil
	}
	switch obj.Kind {
	case check.ObjRule:
		id, ok := c.ids.Rules[obj.Rule]
		if !ok {
			c.errorf("rule %q has no ID", e.Name)
			return nil
		}
		return func(s *state) value { return vBool(s.out[id]) }
	case check.ObjExternal:
		var v value
		switch x := obj.External.(type) {
		case int64:
			v = vInt(x)
		case bool:
			v = vBool(x)
		case float64:
			v = vFloat(x)
		case string:
			v = vStr(x)
		}
		return func(*state) value { return v }
	case check.ObjModule:
		i := c.module(obj.Module)
		return func(s *state) value { return fromObject(s.module(i)) }
	case check.ObjLoopVar:
		slot, ok := c.slots[obj]
		if !ok {
			c.errorf("loop variable %q used outside its loop", e.Name)
			return nil
		}
		return func(s *state) value { return s.vars[slot] }
	}
	c.errorf("identifier %q names a %s", e.Name, obj.Kind)
	return nil
}

func (c *compiler) selector(e *syntax.SelectorExpr) expr {
	xt, _ := c.typeOf(e.X)
	if xt.Kind != types.Structure || xt.Struct == nil {
		c.errorf("field %q of a %s", e.Sel.Name, xt)
		return nil
	}
	idx := -1
	for i, f := range xt.Struct.Fields {
		if f.Name == e.Sel.Name {
			idx = i
			if f.Const != nil {
				return constant(&check.Value{Kind: f.Const.Kind, Int: f.Const.Int, Float: f.Const.Float, Str: f.Const.Str})
			}
		}
	}
	if idx < 0 {
		c.errorf("no field %q in %s", e.Sel.Name, xt)
		return nil
	}
	x := c.expr(e.X)
	return func(s *state) value {
		v := x(s)
		if v.k != kObj {
			return undef
		}
		return fromObject(v.o.Field(idx))
	}
}

func (c *compiler) index(e *syntax.IndexExpr) expr {
	x, i := c.expr(e.X), c.expr(e.Index)
	xt, _ := c.typeOf(e.X)
	if xt.Kind == types.Dictionary {
		return func(s *state) value {
			v, k := x(s), i(s)
			if v.k != kObj || k.k != kStr {
				return undef
			}
			return fromObject(v.o.Lookup(k.s))
		}
	}
	return func(s *state) value {
		v, k := x(s), i(s)
		if v.k != kObj || k.k != kInt {
			return undef
		}
		return fromObject(v.o.Index(k.i))
	}
}

// mayFold reports whether the checker may have folded e to a constant.
// Literals compile to their value directly, and the checker never folds
// names, keywords, string references or loops: skipping the lookup of
// their type saves a map access per node.
func mayFold(e syntax.Expr) bool {
	switch e.(type) {
	case *syntax.IntLit, *syntax.FloatLit, *syntax.StringLit, *syntax.BoolLit,
		*syntax.Ident, *syntax.KeywordExpr,
		*syntax.StringRef, *syntax.StringCount, *syntax.StringOffset, *syntax.StringLength,
		*syntax.OfExpr, *syntax.ForOfExpr, *syntax.ForInExpr:
		return false
	}
	return true
}
