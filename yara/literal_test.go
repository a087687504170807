package yara

import (
	"go/token"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
)

// TestLiteralString checks which strings yara 4.2.3 searches at their fixed
// offset alone (each case was checked with `yara -s` on a rule
// `$a at 0 or true` over data holding a match at another offset).
func TestLiteralString(t *testing.T) {
	tests := []struct {
		str  string
		want bool
	}{
		{`"JFIF"`, true},
		{`"jfif" nocase`, true},
		{`"JFIF" wide ascii`, true},
		{`"JFIF" xor(0-1)`, true},
		{`"JFIF" base64`, true},
		{`"JFIF" fullword private`, true},
		{`{ 4A 46 49 46 }`, true},
		{`{ 4A }`, true},
		{`{ 4A 46 ?? 46 }`, false},
		{`{ 4A 46 49 4? }`, false},
		{`{ 4A 46 ~49 46 }`, false},
		{`{ 4A [1] 49 46 }`, false},
		{`{ 4A 46 (49 | 48) 46 }`, false},
		{"{ 4A 46 /* ?? */ 49 46 }", true},
		{"{ 4A 46 // [1]\n 49 46 }", true},
		{"{ 4A /* x */ ?? 49 46 }", false},
		{"{ 4A\n\t46 }", true},
		{`/JFIF/`, true},
		{`/J/`, true},
		{`/JFI\x46/`, true},
		{`/JFIF/is wide`, true},
		{`/JFIF/ nocase`, true},
		{`/(JFIF)/`, false},
		{`/JF(IF)/`, false},
		{`/JFIF{1}/`, false},
		{`/J[F]IF/`, false},
		{`/JF.F/`, false},
		{`/JFIF|X/`, false},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			src := "rule r { strings: $a = " + tt.str + " condition: $a at 0 or true }"
			prog, errs := syntax.LoadSource(token.NewFileSet(), "t.yar", []byte(src), syntax.LoadOptions{})
			if errs.HasErrors() {
				t.Fatalf("parse %s: %v", src, errs.Err())
			}
			d := prog.Rules()[0].Strings[0]
			if got := literalString(d); got != tt.want {
				t.Errorf("literalString(%s) = %v, want %v", tt.str, got, tt.want)
			}
		})
	}
}
