// Package types is the small type system of YARA conditions as seen by the
// checker: the types of module fields, of function parameters and results,
// and of constants declared by modules.
//
// A module declares its schema as a *Struct (see package
// github.com/overt-sec/overt/yara/modules); the checker resolves
// `pe.sections[0].name` by walking Struct fields, Array and Dict elements,
// and picks an overload of a Func by the kinds of the call's arguments.
//
// YARA modules have no boolean fields or results: values documented as
// "boolean" (pe.is_pe, dotnet.classes[i].abstract, pe.is_dll() …) are
// integers 0 or 1, and schemas declare them as Integer, which keeps
// `pe.is_dll() == 1` valid as it is in YARA. Bool appears only as a
// parameter kind (math.to_number).
//
// This package only imports the standard library; any package may import it.
package types

import "strings"

// Kind is the kind of a type.
type Kind int

// The kinds of YARA types.
const (
	Invalid    Kind = iota // the zero Kind; never part of a valid schema
	Integer                // 64-bit signed integer
	Float                  // 64-bit IEEE float
	String                 // byte string
	Bool                   // boolean; a function parameter kind only
	Regexp                 // regular expression literal; a function parameter kind only
	Structure              // a struct of named fields (see Struct)
	Array                  // an array indexed by integers (see Type.Elem)
	Dictionary             // a dictionary indexed by strings (see Type.Elem)
	Function               // an overloaded function (see Func)
)

var kindNames = [...]string{
	Invalid:    "invalid",
	Integer:    "integer",
	Float:      "float",
	String:     "string",
	Bool:       "bool",
	Regexp:     "regexp",
	Structure:  "struct",
	Array:      "array",
	Dictionary: "dict",
	Function:   "function",
}

// String returns the lower-case name of the kind, e.g. "integer".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "invalid"
	}
	return kindNames[k]
}

// IsScalar reports whether k is a kind a condition can compute with
// directly: Integer, Float, String or Bool.
func (k Kind) IsScalar() bool {
	return k == Integer || k == Float || k == String || k == Bool
}

// Type is a YARA type. Exactly one of Struct, Elem and Func is set,
// according to Kind; scalar kinds set none of them.
type Type struct {
	Kind   Kind    // the kind of the type
	Struct *Struct // the fields, when Kind == Structure
	Elem   *Type   // the element type, when Kind == Array or Kind == Dictionary
	Func   *Func   // the overloads, when Kind == Function
}

// Shared scalar types. Callers must not modify them.
var (
	IntegerType = &Type{Kind: Integer} // the integer type
	FloatType   = &Type{Kind: Float}   // the float type
	StringType  = &Type{Kind: String}  // the string type
	BoolType    = &Type{Kind: Bool}    // the bool type
	RegexpType  = &Type{Kind: Regexp}  // the regexp type
)

// Basic returns the shared Type of a scalar or regexp kind, or nil for a
// composite kind.
func Basic(k Kind) *Type {
	switch k {
	case Integer:
		return IntegerType
	case Float:
		return FloatType
	case String:
		return StringType
	case Bool:
		return BoolType
	case Regexp:
		return RegexpType
	}
	return nil
}

// StructOf returns a struct type named name (the name is informative, used
// in String) with the given fields.
func StructOf(name string, fields ...*Field) *Type {
	return &Type{Kind: Structure, Struct: NewStruct(name, fields...)}
}

// ArrayOf returns the type of an integer-indexed array of elem.
func ArrayOf(elem *Type) *Type { return &Type{Kind: Array, Elem: elem} }

// DictOf returns the type of a string-keyed dictionary of elem.
func DictOf(elem *Type) *Type { return &Type{Kind: Dictionary, Elem: elem} }

// FuncOf returns the type of a function with the given overloads.
func FuncOf(overloads ...Signature) *Type {
	return &Type{Kind: Function, Func: &Func{Overloads: overloads}}
}

// String describes the type: "integer", "array of string",
// "dict of struct section", "function(string, integer) integer" (overloads
// are separated by " | ").
func (t *Type) String() string {
	if t == nil {
		return "invalid"
	}
	switch t.Kind {
	case Structure:
		if t.Struct != nil && t.Struct.Name != "" {
			return "struct " + t.Struct.Name
		}
		return "struct"
	case Array:
		return "array of " + t.Elem.String()
	case Dictionary:
		return "dict of " + t.Elem.String()
	case Function:
		if t.Func == nil {
			return "function"
		}
		parts := make([]string, len(t.Func.Overloads))
		for i, s := range t.Func.Overloads {
			parts[i] = s.String()
		}
		return strings.Join(parts, " | ")
	}
	return t.Kind.String()
}
