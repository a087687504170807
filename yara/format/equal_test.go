package format

import (
	"go/token"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
)

// TestSameTree checks the comparison Source uses to verify its output: it
// ignores layout, positions and comments but sees every other difference.
func TestSameTree(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"identical", "rule a { condition: true }", "rule a { condition: true }", true},
		{"layout and comments", "rule a { condition: true }", "rule a\n{\n// c\n  condition:\n    /* d */ true\n}\n", true},
		{"negative meta spacing", "rule a { meta: n = - 5 condition: true }", "rule a { meta: n = -5 condition: true }", true},
		{"rule name", "rule a { condition: true }", "rule b { condition: true }", false},
		{"bool value", "rule a { condition: true }", "rule a { condition: false }", false},
		{"integer spelling", "rule a { condition: 16 == 1 }", "rule a { condition: 0x10 == 1 }", false},
		{"parentheses", "rule a { condition: true and true }", "rule a { condition: (true and true) }", false},
		{"operator", "rule a { condition: 1 < 2 }", "rule a { condition: 1 <= 2 }", false},
		{"modifier order", "rule a { strings: $a = \"x\" wide ascii condition: $a }", "rule a { strings: $a = \"x\" ascii wide condition: $a }", false},
		{"hex byte", "rule a { strings: $a = { 01 } condition: $a }", "rule a { strings: $a = { 02 } condition: $a }", false},
		{"hex mask", "rule a { strings: $a = { 0? } condition: $a }", "rule a { strings: $a = { 00 } condition: $a }", false},
		{"text escape", `rule a { strings: $a = "\x41" condition: $a }`, `rule a { strings: $a = "A" condition: $a }`, false},
		{"global flag", "global rule a { condition: true }", "rule a { condition: true }", false},
		{"extra rule", "rule a { condition: true }", "rule a { condition: true } rule b { condition: true }", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fa := mustParse(t, tt.a)
			fb := mustParse(t, tt.b)
			if got := sameTree(fa, fb); got != tt.want {
				t.Errorf("sameTree(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func mustParse(t *testing.T, src string) *syntax.File {
	t.Helper()
	f, diags := syntax.ParseFile(token.NewFileSet(), "x.yar", []byte(src), syntax.ParseComments)
	if diags.HasErrors() {
		t.Fatalf("%q: %v", src, diags.Errors())
	}
	return f
}
