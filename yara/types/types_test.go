package types

import (
	"strings"
	"testing"
)

func TestTypeString(t *testing.T) {
	tests := []struct {
		name string
		typ  *Type
		want string
	}{
		{"integer", IntegerType, "integer"},
		{"float", FloatType, "float"},
		{"string", StringType, "string"},
		{"array", ArrayOf(StringType), "array of string"},
		{"dict of struct", DictOf(StructOf("entry", IntField("i"))), "dict of struct entry"},
		{"anonymous struct", &Type{Kind: Structure, Struct: NewStruct("")}, "struct"},
		{"func", FuncOf(Sig(Integer, String), Sig(Integer, Integer, Regexp)),
			"function(string) integer | function(integer, regexp) integer"},
		{"no params", FuncOf(Sig(String)), "function() string"},
		{"nil", nil, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.typ.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		kind Kind
		want string
	}{
		{Integer, "integer"}, {Float, "float"}, {String, "string"}, {Bool, "bool"},
		{Regexp, "regexp"}, {Structure, "struct"}, {Array, "array"}, {Dictionary, "dict"},
		{Function, "function"}, {Invalid, "invalid"}, {Kind(-1), "invalid"}, {Kind(99), "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.kind.String(); got != tt.want {
				t.Errorf("Kind(%d).String() = %q, want %q", int(tt.kind), got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	f := &Func{Overloads: []Signature{
		Sig(Integer, String),
		Sig(Integer, String, String),
		Sig(Float, Integer, Integer),
		Sig(Integer, Bool),
	}}
	tests := []struct {
		name   string
		args   []Kind
		ok     bool
		result Kind
	}{
		{"one string", []Kind{String}, true, Integer},
		{"two strings", []Kind{String, String}, true, Integer},
		{"two integers", []Kind{Integer, Integer}, true, Float},
		{"bool", []Kind{Bool}, true, Integer},
		{"integer is not bool", []Kind{Integer}, false, Invalid},
		{"float is not integer", []Kind{Float, Integer}, false, Invalid},
		{"integer is not float", []Kind{Integer, Float}, false, Invalid},
		{"too many", []Kind{String, String, String}, false, Invalid},
		{"none", nil, false, Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig, ok := f.Resolve(tt.args)
			if ok != tt.ok || sig.Result != tt.result {
				t.Errorf("Resolve(%v) = %v, %v; want result %v, %v", tt.args, sig, ok, tt.result, tt.ok)
			}
		})
	}
	var nilFunc *Func
	if _, ok := nilFunc.Resolve(nil); ok {
		t.Error("nil Func resolved a call")
	}
}

func TestStructLookup(t *testing.T) {
	s := NewStruct("m", IntField("b"), StringField("a"), ConstInt("C", 7))
	tests := []struct {
		name string
		want string // type of the field, "" if missing
	}{
		{"a", "string"}, {"b", "integer"}, {"C", "integer"}, {"c", ""}, {"", ""},
	}
	for _, tt := range tests {
		t.Run("field "+tt.name, func(t *testing.T) {
			f := s.Field(tt.name)
			switch {
			case f == nil && tt.want != "":
				t.Fatalf("Field(%q) = nil", tt.name)
			case f != nil && tt.want == "":
				t.Fatalf("Field(%q) = %v, want nil", tt.name, f.Type)
			case f != nil && f.Type.String() != tt.want:
				t.Errorf("Field(%q) type %v, want %s", tt.name, f.Type, tt.want)
			}
		})
	}
	if got := strings.Join(s.Names(), ","); got != "C,a,b" {
		t.Errorf("Names() = %s", got)
	}
	if v := s.Field("C").Const; v == nil || v.Int != 7 {
		t.Errorf("constant C = %v", v)
	}
	var nilStruct *Struct
	if nilStruct.Field("a") != nil {
		t.Error("nil Struct has a field")
	}
}

func TestNewStructRejects(t *testing.T) {
	tests := []struct {
		name   string
		fields []*Field
	}{
		{"duplicate", []*Field{IntField("a"), StringField("a")}},
		{"empty name", []*Field{IntField("")}},
		{"bad identifier", []*Field{IntField("1a")}},
		{"nil field", []*Field{nil}},
		{"bool field", []*Field{{Name: "b", Type: BoolType}}},
		{"regexp field", []*Field{{Name: "r", Type: RegexpType}}},
		{"array without elem", []*Field{{Name: "a", Type: &Type{Kind: Array}}}},
		{"array of functions", []*Field{ArrayField("a", FuncOf(Sig(Integer)))}},
		{"function without overloads", []*Field{FuncField("f")}},
		{"duplicate overload", []*Field{FuncField("f", Sig(Integer, String), Sig(Float, String))}},
		{"bad param", []*Field{FuncField("f", Sig(Integer, Structure))}},
		{"bool result", []*Field{FuncField("f", Sig(Bool))}},
		{"mismatched constant", []*Field{{Name: "c", Type: IntegerType, Const: &Value{Kind: String}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("NewStruct accepted %s", tt.name)
				}
			}()
			NewStruct("bad", tt.fields...)
		})
	}
}

func TestValueString(t *testing.T) {
	tests := []struct {
		name string
		v    *Value
		want string
	}{
		{"integer", ConstInt("x", -1).Const, "-1"},
		{"float", ConstFloat("x", 127.5).Const, "127.5"},
		{"string", ConstString("x", "dex\n035\x00\"\\\t\r\xff").Const, `"dex\n035\x00\"\\\t\r\xff"`},
		{"invalid", &Value{}, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.String(); got != tt.want {
				t.Errorf("String() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDump(t *testing.T) {
	s := NewStruct("m",
		ConstInt("K", 3),
		StructArrayField("items", StringField("name"), IntField("size").Added("4.3")),
		DictField("info", StringType),
		FuncField("f", Sig(Integer, String), SigSince("4.4", Integer, Integer)).Noted("n"),
		StructField("newer", FloatField("x")).Added("4.5"),
	)
	want := []string{
		"K\tinteger = 3",
		"f\tfunction(integer) integer\tsince 4.4\tnote: n",
		"f\tfunction(string) integer\tnote: n",
		"info\tdict of string",
		"items\tarray of struct items",
		"items[i].name\tstring",
		"items[i].size\tinteger\tsince 4.3",
		"newer\tstruct newer\tsince 4.5",
		"newer.x\tfloat\tsince 4.5",
	}
	got := Dump(s)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Dump:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"4.3", "4.3", 0}, {"4.3", "4.3.0", 0}, {"4.2.3", "4.3", -1}, {"4.10", "4.9", 1},
		{"5", "4.99", 1}, {"", "0", 0}, {"4.3rc1", "4.3", 0}, {"99999999999999999999", "1", 1},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			if got := CompareVersions(tt.a, tt.b); got != tt.want {
				t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := CompareVersions(tt.b, tt.a); got != -tt.want {
				t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
			}
		})
	}
}

func TestBasic(t *testing.T) {
	for _, k := range []Kind{Integer, Float, String, Bool, Regexp} {
		if b := Basic(k); b == nil || b.Kind != k {
			t.Errorf("Basic(%s) = %v", k, b)
		}
	}
	for _, k := range []Kind{Invalid, Structure, Array, Dictionary, Function} {
		if b := Basic(k); b != nil {
			t.Errorf("Basic(%s) = %v, want nil", k, b)
		}
	}
}
