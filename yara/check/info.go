package check

import (
	"strconv"

	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// invalidType is the type of an expression that failed to check; operators
// on it report nothing more, so one mistake gives one diagnostic.
var invalidType = &types.Type{Kind: types.Invalid}

// Info is what Check learned about a program: everything the compiler needs
// without resolving names again. Maps are keyed by syntax nodes of the
// checked program; a node missing from a map was not reached (it is part of
// a construct that failed to check).
type Info struct {
	// Types holds the type of every checked expression and, when the
	// expression is a constant, its folded value. Boolean conditions
	// (comparisons, `and`, `$a`, rule references, of/for expressions) have
	// type types.BoolType; regular expression literals types.RegexpType; a
	// module, field or loop variable of composite type has its schema type
	// (Structure, Array, Dictionary or Function).
	Types map[syntax.Expr]TypeAndValue

	// Uses maps every identifier of a condition that names something —
	// a rule, an external variable, a module, a loop variable or a field
	// after "." — to what it names. Loop variables declared by a ForInExpr
	// (its Vars) are in Defs, not Uses. The Fun identifier of an integer
	// read (uint8 ... int32be) is not in Uses.
	Uses map[*syntax.Ident]*Object

	// Defs maps each loop variable declared by a ForInExpr to its object.
	Defs map[*syntax.Ident]*Object

	// Strings maps each *syntax.StringRef, *StringCount, *StringOffset and
	// *StringLength to the string it names. Inside a for..of body the bare
	// forms ($, #, @, !) name the loop's current string: their target has a
	// nil Def and the loop in Loop.
	Strings map[syntax.Expr]StringTarget

	// Sets maps each *syntax.StringSet (of OfExpr and ForOfExpr) to the
	// strings it denotes, in definition order, without duplicates.
	Sets map[*syntax.StringSet][]*syntax.StringDef

	// RuleSets maps each *syntax.RuleSet to the rules it denotes, in
	// declaration order, without duplicates.
	RuleSets map[*syntax.RuleSet][]*syntax.Rule

	// Rules holds per-rule facts, for every rule of the program.
	Rules map[*syntax.Rule]*RuleInfo

	// Externals holds the normalized external variables of the Config
	// (values are int64, float64, bool or string).
	Externals map[string]any
}

// TypeAndValue is the type of an expression and its constant value, if any.
type TypeAndValue struct {
	Type  *types.Type // never nil; Kind Invalid after an error
	Value *Value      // folded constant, or nil if the expression is not constant
}

// Value is a constant value folded by the checker.
type Value struct {
	Kind  types.Kind // Integer, Float, String or Bool
	Int   int64      // when Kind == Integer
	Float float64    // when Kind == Float
	Str   string     // when Kind == String (any bytes)
	Bool  bool       // when Kind == Bool
}

// String formats the value as YARA source would write it.
func (v *Value) String() string {
	switch v.Kind {
	case types.Integer:
		return strconv.FormatInt(v.Int, 10)
	case types.Float:
		return strconv.FormatFloat(v.Float, 'g', -1, 64)
	case types.String:
		return types.QuoteString(v.Str)
	case types.Bool:
		return strconv.FormatBool(v.Bool)
	}
	return "invalid"
}

// ObjKind is the kind of thing an identifier names.
type ObjKind int

// The kinds of objects.
const (
	ObjRule     ObjKind = iota + 1 // a rule (its value is whether it matched)
	ObjExternal                    // an external variable
	ObjModule                      // an imported module
	ObjLoopVar                     // a variable of a for..in loop
	ObjField                       // a field of a structure, after "."
)

var objKindNames = [...]string{
	ObjRule:     "rule",
	ObjExternal: "external variable",
	ObjModule:   "module",
	ObjLoopVar:  "loop variable",
	ObjField:    "field",
}

// String returns a lower-case description such as "loop variable".
func (k ObjKind) String() string {
	if k > 0 && int(k) < len(objKindNames) {
		return objKindNames[k]
	}
	return "object"
}

// Object is what an identifier names.
type Object struct {
	Kind ObjKind
	Name string
	// Type is the object's type: BoolType for a rule, the value's type for
	// an external (a bool external is an integer 0/1, as in YARA), the
	// schema struct for a module, the element or key/value type for a loop
	// variable, the field type for a field.
	Type *types.Type

	Rule     *syntax.Rule      // ObjRule: the rule
	External any               // ObjExternal: the value (int64, float64, bool or string)
	Module   string            // ObjModule: the module name
	Field    *types.Field      // ObjField: the schema field (Field.Const for constants)
	Loop     *syntax.ForInExpr // ObjLoopVar: the loop declaring it
	VarIndex int               // ObjLoopVar: index in Loop.Vars (1 is a dictionary's value)
}

// StringTarget is what a string reference names: a definition of the
// rule, or the current string of an enclosing for..of loop.
type StringTarget struct {
	Def  *syntax.StringDef // the string, or nil for the loop's current string
	Loop *syntax.ForOfExpr // the enclosing for..of when Def is nil
}

// RuleInfo holds per-rule facts.
type RuleInfo struct {
	// Imports lists the modules imported before the rule (in scope for its
	// condition), in import order, without duplicates.
	// The slice may be shared between rules: do not modify it.
	Imports []string
	// Strings maps each named string identifier ("$a") to its definition;
	// anonymous "$" strings are only in the rule's Strings slice.
	Strings map[string]*syntax.StringDef
}
