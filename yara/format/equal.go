package format

import (
	"go/token"
	"reflect"

	"github.com/overt-sec/overt/yara/syntax"
)

var (
	posType     = reflect.TypeFor[token.Pos]()
	commentType = reflect.TypeFor[[]*syntax.Comment]()
	intLitType  = reflect.TypeFor[*syntax.IntLit]()
	hexType     = reflect.TypeFor[*syntax.HexString]()
)

// sameTree reports whether a and b are the same syntax tree, ignoring
// positions and comments (and the blanks inside a negative meta integer,
// which the printer drops; hex strings compare by their elements, not their
// text). It walks the trees generically with reflection,
// so it stays right when node types gain fields, and unlike comparing two
// syntax.Dump texts it costs time and memory linear in the tree size.
func sameTree(a, b *syntax.File) bool {
	return sameValue(reflect.ValueOf(a), reflect.ValueOf(b))
}

func sameValue(a, b reflect.Value) bool {
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Type() == intLitType && a.CanInterface() {
			x, y := a.Interface().(*syntax.IntLit), b.Interface().(*syntax.IntLit)
			return x.Value == y.Value && intText(x.Raw) == intText(y.Raw)
		}
		if a.Type() == hexType && a.CanInterface() {
			// A hex string keeps its text (spacing, case, comments):
			// compare the elements it stands for.
			x, y := a.Interface().(*syntax.HexString), b.Interface().(*syntax.HexString)
			return sameValue(reflect.ValueOf(x.Tokens()), reflect.ValueOf(y.Tokens()))
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			t := a.Type().Field(i).Type
			if t == posType || t == commentType {
				continue
			}
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		if a.Type().Elem().Kind() == reflect.Uint8 {
			return string(a.Bytes()) == string(b.Bytes())
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || x != x && y != y
	}
	// Maps, channels, functions: not part of a syntax tree.
	return false
}
