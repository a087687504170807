// Package object holds the run-time values of YARA modules: the value tree a
// module builds for one scanned object (structures by field index, arrays,
// dictionaries, scalars, undefined values), module functions as Go funcs,
// and the Module interface through which the condition evaluator loads a
// module once per object.
//
// An undefined value is a nil *Value: a field never set, an array element
// past the end or never set, a missing dictionary key.
package object

import (
	"sync"

	"github.com/overt-sec/overt/yara/types"
)

// Value is one node of a module's value tree. Kind says which of the other
// fields are meaningful. A nil *Value is undefined. A value is not modified
// once it is in a tree (structures and arrays are filled while the tree is
// built): constants and lazily built elements may be shared.
type Value struct {
	Kind types.Kind // Integer, Float, String, Structure, Array, Dictionary or Function

	Int   int64   // Kind == Integer
	Float float64 // Kind == Float
	Str   string  // Kind == String (any bytes)

	// Fields holds a structure's fields, by their index in the schema
	// struct; a nil entry is undefined. Kind == Structure.
	Fields []*Value
	// Elems holds an array's elements; a nil entry is undefined.
	// Kind == Array.
	Elems []*Value
	// Keys holds a dictionary's keys in insertion order and Dict the value
	// of each. Kind == Dictionary.
	Keys []string
	Dict map[string]*Value
	// Funcs holds a function's overloads, in the order of the schema's
	// Signatures; a nil entry is an overload without implementation (its
	// calls are undefined). Kind == Function.
	Funcs []Func

	// lazy builds the elements of an array made by NewLazyArray on first
	// access; Elems stays empty for such an array (read it through Len and
	// Index).
	lazy *lazyElems
}

// Int returns a defined integer value.
func Int(i int64) *Value { return &Value{Kind: types.Integer, Int: i} }

// Float returns a defined float value.
func Float(f float64) *Value { return &Value{Kind: types.Float, Float: f} }

// String returns a defined string value.
func String(s string) *Value { return &Value{Kind: types.String, Str: s} }

// NewStruct returns a structure value for s whose fields are all undefined,
// except constants (set to their declared values). Function fields are
// undefined until set with SetFunc.
//
// The values of the constants are shared by every structure of schema s
// (see constValues): like every value of a tree, they must not be modified.
func NewStruct(s *types.Struct) *Value {
	v := &Value{Kind: types.Structure, Fields: make([]*Value, len(s.Fields))}
	if c := constValues(s); c != nil {
		copy(v.Fields, c)
	}
	return v
}

// constCache maps a schema structure with constants to its constValues.
var constCache sync.Map // *types.Struct → []*Value

// constValues returns the values of the constant fields of s by field
// index (nil for the other fields), or nil when s has no constant. A
// module's root holds up to hundreds of constants: built once per schema
// and shared, instead of once per scanned object.
func constValues(s *types.Struct) []*Value {
	if c, ok := constCache.Load(s); ok {
		return c.([]*Value)
	}
	var vals []*Value
	for i, f := range s.Fields {
		c := f.Const
		if c == nil {
			continue
		}
		if vals == nil {
			vals = make([]*Value, len(s.Fields))
		}
		switch c.Kind {
		case types.Integer:
			vals[i] = Int(c.Int)
		case types.Float:
			vals[i] = Float(c.Float)
		case types.String:
			vals[i] = String(c.Str)
		}
	}
	if vals != nil {
		// Only schemas with constants are kept: the module schemas, a fixed
		// set, and not every ad hoc structure a caller may build.
		constCache.Store(s, vals)
	}
	return vals
}

// NewArray returns an empty array value.
func NewArray() *Value { return &Value{Kind: types.Array} }

// NewDict returns an empty dictionary value.
func NewDict() *Value { return &Value{Kind: types.Dictionary, Dict: map[string]*Value{}} }

// Field returns field i of a structure, or nil (undefined) when v is nil,
// not a structure or has no such field.
func (v *Value) Field(i int) *Value {
	if v == nil || v.Kind != types.Structure || i < 0 || i >= len(v.Fields) {
		return nil
	}
	return v.Fields[i]
}

// Index returns element i of an array, or nil (undefined).
func (v *Value) Index(i int64) *Value {
	if v == nil || v.Kind != types.Array {
		return nil
	}
	if v.lazy != nil {
		return v.lazy.at(i)
	}
	if i < 0 || i >= int64(len(v.Elems)) {
		return nil
	}
	return v.Elems[i]
}

// Lookup returns the value of key k of a dictionary, or nil (undefined).
func (v *Value) Lookup(k string) *Value {
	if v == nil || v.Kind != types.Dictionary {
		return nil
	}
	return v.Dict[k]
}

// Len returns the number of elements of an array or entries of a
// dictionary, and 0 for anything else (undefined included).
func (v *Value) Len() int {
	if v == nil {
		return 0
	}
	switch v.Kind {
	case types.Array:
		if v.lazy != nil {
			return v.lazy.n
		}
		return len(v.Elems)
	case types.Dictionary:
		return len(v.Keys)
	}
	return 0
}

// Append adds e (possibly nil, undefined) at the end of an array.
func (v *Value) Append(e *Value) {
	v.materialize()
	v.Elems = append(v.Elems, e)
}

// SetIndex sets element i of an array, growing it with undefined elements
// as needed. The caller bounds i: growth is proportional to it.
func (v *Value) SetIndex(i int, e *Value) {
	v.materialize()
	for len(v.Elems) <= i {
		v.Elems = append(v.Elems, nil)
	}
	v.Elems[i] = e
}

// Set sets key k of a dictionary, keeping the first insertion position of k.
func (v *Value) Set(k string, e *Value) {
	if _, ok := v.Dict[k]; !ok {
		v.Keys = append(v.Keys, k)
	}
	v.Dict[k] = e
}

// SetField sets the field named name of structure v, whose schema is s. It
// panics if s has no such field: module loaders name fields statically, so
// a wrong name is a programming error caught by the module's tests.
func (v *Value) SetField(s *types.Struct, name string, e *Value) {
	v.Fields[FieldIndex(s, name)] = e
}

// SetFunc sets the function field named name of structure v (schema s) to
// the given overloads, in schema order.
func (v *Value) SetFunc(s *types.Struct, name string, fns ...Func) {
	v.Fields[FieldIndex(s, name)] = &Value{Kind: types.Function, Funcs: fns}
}

// FieldIndex returns the index of the field named name in s. It panics when
// there is none (see SetField).
func FieldIndex(s *types.Struct, name string) int {
	for i, f := range s.Fields {
		if f.Name == name {
			return i
		}
	}
	panic("object: struct " + s.Name + " has no field " + name)
}
