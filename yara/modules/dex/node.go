package dex

import (
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// node is a structure value together with its schema, so that the parser
// can set fields by name.
type node struct {
	v *object.Value
	s *types.Struct
}

func newNode(s *types.Struct) node { return node{v: object.NewStruct(s), s: s} }

func (n node) setInt(name string, x int64) { n.v.SetField(n.s, name, object.Int(x)) }

func (n node) setStr(name string, b []byte) { n.v.SetField(n.s, name, object.String(string(b))) }

func (n node) set(name string, v *object.Value) { n.v.SetField(n.s, name, v) }

// sub creates the structure field name and returns it.
func (n node) sub(name string) node {
	c := newNode(n.s.Field(name).Type.Struct)
	n.set(name, c.v)
	return c
}

// array creates the array field name and returns it.
func (n node) array(name string) *object.Value {
	a := object.NewArray()
	n.set(name, a)
	return a
}

// structs is an array-of-structures field being filled.
type structs struct {
	v    *object.Value
	elem *types.Struct
}

// structArray creates the array-of-structures field name and returns it.
func (n node) structArray(name string) structs {
	return structs{v: n.array(name), elem: n.s.Field(name).Type.Elem.Struct}
}

// add appends a new structure to the array and returns it.
func (a structs) add() node {
	c := newNode(a.elem)
	a.v.Append(c.v)
	return c
}
