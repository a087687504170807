package dex

import (
	"testing"

	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/regex"
)

// FuzzDex loads arbitrary data and calls every function of the module:
// nothing may panic, and the work must stay bounded.
func FuzzDex(f *testing.F) {
	for _, data := range testFiles() {
		f.Add(data)
	}
	for _, data := range Mutants(8) {
		f.Add(data)
	}
	re, err := regex.Compile("o", 0)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Module.Load(&object.LoadInput{Data: data})
		if err != nil || v == nil {
			t.Fatalf("load: %v", err)
		}
		args := []object.Arg{{Str: "LFoo;", Re: re}, {Str: "bar", Re: re}}
		for _, fv := range v.Fields {
			if fv == nil || fv.Funcs == nil {
				continue
			}
			for _, fn := range fv.Funcs {
				fn(&object.Env{Data: data}, v, args)
			}
		}
	})
}
