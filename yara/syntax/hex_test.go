package syntax

import (
	"go/token"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// TestHexStringTokens checks that the tokens rebuilt from a hex string's
// text are the elements written, with the positions of their source bytes.
func TestHexStringTokens(t *testing.T) {
	tests := []struct {
		name, hex, want string
	}{
		{"bytes", "{ 4d 5A }", "4D 5A"},
		{"wildcards", "{ 4? ?D ?? }", "4? ?D ??"},
		{"not", "{ 01 ~02 ~ ?3 }", "01 ~02 ~?3"},
		{"jumps", "{ 01 [2] 02 [1-3] 03 [4-] 04 [-] 05 }", "01 [2] 02 [1-3] 03 [4-] 04 [-] 05"},
		{"alternatives", "{ 01 ( 02 | 03 [1-2] 04 | ( 05 | 06 ) ) 07 }", "01 ( 02 | 03 [1-2] 04 | ( 05 | 06 ) ) 07"},
		{"comments", "{ 01 /* 99 [1] */ 02 // ( 03\n 04 }", "01 02 04"},
		{"lines", "{\n\t01 02\r\n\t03\n}", "01 02 03"},
		{"no spaces", "{4D5A??}", "4D 5A ??"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "rule r {\n strings:\n  $a = " + tt.hex + "\n condition: $a }"
			fset := token.NewFileSet()
			f, errs := ParseFile(fset, "t.yar", []byte(src), 0)
			if errs.HasErrors() {
				t.Fatal(errs.Err())
			}
			h := f.Decls[0].(*Rule).Strings[0].Value.(*HexString)
			toks := h.Tokens()
			var parts []string
			for _, tok := range toks {
				parts = append(parts, HexTokenString(tok))
			}
			if got := strings.Join(parts, " "); got != tt.want {
				t.Errorf("tokens %q, want %q", got, tt.want)
			}
			// Every element starts where its text is in the source.
			Inspect(h, func(n Node) bool {
				if n == nil || n == Node(h) {
					return true
				}
				off := fset.Position(n.Pos()).Offset
				var want string
				switch n := n.(type) {
				case *HexByte:
					want = HexTokenString(n)[:1]
				case *HexJump:
					want = "["
				case *HexAlt:
					want = "("
				}
				if got := strings.ToUpper(src[off : off+1]); got != want {
					t.Errorf("%T at offset %d: source has %q, want %q", n, off, got, want)
				}
				if n.End() <= n.Pos() || n.Pos() <= h.Lbrace || n.End() > h.Rbrace {
					t.Errorf("%T: span %d-%d outside the braces %d-%d", n, n.Pos(), n.End(), h.Lbrace, h.Rbrace)
				}
				return true
			})
			// Each call builds a new tree.
			if again := h.Tokens(); len(again) != len(toks) || (len(toks) > 0 && again[0] == toks[0]) {
				t.Error("Tokens returned a shared tree")
			}
		})
	}
}

// TestHexStringTokensByHand checks hex strings built without the parser:
// no positions, and nil for a text that is not a valid hex string.
func TestHexStringTokensByHand(t *testing.T) {
	tests := []struct {
		text string
		want string // "" for nil tokens
	}{
		{"01 ~?2", "01 ~?2"},
		{"", ""},
		{"01 [", ""},
		{"[1] 01", ""},
		{"01 }", ""},
		{"( 01", ""},
		{"0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			toks := (&HexString{Text: tt.text}).Tokens()
			var parts []string
			for _, tok := range toks {
				parts = append(parts, HexTokenString(tok))
				if tok.Pos().IsValid() {
					t.Errorf("%T has position %d without a file", tok, tok.Pos())
				}
			}
			if got := strings.Join(parts, " "); got != tt.want {
				t.Errorf("tokens %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzHexStringTokens checks that Tokens never panics on any text, and
// that a text accepted inside a rule always yields tokens.
func FuzzHexStringTokens(f *testing.F) {
	for _, s := range []string{"4D 5A", "01 ~?2 [1-] 03", "( 01 | 02 [2] 03 )", "01 /* x */ 02", "~", "[9999999999]", "((((", "01 // c\n 02"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_ = (&HexString{Text: text}).Tokens()
		src := "rule r { strings: $a = {" + text + "} condition: $a }"
		file, errs := ParseFile(token.NewFileSet(), "f.yar", []byte(src), 0)
		if errs.HasErrors() || len(file.Decls) != 1 {
			return
		}
		r, ok := file.Decls[0].(*Rule)
		if !ok || len(r.Strings) != 1 {
			return
		}
		if h, ok := r.Strings[0].Value.(*HexString); ok && len(h.Tokens()) == 0 {
			t.Fatalf("valid hex string %q has no tokens", h.Text)
		}
	})
}

// BenchmarkHexTokens builds the token trees of every hex string of the
// reversinglabs rule set (large hex strings): what the string compiler
// pays per compile since the AST keeps hex strings as text.
func BenchmarkHexTokens(b *testing.B) {
	root := testenv.RuleSet(b, "reversinglabs")
	prog, errs := Load(token.NewFileSet(), root, LoadOptions{})
	if errs.HasErrors() {
		b.Fatal(errs.Err())
	}
	var hexes []*HexString
	var size int64
	for _, r := range prog.Rules() {
		for _, d := range r.Strings {
			if h, ok := d.Value.(*HexString); ok {
				hexes = append(hexes, h)
				size += int64(len(h.Text))
			}
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, h := range hexes {
			if h.Tokens() == nil {
				b.Fatal("no tokens")
			}
		}
	}
}
