package syntax

import (
	"go/token"
	"strings"
	"testing"
	"time"
)

// TestHostileInputs feeds pathological inputs and checks that parsing
// ends quickly with the expected diagnostic instead of blowing the stack.
func TestHostileInputs(t *testing.T) {
	const n = 100000
	tests := []struct {
		name string
		src  string
		code string
	}{
		{"deep parens", "rule a { condition: " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + " }", string(CodeTooDeep)},
		{"deep unary", "rule a { condition: " + strings.Repeat("- ", n) + "1 }", string(CodeTooDeep)},
		{"deep not", "rule a { condition: " + strings.Repeat("not ", n) + "true }", string(CodeTooDeep)},
		{"deep hex", "rule a { strings: $a = { 01 " + strings.Repeat("( ", n) + "02 }" + " condition: $a }", string(CodeTooDeep)},
		{"deep for", "rule a { condition: " + strings.Repeat("for any i in (1..2) : ( ", n) + "true }", string(CodeTooDeep)},
		{"long chain", "rule a { condition: 1" + strings.Repeat(" + 1", n) + " == 0 }", ""},
		{"long and", "rule a { condition: true" + strings.Repeat(" and true", n) + " }", ""},
		{"many errors", strings.Repeat("} ", n), string(CodeSyntax)},
		{"many rules", strings.Repeat("rule a { condition: true }\n", n/10), ""},
		{"huge jump", "rule a { strings: $a = { 01 [" + strings.Repeat("9", 1000) + "] 02 } condition: $a }", string(CodeHexJump)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			f, errs := ParseFile(token.NewFileSet(), "h.yar", []byte(tt.src), 0)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if len(errs) > MaxErrorsPerFile+1 {
				t.Errorf("%d diagnostics, limit %d", len(errs), MaxErrorsPerFile)
			}
			if tt.code == "" {
				if len(errs) > 0 {
					t.Fatalf("unexpected errors: %v", errs[0])
				}
				if len(f.Decls) == 0 {
					t.Fatal("no declarations")
				}
				return
			}
			if len(errs) == 0 || string(errs[0].Code) != tt.code {
				t.Fatalf("got %v, want code %s", errs, tt.code)
			}
		})
	}
}
