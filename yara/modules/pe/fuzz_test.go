package pe

import (
	"os"
	"testing"

	"github.com/overt-sec/overt/yara/modules/object"
)

// FuzzPE loads arbitrary data and calls every function of the module:
// nothing may panic, and the work must stay bounded.
func FuzzPE(f *testing.F) {
	for _, data := range testImages() {
		f.Add(data)
	}
	for _, p := range []string{"/usr/share/clamav-testfiles/clam.exe", "/usr/share/clamav-testfiles/clam-upack.exe"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Module.Load(&object.LoadInput{Data: data})
		if err != nil || v == nil {
			t.Fatalf("load: %v", err)
		}
		env := &object.Env{Data: data}
		args := []object.Arg{{Int: 1, Str: "kernel32.dll"}, {Int: 3, Str: "ExitProcess"}, {Int: 5, Str: "x"}}
		callAll(env, v, args)
		if rs := v.Field(object.FieldIndex(Schema, "rich_signature")); rs != nil {
			callAll(env, rs, args)
		}
	})
}

// callAll calls every overload of every function field of v.
func callAll(env *object.Env, v *object.Value, args []object.Arg) {
	for _, fv := range v.Fields {
		if fv == nil || fv.Funcs == nil {
			continue
		}
		for _, fn := range fv.Funcs {
			if fn != nil {
				fn(env, v, args)
			}
		}
	}
}
