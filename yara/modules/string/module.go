package stringmod

import (
	"github.com/overt-sec/overt/yara/modules/object"
)

// Module is the run-time string module.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(*object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	root.SetFunc(Schema, "to_int",
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result { return toInt(a[0].Str, 0) },
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result { return toInt(a[0].Str, a[1].Int) },
	)
	root.SetFunc(Schema, "length", func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		return object.IntResult(int64(len(a[0].Str)))
	})
	return root, nil
}

// toInt converts s as C's strtoll with the given base does (leading white
// space, an optional sign, a 0x or 0 prefix for base 0 or 16), and is
// undefined when the base is invalid, no digit is read, characters follow
// the number, or the value does not fit in 64 bits.
func toInt(s string, base int64) object.Result {
	if base != 0 && (base < 2 || base > 36) {
		return object.Undefined
	}
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	hasHexPrefix := i+1 < len(s) && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') &&
		i+2 < len(s) && digit(s[i+2]) < 16
	switch {
	case (base == 0 || base == 16) && hasHexPrefix:
		base = 16
		i += 2
	case base == 0 && i < len(s) && s[i] == '0':
		base = 8
	case base == 0:
		base = 10
	}
	var mag uint64
	start := i
	for ; i < len(s); i++ {
		d := digit(s[i])
		if d >= base {
			break
		}
		if mag > (1<<63)/uint64(base) {
			return object.Undefined
		}
		mag = mag*uint64(base) + uint64(d)
		if mag > 1<<63 {
			return object.Undefined
		}
	}
	if i == start || i != len(s) {
		return object.Undefined
	}
	if neg {
		return object.IntResult(int64(-mag))
	}
	if mag > 1<<63-1 {
		return object.Undefined
	}
	return object.IntResult(int64(mag))
}

// digit returns the value of c as a base-36 digit, or 99.
func digit(c byte) int64 {
	switch {
	case '0' <= c && c <= '9':
		return int64(c - '0')
	case 'a' <= c && c <= 'z':
		return int64(c-'a') + 10
	case 'A' <= c && c <= 'Z':
		return int64(c-'A') + 10
	}
	return 99
}
