package modtest

import (
	"fmt"

	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// Dump appends to out one "path = value" line for every defined field
// under v, of type t, in schema order (constants left out). Strings are
// written by quote; a structure's fields are named path.name, or name
// alone when path is empty.
func Dump(out []string, path string, v *object.Value, t *types.Type, quote func(string) string) []string {
	if v == nil {
		return out
	}
	switch v.Kind {
	case types.Integer:
		out = append(out, fmt.Sprintf("%s = %d", path, v.Int))
	case types.Float:
		out = append(out, fmt.Sprintf("%s = %g", path, v.Float))
	case types.String:
		out = append(out, fmt.Sprintf("%s = %s", path, quote(v.Str)))
	case types.Structure:
		for i, f := range t.Struct.Fields {
			if f.Const != nil || i >= len(v.Fields) {
				continue
			}
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			out = Dump(out, p, v.Fields[i], f.Type, quote)
		}
	case types.Array:
		for i := range v.Len() {
			out = Dump(out, fmt.Sprintf("%s[%03d]", path, i), v.Index(int64(i)), t.Elem, quote)
		}
	case types.Dictionary:
		for _, k := range v.Keys {
			out = Dump(out, fmt.Sprintf("%s[%q]", path, k), v.Dict[k], t.Elem, quote)
		}
	}
	return out
}
