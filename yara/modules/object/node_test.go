package object

import (
	"testing"

	"github.com/overt-sec/overt/yara/types"
)

func TestNode(t *testing.T) {
	inner := types.NewStruct("inner", &types.Field{Name: "n", Type: &types.Type{Kind: types.Integer}})
	s := types.NewStruct("m",
		&types.Field{Name: "i", Type: &types.Type{Kind: types.Integer}},
		&types.Field{Name: "s", Type: &types.Type{Kind: types.String}},
		&types.Field{Name: "sub", Type: &types.Type{Kind: types.Structure, Struct: inner}},
		&types.Field{Name: "ints", Type: &types.Type{Kind: types.Array, Elem: &types.Type{Kind: types.Integer}}},
		&types.Field{Name: "list", Type: &types.Type{Kind: types.Array, Elem: &types.Type{Kind: types.Structure, Struct: inner}}},
	)
	root := NewNode(s)
	root.SetInt("i", 5)
	root.SetStr("s", []byte("x"))
	root.Sub("sub").SetInt("n", 6)
	root.Array("ints").Append(Int(7))
	list := root.StructArray("list")
	list.Add().SetInt("n", 8)
	list.Add()
	field := func(name string) *Value { return root.Value.Field(FieldIndex(s, name)) }
	tests := []struct {
		name string
		got  *Value
		kind types.Kind
		want int64
	}{
		{"int", field("i"), types.Integer, 5},
		{"sub", field("sub").Field(FieldIndex(inner, "n")), types.Integer, 6},
		{"array", field("ints").Index(0), types.Integer, 7},
		{"struct-array", field("list").Index(0).Field(FieldIndex(inner, "n")), types.Integer, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got == nil || tc.got.Kind != tc.kind || tc.got.Int != tc.want {
				t.Errorf("got %+v, want %d", tc.got, tc.want)
			}
		})
	}
	if v := field("s"); v == nil || v.Str != "x" {
		t.Errorf("s = %+v, want \"x\"", v)
	}
	if n := field("list").Len(); n != 2 {
		t.Errorf("len(list) = %d, want 2", n)
	}
	if list.Elem != inner {
		t.Errorf("list.Elem is not the element schema")
	}
}
