// Package tests declares the schema of YARA's "tests" module: a module with
// fixed values of every shape (arrays, dictionaries, structs, undefined
// values, overloaded functions) that YARA's own test suite, and our
// conformance vectors, use to exercise the condition language.
package tests

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "tests"`.
const Name = "tests"

// Schema is the declared schema of the tests module.
var Schema = NewStruct(Name,
	StructField("constants",
		IntField("one"),
		IntField("two"),
		StringField("foo"),
		StringField("empty"),
	),
	StructField("undefined",
		IntField("i"),
		FloatField("f"),
	),
	StringField("module_data"),
	ArrayField("integer_array", IntegerType),
	ArrayField("string_array", StringType),
	DictField("integer_dict", IntegerType),
	DictField("string_dict", StringType),
	StructArrayField("struct_array",
		IntField("i"),
		StringField("s"),
	),
	StructDictField("struct_dict",
		IntField("i"),
		StringField("s"),
	),
	StructArrayField("empty_struct_array",
		StructArrayField("struct_array",
			StringField("unused"),
		),
		StructDictField("struct_dict",
			StringField("unused"),
		),
	),
	StructDictField("empty_struct_dict",
		IntField("unused"),
	),
	FuncField("match", Sig(Integer, Regexp, String)),
	FuncField("isum",
		Sig(Integer, Integer, Integer),
		Sig(Integer, Integer, Integer, Integer),
	),
	FuncField("fsum",
		Sig(Float, Float, Float),
		Sig(Float, Float, Float, Float),
	),
	FuncField("length", Sig(Integer, String)),
	FuncField("empty", Sig(String)),
	FuncField("foobar", Sig(String, Integer)),
)
