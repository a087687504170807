package object

import "github.com/overt-sec/overt/yara/types"

// Node is a structure value together with its schema, so that a module's
// parser can set fields by name while building the value tree.
type Node struct {
	Value  *Value        // the structure value being filled
	Schema *types.Struct // the schema of Value
}

// NewNode returns a new, empty structure value of schema s.
func NewNode(s *types.Struct) Node { return Node{Value: NewStruct(s), Schema: s} }

// SetInt sets the integer field name to x.
func (n Node) SetInt(name string, x int64) { n.Value.SetField(n.Schema, name, Int(x)) }

// SetStr sets the string field name to the bytes b.
func (n Node) SetStr(name string, b []byte) { n.Value.SetField(n.Schema, name, String(string(b))) }

// Set sets the field name to v.
func (n Node) Set(name string, v *Value) { n.Value.SetField(n.Schema, name, v) }

// Sub creates the structure field name and returns it.
func (n Node) Sub(name string) Node {
	c := NewNode(n.Schema.Field(name).Type.Struct)
	n.Set(name, c.Value)
	return c
}

// Array creates the array field name (of scalars) and returns it.
func (n Node) Array(name string) *Value {
	a := NewArray()
	n.Set(name, a)
	return a
}

// Structs is an array-of-structures field being filled.
type Structs struct {
	Value *Value        // the array value
	Elem  *types.Struct // the schema of each element
}

// StructArray creates the array-of-structures field name and returns it.
func (n Node) StructArray(name string) Structs {
	return Structs{Value: n.Array(name), Elem: n.Schema.Field(name).Type.Elem.Struct}
}

// Add appends a new structure to the array and returns it.
func (a Structs) Add() Node {
	c := NewNode(a.Elem)
	a.Value.Append(c.Value)
	return c
}
