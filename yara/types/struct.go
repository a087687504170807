package types

import (
	"fmt"
	"sort"
	"strconv"
)

// Struct is a structure: an ordered list of uniquely named fields. A module's
// schema is a Struct named after the module.
type Struct struct {
	Name   string   // informative name, e.g. "pe" or "section"
	Fields []*Field // fields in declaration order
	index  map[string]*Field
}

// Field is a named member of a Struct.
type Field struct {
	Name  string // identifier, e.g. "number_of_sections"
	Type  *Type  // the field's type
	Const *Value // the value of a constant (e.g. pe.MACHINE_I386 = 0x14c); nil otherwise
	// Since is the first YARA version that has the field, when that is later
	// than the reference yara 4.2.3 (e.g. "4.3"); empty when 4.2.3 has it.
	Since string
	// Note says anything notable about the field, e.g. that an older YARA
	// spelled it differently; empty for most fields.
	Note string
}

// NewStruct returns a struct with the given fields. It panics if two fields
// share a name or a field is malformed: schemas are static program data, so
// this is a programming error caught by any test that loads the schema.
func NewStruct(name string, fields ...*Field) *Struct {
	s := &Struct{Name: name, Fields: fields, index: make(map[string]*Field, len(fields))}
	for _, f := range fields {
		if err := f.validate(); err != nil {
			panic(fmt.Sprintf("types: struct %s: %v", name, err))
		}
		if _, dup := s.index[f.Name]; dup {
			panic(fmt.Sprintf("types: struct %s: duplicate field %q", name, f.Name))
		}
		s.index[f.Name] = f
	}
	return s
}

// Field returns the field named name, or nil if there is none.
func (s *Struct) Field(name string) *Field {
	if s == nil {
		return nil
	}
	return s.index[name]
}

// Names returns the field names in sorted order.
func (s *Struct) Names() []string {
	names := make([]string, 0, len(s.Fields))
	for _, f := range s.Fields {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}

func (f *Field) validate() error {
	if f == nil || f.Name == "" || f.Type == nil {
		return fmt.Errorf("field without name or type")
	}
	if !validIdent(f.Name) {
		return fmt.Errorf("field %q: not an identifier", f.Name)
	}
	if err := validType(f.Type, 0); err != nil {
		return fmt.Errorf("field %q: %v", f.Name, err)
	}
	if f.Const != nil && f.Const.Kind != f.Type.Kind {
		return fmt.Errorf("field %q: constant of kind %s in a field of type %s", f.Name, f.Const.Kind, f.Type)
	}
	return nil
}

// maxTypeDepth bounds the nesting of types; real schemas nest at most five
// levels (pe.signatures[i].signer_info.chain[j].subject), so deeper means a
// cycle or a mistake.
const maxTypeDepth = 16

func validType(t *Type, depth int) error {
	if depth > maxTypeDepth {
		return fmt.Errorf("type nested deeper than %d", maxTypeDepth)
	}
	switch t.Kind {
	case Integer, Float, String:
		return nil
	case Bool, Regexp:
		return fmt.Errorf("%s is not a field type", t.Kind)
	case Structure:
		if t.Struct == nil {
			return fmt.Errorf("struct type without fields")
		}
		return nil // its fields were validated by NewStruct
	case Array, Dictionary:
		if t.Elem == nil {
			return fmt.Errorf("%s without element type", t.Kind)
		}
		if t.Elem.Kind == Function {
			return fmt.Errorf("%s of functions", t.Kind)
		}
		return validType(t.Elem, depth+1)
	case Function:
		if t.Func == nil || len(t.Func.Overloads) == 0 {
			return fmt.Errorf("function without overloads")
		}
		return t.Func.validate()
	}
	return fmt.Errorf("invalid kind %d", int(t.Kind))
}

func validIdent(s string) bool {
	for i, c := range s {
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// Value is the value of a module constant.
type Value struct {
	Kind  Kind    // Integer, Float or String
	Int   int64   // the value when Kind == Integer
	Float float64 // the value when Kind == Float
	Str   string  // the value when Kind == String (any bytes)
}

// String formats the value as YARA source would write it: 332, 127.5, "dex\n035\x00".
func (v *Value) String() string {
	switch v.Kind {
	case Integer:
		return strconv.FormatInt(v.Int, 10)
	case Float:
		return strconv.FormatFloat(v.Float, 'g', -1, 64)
	case String:
		return QuoteString(v.Str)
	}
	return "invalid"
}

// QuoteString quotes s as a YARA text string literal: printable ASCII as is,
// `"` and `\` escaped, \n, \t and \r by name, any other byte as \xHH.
func QuoteString(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c < 0x20 || c >= 0x7f:
			const hex = "0123456789abcdef"
			b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"'))
}
