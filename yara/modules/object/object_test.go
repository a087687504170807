package object

import (
	"testing"

	"github.com/overt-sec/overt/yara/types"
)

func TestRange(t *testing.T) {
	data := []byte("abcdef")
	tests := []struct {
		name      string
		off, size int64
		want      string
		defined   bool
	}{
		{"whole", 0, 6, "abcdef", true}, {"clipped", 4, 100, "ef", true}, {"empty at last", 5, 0, "", true},
		{"at end", 6, 0, "", false}, {"negative offset", -1, 2, "", false}, {"negative size", 0, -1, "", false},
		{"huge size", 1, 1 << 62, "bcdef", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, ok := Range(data, tc.off, tc.size)
			if ok != tc.defined || string(b) != tc.want {
				t.Errorf("Range(%d, %d) = %q, %v", tc.off, tc.size, b, ok)
			}
		})
	}
}

func TestValues(t *testing.T) {
	s := types.NewStruct("s", types.IntField("i"), &types.Field{Name: "c", Type: types.IntegerType, Const: &types.Value{Kind: types.Integer, Int: 7}})
	v := NewStruct(s)
	if v.Field(0) != nil || v.Field(1).Int != 7 || v.Field(5) != nil {
		t.Fatalf("fresh struct: %+v", v.Fields)
	}
	v.SetField(s, "i", Int(3))
	if v.Field(0).Int != 3 {
		t.Error("SetField")
	}
	a := NewArray()
	a.SetIndex(2, String("x"))
	if a.Len() != 3 || a.Index(0) != nil || a.Index(2).Str != "x" || a.Index(-1) != nil || a.Index(3) != nil {
		t.Errorf("array: %+v", a.Elems)
	}
	d := NewDict()
	d.Set("k", Int(1))
	d.Set("j", Int(2))
	d.Set("k", Int(3))
	if d.Len() != 2 || d.Keys[0] != "k" || d.Lookup("k").Int != 3 || d.Lookup("z") != nil {
		t.Errorf("dict: %v %v", d.Keys, d.Dict)
	}
	var nilv *Value
	if nilv.Field(0) != nil || nilv.Index(0) != nil || nilv.Lookup("a") != nil || nilv.Len() != 0 {
		t.Error("nil value accessors")
	}
}
