package object

import (
	"math"
	"strconv"
	"strings"

	"github.com/overt-sec/overt/yara/types"
)

// DumpOrder gives, for some structures of a module's value tree, the fields
// yara -D prints and their order. Keys are structure paths: the module name,
// then ".field" for a structure field and "[]" for an array or dictionary
// element, e.g. "pe", "pe.rich_signature", "pe.import_details[]" and
// "pe.import_details[].functions[]". When a structure has an entry, only the
// fields it lists are printed (fields yara does not have are left out); an
// entry "old=name" prints field name under the label old (a field yara
// 4.2.3 spells differently);
// without one, every field is printed in yara's default order (see
// AppendDump).
type DumpOrder map[string][]string

// maxDumpDepth bounds the nesting AppendDump follows: value trees are built
// from schemas a few levels deep, so anything deeper is a bug, not data.
const maxDumpDepth = 32

// AppendDump appends to b the value tree root of module name (schema s) as
// yara -D prints it: the module name, then one line per field indented by
// one tab per level, "name = value" for scalars (integers in decimal,
// floats with six decimals, strings quoted with bytes outside printable
// ASCII as \xNN, undefined integers and strings as YR_UNDEFINED, undefined
// floats as nan), the bare name for structures, arrays and dictionaries
// followed by their members, "[i]" for array elements and the bare key for
// dictionary entries; undefined elements and functions are not printed.
//
// Without an order entry, yara prints the members of a structure declared
// by the module in reverse declaration order, and those of a structure
// inside an array or dictionary element in declaration order (each copy of
// a structure reverses it), alternating with every level of elements.
func AppendDump(b []byte, name string, s *types.Struct, root *Value, order DumpOrder) []byte {
	b = append(b, name...)
	b = append(b, '\n')
	return appendStruct(b, name, s, root, order, 1, false)
}

func appendStruct(b []byte, path string, s *types.Struct, v *Value, order DumpOrder, depth int, copied bool) []byte {
	if depth > maxDumpDepth || s == nil {
		return b
	}
	emit := func(label string, f *types.Field, i int) {
		if f.Type.Kind == types.Function {
			return
		}
		b = appendField(b, path+"."+f.Name, label, f.Type, v.Field(i), order, depth, copied)
	}
	if names, ok := order[path]; ok {
		for _, n := range names {
			label, name, ok := strings.Cut(n, "=")
			if !ok {
				name = label
			}
			for i, f := range s.Fields {
				if f.Name == name {
					emit(label, f, i)
					break
				}
			}
		}
		return b
	}
	if copied {
		for i, f := range s.Fields {
			emit(f.Name, f, i)
		}
	} else {
		for i := len(s.Fields) - 1; i >= 0; i-- {
			emit(s.Fields[i].Name, s.Fields[i], i)
		}
	}
	return b
}

// appendField appends one named member (a field, an element "[i]" or a
// dictionary key) of type t and value v at the given depth.
func appendField(b []byte, path, label string, t *types.Type, v *Value, order DumpOrder, depth int, copied bool) []byte {
	b = appendIndent(b, depth)
	b = append(b, label...)
	switch t.Kind {
	case types.Integer, types.Float, types.String:
		b = append(b, " = "...)
		b = appendScalar(b, t.Kind, v)
		return append(b, '\n')
	}
	b = append(b, '\n')
	if depth >= maxDumpDepth {
		return b
	}
	switch t.Kind {
	case types.Structure:
		return appendStruct(b, path, t.Struct, v, order, depth+1, copied)
	case types.Array:
		if v == nil || v.Kind != types.Array {
			return b
		}
		for i := range v.Len() {
			if e := v.Index(int64(i)); e != nil && !emptyStruct(e) {
				b = appendField(b, path+"[]", "["+strconv.Itoa(i)+"]", t.Elem, e, order, depth+1, !copied)
			}
		}
	case types.Dictionary:
		if v == nil || v.Kind != types.Dictionary {
			return b
		}
		for _, k := range v.Keys {
			if e := v.Dict[k]; e != nil && !emptyStruct(e) {
				b = appendField(b, path+"[]", k, t.Elem, e, order, depth+1, !copied)
			}
		}
	}
	return b
}

// emptyStruct reports whether v is a structure with nothing defined in it
// but constants: yara's array of structures holds no object for an element
// never set, and prints nothing for it, while overt's modules may fill such
// a slot with an all-undefined structure (they read the same).
func emptyStruct(v *Value) bool {
	if v.Kind != types.Structure {
		return false
	}
	for _, f := range v.Fields {
		if f == nil {
			continue
		}
		switch f.Kind {
		case types.Structure:
			if !emptyStruct(f) {
				return false
			}
		case types.Function:
		default:
			return false
		}
	}
	return true
}

func appendScalar(b []byte, k types.Kind, v *Value) []byte {
	if v == nil || v.Kind != k {
		if k == types.Float {
			return append(b, "nan"...)
		}
		return append(b, "YR_UNDEFINED"...)
	}
	switch k {
	case types.Integer:
		return strconv.AppendInt(b, v.Int, 10)
	case types.Float:
		return appendFloat(b, v.Float)
	}
	b = append(b, '"')
	for i := 0; i < len(v.Str); i++ {
		c := v.Str[i]
		if c >= 0x20 && c < 0x7f {
			b = append(b, c)
			continue
		}
		b = append(b, '\\', 'x', hexDigit[c>>4], hexDigit[c&15])
	}
	return append(b, '"')
}

const hexDigit = "0123456789abcdef"

// appendFloat formats f as C's printf("%f").
func appendFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		if math.Signbit(f) {
			return append(b, "-nan"...)
		}
		return append(b, "nan"...)
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	}
	return strconv.AppendFloat(b, f, 'f', 6, 64)
}

func appendIndent(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, '\t')
	}
	return b
}
