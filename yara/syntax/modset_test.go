package syntax

import (
	"go/token"
	"reflect"
	"strings"
	"testing"
)

func TestModifierSet(t *testing.T) {
	tests := []struct {
		name, def string
		want      ModifierSet
		err       string // substring of the error, "" for none
	}{
		{"default", `"ab"`, ModifierSet{}, ""},
		{"ascii wide nocase fullword private", `"ab" ascii wide nocase fullword private`,
			ModifierSet{Nocase: true, Wide: true, ASCII: true, Fullword: true, Private: true}, ""},
		{"xor without range", `"ab" xor`, ModifierSet{Xor: true, XorMax: 255}, ""},
		{"xor range", `"ab" xor(1-3)`, ModifierSet{Xor: true, XorMin: 1, XorMax: 3}, ""},
		{"base64 alphabet", `"abc" base64("` + strings.Repeat("A", 64) + `")`,
			ModifierSet{Base64: true, Alphabet: []byte(strings.Repeat("A", 64))}, ""},
		{"xor nocase", `"ab" xor nocase`, ModifierSet{}, "xor nocase"},
		{"base64 fullword", `"abc" base64 fullword`, ModifierSet{}, "base64 fullword"},
		{"hex nocase", `{ 01 02 } private`, ModifierSet{Private: true}, ""},
		{"base64 nocase", `"abc" base64 nocase`, ModifierSet{}, "base64 nocase"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "rule r { strings: $a = " + tt.def + " condition: $a }"
			f, diags := ParseFile(token.NewFileSet(), "t.yar", []byte(src), 0)
			var def *StringDef
			if len(f.Decls) == 1 {
				if r, ok := f.Decls[0].(*Rule); ok && len(r.Strings) == 1 {
					def = r.Strings[0]
				}
			}
			if def == nil {
				if tt.err == "" {
					t.Fatalf("parse: %v", diags)
				}
				return // the parser already rejects it, with a position
			}
			got, err := def.ModifierSet()
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got.Alphabet) != string(tt.want.Alphabet) {
				t.Fatalf("alphabet %q, want %q", got.Alphabet, tt.want.Alphabet)
			}
			got.Alphabet, tt.want.Alphabet = nil, nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
