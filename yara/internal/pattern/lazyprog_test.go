package pattern

import (
	"sync"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// checkProgSize checks progSize against the program compileProg builds.
func checkProgSize(t *testing.T, tree *rxsyntax.Node) {
	t.Helper()
	got := progSize(tree, 0)
	pr, err := compileProg(tree, false)
	switch {
	case err == errProgTooLarge:
		if got >= 0 && got <= MaxProgramInsts {
			t.Errorf("progSize = %d, but the program is too large", got)
		}
	case err != nil:
		if got >= 0 && got <= MaxProgramInsts {
			t.Errorf("progSize = %d, but compileProg fails: %v", got, err)
		}
	case got != len(pr.insts):
		t.Errorf("progSize = %d, want %d", got, len(pr.insts))
	}
}

// TestProgSize checks that progSize counts what compileProg emits, for
// regexes and hex strings of every construct.
func TestProgSize(t *testing.T) {
	regexes := []string{
		`abc`, `a|bc|`, `(ab|c)*d`, `a+?b{2,5}c{3}d{2,}`, `^a\bb\B$`, `[a-z].\.`,
		`(a|(b|c{0,3}))+`, `x{0}`, `a(b|)c`, `a{1000}`, `(a{100}){100}`, `((a{100}){100}){100}`,
	}
	for _, re := range regexes {
		t.Run("regex "+re, func(t *testing.T) {
			tree, err := rxsyntax.Parse(re, 0)
			if err != nil {
				t.Fatal(err)
			}
			checkProgSize(t, tree)
		})
	}
	hexes := []string{
		"4D 5A", "4D ?? [2-4] 5A ~00 4?", "4D ( 5A | 00 [1-2] 01 ) 02", "4D [-] 5A",
		"01 [0-100000] 02", "01 [1000000] 02",
	}
	for _, h := range hexes {
		t.Run("hex "+h, func(t *testing.T) {
			tree, ok := hexTextTree(h)
			if !ok {
				t.Fatalf("hexTextTree(%q) failed", h)
			}
			checkProgSize(t, tree)
		})
	}
}

// TestProgSizeSharedRules checks progSize on every hex string of the
// public rule sets.
func TestProgSizeSharedRules(t *testing.T) {
	for _, root := range testenv.RuleSets(t) {
		for _, d := range loadDefs(t, root) {
			if h, ok := d.Value.(*syntax.HexString); ok {
				if tree, ok := hexTextTree(h.Text); ok {
					checkProgSize(t, tree)
				}
			}
		}
	}
}

// TestLazyProg checks that a hex string's forward program is compiled on
// first use, once, to the program compileProg builds, also when first used
// by several goroutines at once; the lazy program keeps the text, or the
// tree when the text has comments (which hexTextTree leaves to the tokens).
func TestLazyProg(t *testing.T) {
	tests := []struct {
		name, str string
		keepsTree bool
	}{
		{"text", `{ 4D 5A [2-4] 50 45 }`, false},
		{"comment", `{ 4D 5A /* MZ */ [2-4] 50 45 }`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile(mustParse(t, tc.str))
			if err != nil {
				t.Fatal(err)
			}
			f := &p.forms[0]
			if f.lazy == nil || f.hex != nil || (f.lazy.tree != nil) != tc.keepsTree || (f.lazy.text == "") != tc.keepsTree {
				t.Fatalf("forward program compiled eagerly or kept wrongly (lazy %+v, hex %v)", f.lazy, f.hex)
			}
			data := []byte("xxMZ..PExx")
			var wg sync.WaitGroup
			got := make([][]Match, 4)
			for i := range got {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[i] = naiveFind(p, data)
				}()
			}
			wg.Wait()
			for i := range got {
				if len(got[i]) != 1 || got[i][0].Offset != 2 || got[i][0].Length != 6 {
					t.Errorf("goroutine %d: matches %v, want one at 2 of length 6", i, got[i])
				}
			}
			if f.lazy.tree != nil || f.lazy.text != "" {
				t.Error("tree or text kept after compiling")
			}
			if f.hexProg() != f.hexProg() {
				t.Error("program compiled twice")
			}
		})
	}
}

// FuzzProgSize checks progSize against compileProg on arbitrary regexes
// and hex strings.
func FuzzProgSize(f *testing.F) {
	for _, s := range []string{`a(b|c)*d{2,5}`, `((a{10}){10}){10}`, `^\bx$`, "{ 4D [2-4] ( 5A | 00 ) }"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 256 {
			return
		}
		if len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' {
			toks := (&syntax.HexString{Text: s[1 : len(s)-1]}).Tokens()
			if tree, err := hexTree(toks, 0); len(toks) > 0 && err == nil {
				checkProgSize(t, tree)
			}
			return
		}
		if tree, err := rxsyntax.Parse(s, 0); err == nil {
			checkProgSize(t, tree)
		}
	})
}
