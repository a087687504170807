package pattern

import (
	"fmt"
	"strings"
	"testing"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// treeString renders a syntax tree with every field hexTree sets, so that
// two trees render alike iff they are equal.
func treeString(n *rxsyntax.Node) string {
	var sb strings.Builder
	var rec func(n *rxsyntax.Node)
	rec = func(n *rxsyntax.Node) {
		fmt.Fprintf(&sb, "(%d %d %d %v %x %q %v", n.Op, n.Min, n.Max, n.Greedy, n.Class, n.Lit, n.Fold)
		for _, s := range n.Subs {
			rec(s)
		}
		sb.WriteByte(')')
	}
	rec(n)
	return sb.String()
}

// slowHexTree returns the tree of a hex text built from its tokens, and
// whether the text is valid.
func slowHexTree(text string) (*rxsyntax.Node, bool) {
	toks := (&syntax.HexString{Text: text}).Tokens()
	if len(toks) == 0 {
		return nil, false
	}
	t, err := hexTree(toks, 0)
	return t, err == nil
}

// checkHexTextTree checks hexTextTree against the tokens' tree for text.
func checkHexTextTree(t *testing.T, text string) (fast bool) {
	t.Helper()
	got, ok := hexTextTree(text)
	want, wok := slowHexTree(text)
	switch {
	case ok && !wok:
		t.Fatalf("hexTextTree(%q) accepts a text the parser rejects", text)
	case ok && treeString(got) != treeString(want):
		t.Fatalf("hexTextTree(%q):\n got %s\nwant %s", text, treeString(got), treeString(want))
	case !ok && wok && !strings.Contains(text, "/"):
		// Only comments are left to the tokens.
		t.Fatalf("hexTextTree(%q) rejects a valid text without comments", text)
	}
	return ok
}

// TestHexTextTree checks the direct conversion of hex texts against the
// tree built from their tokens, for valid and invalid texts.
func TestHexTextTree(t *testing.T) {
	tests := []struct {
		name, text string
		fast       bool
	}{
		{"bytes", " 4D 5A 90 00 ", true},
		{"adjacent", "4D5A\t90\r\n00", true},
		{"wildcards", "4D ?? 5? ?A", true},
		{"not", "4D ~00 ~ 4? ~?A", true},
		{"jumps", "4D [1] 5A [2-4] 00 [-] 01 [3-] 02 [ 0 - 7 ] 03", true},
		{"alternatives", "4D ( 5A | 00 [1-2] 01 | ( 02 | 03 ) ) 04", true},
		{"comment", "4D // x\n 5A", false},
		{"block comment", "4D /* x */ 5A", false},
		{"empty", "", false},
		{"blank", "  ", false},
		{"odd digits", "4D 5", false},
		{"split byte", "4 D", false},
		{"not wildcard", "4D ~??", false},
		{"leading jump", "[1] 4D", false},
		{"trailing jump", "4D [1]", false},
		{"zero jump", "4D [0] 5A", false},
		{"empty jump", "4D [] 5A", false},
		{"reversed jump", "4D [3-2] 5A", false},
		{"huge jump", "4D [2147483648] 5A", false},
		{"max jump", "4D [2147483647] 5A", true},
		{"letter in jump", "4D [1a] 5A", false},
		{"unbounded in alternative", "4D ( 5A [-] 00 | 01 ) 02", false},
		{"empty alternative", "4D ( | 01 ) 02", false},
		{"unclosed alternative", "4D ( 5A | 01 02", false},
		{"stray bar", "4D | 01", false},
		{"stray paren", "4D ) 01", false},
		{"brace", "4D } 01", false},
		{"other", "4D 5G", false},
		{"nul", "4D\x00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkHexTextTree(t, tt.text); got != tt.fast {
				t.Errorf("hexTextTree(%q) ok = %v, want %v", tt.text, got, tt.fast)
			}
		})
	}
	t.Run("deep", func(t *testing.T) {
		for _, d := range []int{syntax.MaxNestingDepth - 1, syntax.MaxNestingDepth, syntax.MaxNestingDepth + 1} {
			text := "01 " + strings.Repeat("( 02 ", d) + strings.Repeat(") ", d)
			checkHexTextTree(t, text)
		}
	})
}

// FuzzHexTextTree checks hexTextTree against the tree of the tokens of
// arbitrary texts.
func FuzzHexTextTree(f *testing.F) {
	for _, s := range []string{
		"4D 5A", "4D ?? 5? ?A ~00 ~4?", "4D [1] 5A [2-4] 00 [-] 01 [3-] 02",
		"4D ( 5A | 00 [1-2] 01 | ( 02 | 03 ) ) 04", "4D // c\n 5A", "4D /* c */ 5A",
		"4D [0] 5A", "[1] 4D", "4D ( 5A [-] 00 | 01 ) 02", "4D [ 1 - ] 5A", "4D5A6",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4096 {
			return
		}
		checkHexTextTree(t, text)
	})
}
