package types

// This file is a tiny DSL to declare module schemas concisely:
//
//	types.NewStruct("pe",
//		types.ConstInt("MACHINE_I386", 0x14c),
//		types.IntField("number_of_sections"),
//		types.StructArrayField("sections",
//			types.StringField("name"),
//			types.IntField("virtual_address"),
//		),
//		types.DictField("version_info", types.StringType),
//		types.FuncField("imports",
//			types.Sig(types.Integer, types.String),
//			types.Sig(types.Integer, types.String, types.String),
//		),
//	)

// IntField declares an integer field.
func IntField(name string) *Field { return &Field{Name: name, Type: IntegerType} }

// FloatField declares a float field.
func FloatField(name string) *Field { return &Field{Name: name, Type: FloatType} }

// StringField declares a string field.
func StringField(name string) *Field { return &Field{Name: name, Type: StringType} }

// ConstInt declares an integer constant.
func ConstInt(name string, v int64) *Field {
	return &Field{Name: name, Type: IntegerType, Const: &Value{Kind: Integer, Int: v}}
}

// ConstFloat declares a float constant.
func ConstFloat(name string, v float64) *Field {
	return &Field{Name: name, Type: FloatType, Const: &Value{Kind: Float, Float: v}}
}

// ConstString declares a string constant.
func ConstString(name string, v string) *Field {
	return &Field{Name: name, Type: StringType, Const: &Value{Kind: String, Str: v}}
}

// StructField declares a field holding a struct of the given fields; the
// struct is named after the field.
func StructField(name string, fields ...*Field) *Field {
	return &Field{Name: name, Type: StructOf(name, fields...)}
}

// ArrayField declares an array of elem.
func ArrayField(name string, elem *Type) *Field {
	return &Field{Name: name, Type: ArrayOf(elem)}
}

// DictField declares a string-keyed dictionary of elem.
func DictField(name string, elem *Type) *Field {
	return &Field{Name: name, Type: DictOf(elem)}
}

// StructArrayField declares an array of structs of the given fields.
func StructArrayField(name string, fields ...*Field) *Field {
	return ArrayField(name, StructOf(name, fields...))
}

// StructDictField declares a dictionary of structs of the given fields.
func StructDictField(name string, fields ...*Field) *Field {
	return DictField(name, StructOf(name, fields...))
}

// FuncField declares a function with the given overloads.
func FuncField(name string, overloads ...Signature) *Field {
	return &Field{Name: name, Type: FuncOf(overloads...)}
}

// Added marks the field as first present in YARA version v (later than the
// reference yara 4.2.3) and returns it.
func (f *Field) Added(v string) *Field {
	f.Since = v
	return f
}

// Noted attaches a note to the field and returns it.
func (f *Field) Noted(note string) *Field {
	f.Note = note
	return f
}
