package tests

import (
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// Module is the run-time tests module: the fixed values YARA's test module
// has for every object, as observed with yara (integer_array is 0, 1, 2,
// undefined ×253, 256; integer_dict and the empty_* containers are empty;
// struct_array[0] exists with undefined fields; undefined.* and module_data
// are undefined).
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(*object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	set := func(name string, v *object.Value) { root.SetField(Schema, name, v) }
	sub := func(name string) *types.Struct { return Schema.Field(name).Type.Struct }
	elemStruct := func(name string) *types.Struct { return Schema.Field(name).Type.Elem.Struct }

	consts := object.NewStruct(sub("constants"))
	consts.SetField(sub("constants"), "one", object.Int(1))
	consts.SetField(sub("constants"), "two", object.Int(2))
	consts.SetField(sub("constants"), "foo", object.String("foo"))
	consts.SetField(sub("constants"), "empty", object.String(""))
	set("constants", consts)
	set("undefined", object.NewStruct(sub("undefined")))

	ints := object.NewArray()
	for i := range 3 {
		ints.Append(object.Int(int64(i)))
	}
	ints.SetIndex(256, object.Int(256))
	set("integer_array", ints)

	strs := object.NewArray()
	for _, s := range []string{"foo", "bar", "baz", "foo\x00bar"} {
		strs.Append(object.String(s))
	}
	set("string_array", strs)

	set("integer_dict", object.NewDict())
	sd := object.NewDict()
	sd.Set("foo", object.String("foo"))
	sd.Set("bar", object.String("bar"))
	set("string_dict", sd)

	st := elemStruct("struct_array")
	sa := object.NewArray()
	sa.Append(object.NewStruct(st))
	one := object.NewStruct(st)
	one.SetField(st, "i", object.Int(1))
	sa.Append(one)
	set("struct_array", sa)

	dt := elemStruct("struct_dict")
	sdict := object.NewDict()
	foo := object.NewStruct(dt)
	foo.SetField(dt, "i", object.Int(1))
	foo.SetField(dt, "s", object.String("foo"))
	sdict.Set("foo", foo)
	set("struct_dict", sdict)

	set("empty_struct_array", object.NewArray())
	set("empty_struct_dict", object.NewDict())

	root.SetFunc(Schema, "match", match)
	root.SetFunc(Schema, "isum", isum, isum)
	root.SetFunc(Schema, "fsum", fsum, fsum)
	root.SetFunc(Schema, "length", func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		return object.IntResult(int64(len(a[0].Str)))
	})
	root.SetFunc(Schema, "empty", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return object.StrResult("")
	})
	root.SetFunc(Schema, "foobar", foobar)
	return root, nil
}

// match returns the length of the first match of the regexp in the string,
// or -1 when there is none.
func match(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
	n := int64(-1)
	if a[0].Re != nil {
		a[0].Re.FindAll([]byte(a[1].Str), func(_, length int) bool {
			n = int64(length)
			return false
		})
	}
	return object.IntResult(n)
}

func isum(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
	var s int64
	for _, x := range a {
		s += x.Int
	}
	return object.IntResult(s)
}

func fsum(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
	var s float64
	for _, x := range a {
		s += x.Float
	}
	return object.FloatResult(s)
}

func foobar(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
	switch a[0].Int {
	case 1:
		return object.StrResult("foo")
	case 2:
		return object.StrResult("bar")
	}
	return object.StrResult("oops")
}
