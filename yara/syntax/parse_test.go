package syntax

import (
	"bytes"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
)

// TestParseGolden parses testdata/parse/*.yar and compares Dump with the
// *.ast golden files.
func TestParseGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/parse/*.yar")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fset := token.NewFileSet()
			f, errs := ParseFile(fset, filepath.Base(path), src, ParseComments)
			if len(errs) > 0 {
				t.Fatalf("unexpected diagnostics:\n%v", errs)
			}
			var buf bytes.Buffer
			if err := Dump(&buf, f); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, strings.TrimSuffix(path, ".yar")+".ast", buf.Bytes())
			checkPositions(t, fset, f, src)
		})
	}
}

// checkPositions verifies that every node's Pos/End span stays inside the
// file and that leaf nodes' spans hold their own text.
func checkPositions(t *testing.T, fset *token.FileSet, f *File, src []byte) {
	t.Helper()
	tf := fset.File(f.Pos())
	Inspect(f, func(n Node) bool {
		if n == nil {
			return false
		}
		pos, end := n.Pos(), n.End()
		if !pos.IsValid() || !end.IsValid() || end < pos {
			t.Errorf("%T: invalid span %v..%v", n, pos, end)
			return true
		}
		text := string(src[tf.Offset(pos):tf.Offset(end)])
		switch x := n.(type) {
		case *Ident:
			if text != x.Name {
				t.Errorf("Ident span %q, want %q", text, x.Name)
			}
		case *IntLit:
			if text != x.Raw {
				t.Errorf("IntLit span %q, want %q", text, x.Raw)
			}
		case *StringLit:
			if text != x.Raw {
				t.Errorf("StringLit span %q, want %q", text, x.Raw)
			}
		case *RegexLit:
			if text != x.Raw {
				t.Errorf("RegexLit span %q, want %q", text, x.Raw)
			}
		case *HexString:
			if text[0] != '{' || text[len(text)-1] != '}' {
				t.Errorf("HexString span %q", text)
			}
		case *Rule:
			if !strings.HasSuffix(text, "}") {
				t.Errorf("Rule span does not end with }: %q", text)
			}
		}
		return true
	})
}

var errorRx = regexp.MustCompile(`// ERROR ("(?:[^"\\]|\\.)*")`)

// TestErrors parses testdata/errors/*.yar; each line holding
// `// ERROR "substring"` must get an error containing the substring, and
// every error must sit on a line that expects one.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob("testdata/errors/*.yar")
	if len(files) == 0 {
		t.Fatal("no error inputs")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := map[int][]string{}
			for i, line := range strings.Split(string(src), "\n") {
				for _, m := range errorRx.FindAllStringSubmatch(line, -1) {
					s, err := strconv.Unquote(m[1])
					if err != nil {
						t.Fatalf("line %d: bad ERROR comment %s", i+1, m[1])
					}
					want[i+1] = append(want[i+1], s)
				}
			}
			fset := token.NewFileSet()
			f, errs := ParseFile(fset, path, src, 0)
			got := map[int][]string{}
			for _, e := range errs.Errors() {
				got[e.Pos.Line] = append(got[e.Pos.Line], e.Message)
				if len(want[e.Pos.Line]) == 0 {
					t.Errorf("%v: unexpected error", e)
				}
			}
			for line, subs := range want {
				for _, sub := range subs {
					found := false
					for _, msg := range got[line] {
						if strings.Contains(msg, sub) {
							found = true
						}
					}
					if !found {
						t.Errorf("%s:%d: missing error %q; got %q", path, line, sub, got[line])
					}
				}
			}
			// Recovery: rules whose name starts with "after" or "still" must survive.
			for _, d := range f.Decls {
				if r, ok := d.(*Rule); ok && r.Condition == nil {
					t.Errorf("rule %s kept without a condition", r.Name.Name)
				}
			}
		})
	}
}

func TestDumpPositions(t *testing.T) {
	src := "rule a : t {\n  strings:\n    $x = \"ab\" wide\n  condition:\n    $x and 1 + 2 == 3\n}\n"
	fset := token.NewFileSet()
	f, errs := ParseFile(fset, "p.yar", []byte(src), 0)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var buf bytes.Buffer
	if err := DumpPositions(&buf, fset, f); err != nil {
		t.Fatal(err)
	}
	want := `file "p.yar" @1:1
  rule a tags(t) @1:1
    string $x = "ab" wide @3:5
    condition @4:3
      binary and @5:5
        ref $x @5:5
        binary == @5:12
          binary + @5:12
            int 1 @5:12
            int 2 @5:16
          int 3 @5:21
`
	if got := buf.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestNodeSpans(t *testing.T) {
	tests := []struct {
		name, src, want string
		pick            func(f *File) Node
	}{
		{"rule with modifiers", "private global rule r { condition: true }", "private global rule r { condition: true }", func(f *File) Node { return f.Decls[0] }},
		{"string def", `rule r { strings: $a = "x" xor(1-2) base64 condition: $a }`, `$a = "x" xor(1-2) base64`, func(f *File) Node { return f.Decls[0].(*Rule).Strings[0] }},
		{"hex", `rule r { strings: $a = { 01 [2-3] ( 04 | 05 ) } condition: $a }`, `{ 01 [2-3] ( 04 | 05 ) }`, func(f *File) Node { return f.Decls[0].(*Rule).Strings[0].Value }},
		{"negative meta", "rule r { meta: a = - 0x10 condition: true }", "a = - 0x10", func(f *File) Node { return f.Decls[0].(*Rule).Meta[0] }},
		{"of in", "rule r { strings: $a = \"x\" condition: 50% of ($a*) in (0..10) }", "50% of ($a*) in (0..10)", func(f *File) Node { return f.Decls[0].(*Rule).Condition }},
		{"for in", "rule r { condition: for any i in (1, 2) : ( i == 1 ) }", "for any i in (1, 2) : ( i == 1 )", func(f *File) Node { return f.Decls[0].(*Rule).Condition }},
		{"call", "rule r { condition: uint16be(0) }", "uint16be(0)", func(f *File) Node { return f.Decls[0].(*Rule).Condition }},
		{"offset index", "rule r { strings: $a = \"x\" condition: @a[1] }", "@a[1]", func(f *File) Node { return f.Decls[0].(*Rule).Condition }},
		{"none of them", "rule r { strings: $a = \"x\" condition: none of them }", "none of them", func(f *File) Node { return f.Decls[0].(*Rule).Condition }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, errs := ParseFile(fset, "s.yar", []byte(tt.src), 0)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			n := tt.pick(f)
			tf := fset.File(n.Pos())
			if got := tt.src[tf.Offset(n.Pos()):tf.Offset(n.End())]; got != tt.want {
				t.Errorf("span %q, want %q", got, tt.want)
			}
		})
	}
}

func TestComments(t *testing.T) {
	src := "// one\nrule r { /* two */ strings: $a = { 01 // three\n 02 /* four */ } condition: $a } // five"
	for _, mode := range []Mode{0, ParseComments} {
		f, errs := ParseFile(token.NewFileSet(), "c.yar", []byte(src), mode)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		var texts []string
		for _, c := range f.Comments {
			texts = append(texts, c.Text)
			if got := src[c.Pos()-f.Pos() : c.End()-f.Pos()]; got != c.Text {
				t.Errorf("comment span %q, text %q", got, c.Text)
			}
		}
		got := strings.Join(texts, "|")
		want := ""
		if mode == ParseComments {
			want = "// one|/* two */|// three|/* four */|// five"
		}
		if got != want {
			t.Errorf("mode %d: comments %q, want %q", mode, got, want)
		}
	}
}
