package console

import (
	"strconv"
	"strings"

	"github.com/overt-sec/overt/yara/modules/object"
)

// Module is the run-time console module. Every function writes one line
// (without its newline) through Env.Log and returns 1, as yara 4.2.3 does:
// logged strings have bytes outside printable ASCII written as \xHH, the
// message of the two-argument forms is written as is up to its first NUL
// byte (see Message), integers are decimal, floats use C's "%f", hex values are "0x" and lower-case hex of
// the 64-bit two's complement.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(*object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	// Overloads in schema order: (s), (s, s), (i), (s, i), (f), (s, f).
	root.SetFunc(Schema, "log",
		logf(func(a []object.Arg) string { return Escape(a[0].Str) }),
		logf(func(a []object.Arg) string { return Message(a[0].Str) + Escape(a[1].Str) }),
		logf(func(a []object.Arg) string { return strconv.FormatInt(a[0].Int, 10) }),
		logf(func(a []object.Arg) string { return Message(a[0].Str) + strconv.FormatInt(a[1].Int, 10) }),
		logf(func(a []object.Arg) string { return FormatFloat(a[0].Float) }),
		logf(func(a []object.Arg) string { return Message(a[0].Str) + FormatFloat(a[1].Float) }),
	)
	root.SetFunc(Schema, "hex",
		logf(func(a []object.Arg) string { return hex(a[0].Int) }),
		logf(func(a []object.Arg) string { return Message(a[0].Str) + hex(a[1].Int) }),
	)
	return root, nil
}

func logf(format func([]object.Arg) string) object.Func {
	return func(env *object.Env, _ *object.Value, a []object.Arg) object.Result {
		env.Print(format(a))
		return object.IntResult(1)
	}
}

func hex(i int64) string { return "0x" + strconv.FormatUint(uint64(i), 16) }

// FormatFloat formats f as C's printf("%f") does.
func FormatFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', 6, 64)
	switch s {
	case "+Inf":
		return "inf"
	case "-Inf":
		return "-inf"
	case "NaN":
		return "nan"
	}
	return s
}

// Escape returns s with every byte outside printable ASCII written as
// \xHH (lower-case hex), as yara's console module prints strings.
func Escape(s string) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b = append(b, c)
			continue
		}
		b = append(b, '\\', 'x', digits[c>>4], digits[c&15])
	}
	return string(b)
}

// Message returns the message argument of the two-argument forms
// (log(message, value), hex(message, value)) as yara prints it: a C string,
// so it ends at its first NUL byte, and its bytes are written as they are,
// unescaped (yara 4.2.3: console.log("a\x01: ", 1) prints "a", byte 0x01,
// ": 1").
func Message(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}
