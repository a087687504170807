package format

import (
	"bytes"
	"errors"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
	"github.com/overt-sec/overt/yara/diag"
	"github.com/overt-sec/overt/yara/syntax"
)

// TestGolden formats each testdata/*.input and compares the result with
// the .golden file next to it (go test -update rewrites them). Every input
// must also keep its tree and comments and format idempotently, and every
// golden file must be a fixed point of the formatter.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.input")
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no testdata/*.input files")
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got := checkFormat(t, in, src)
			goldenPath := strings.TrimSuffix(in, ".input") + ".golden"
			golden.Check(t, goldenPath, got)
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatal(err)
			}
			fixed, err := Source(goldenPath, want)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(fixed, want) {
				t.Errorf("%s is not a fixed point of the formatter:\n%s", goldenPath, fixed)
			}
		})
	}
}

// TestLayout checks the exact output for small inputs, one rule of the
// layout per case.
func TestLayout(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", ""},
		{"only white space", " \n\t\n", ""},
		{"only a comment", "\n\n// c\n\n", "// c\n"},
		{"one-line rule", "rule a{condition:true}", "rule a\n{\n    condition:\n        true\n}\n"},
		{"modifiers order", "global private rule a {condition:true}", "global private rule a\n{\n    condition:\n        true\n}\n"},
		{"private before global", "private global rule a {condition:true}", "global private rule a\n{\n    condition:\n        true\n}\n"},
		{"tags", "rule a:x  y{condition:true}", "rule a : x y\n{\n    condition:\n        true\n}\n"},
		{"blank line between rules", "rule a {condition:true}\nrule b {condition:a}",
			"rule a\n{\n    condition:\n        true\n}\n\nrule b\n{\n    condition:\n        a\n}\n"},
		{"many blank lines between rules", "rule a {condition:true}\n\n\n\nrule b {condition:a}",
			"rule a\n{\n    condition:\n        true\n}\n\nrule b\n{\n    condition:\n        a\n}\n"},
		{"imports keep one blank line", "import \"pe\"\n\n\n\nimport \"elf\"\nimport \"math\"",
			"import \"pe\"\n\nimport \"elf\"\nimport \"math\"\n"},
		{"hex upper case and spacing", "rule a{strings:$h={4d5a??[2-4](01|02)}condition:$h}",
			"rule a\n{\n    strings:\n        $h = { 4D 5A ?? [2-4] ( 01 | 02 ) }\n    condition:\n        $h\n}\n"},
		{"hex jumps", "rule a{strings:$h={01[1-1]02[ 0 - ]03[-]04[3-]05}condition:$h}",
			"rule a\n{\n    strings:\n        $h = { 01 [1] 02 [-] 03 [-] 04 [3-] 05 }\n    condition:\n        $h\n}\n"},
		{"hex nibbles and not", "rule a{strings:$h={a? ?b ~cc ~?d}condition:$h}",
			"rule a\n{\n    strings:\n        $h = { A? ?B ~CC ~?D }\n    condition:\n        $h\n}\n"},
		{"text and regex verbatim", `rule a{strings:$t="\x41\"\\" $r=/a\/b\d/is condition:$t or $r}`,
			"rule a\n{\n    strings:\n        $t = \"\\x41\\\"\\\\\"\n        $r = /a\\/b\\d/is\n    condition:\n        $t or $r\n}\n"},
		{"integers as written", "rule a{condition:filesize<2KB and 0x10==0o20 and 1MB>0}",
			"rule a\n{\n    condition:\n        filesize < 2KB and 0x10 == 0o20 and 1MB > 0\n}\n"},
		{"negative meta", "rule a{meta:n= - 5 condition:true}",
			"rule a\n{\n    meta:\n        n = -5\n    condition:\n        true\n}\n"},
		{"negative meta with comment", "rule a{meta:n= - /* c */ 5 condition:true}",
			"rule a\n{\n    meta:\n        n = -5 /* c */\n    condition:\n        true\n}\n"},
		{"parentheses kept", "rule a{condition:((1+2)*3)==9 and (true)}",
			"rule a\n{\n    condition:\n        ((1 + 2) * 3) == 9 and (true)\n}\n"},
		{"operator moves to line end", "rule a{condition:true\n    and\n false\n or true}",
			"rule a\n{\n    condition:\n        true and\n        false or\n        true\n}\n"},
		{"lines joined except at and/or", "rule a{condition:uint16(\n0\n)\n==\n0x5A4D}",
			"rule a\n{\n    condition:\n        uint16(0) == 0x5A4D\n}\n"},
		{"break inside parentheses", "rule a{condition:(\ntrue and\nfalse\n)}",
			"rule a\n{\n    condition:\n        (\n            true and\n            false\n        )\n}\n"},
		{"loop body", "rule a{condition:for any i in (1..2):(\ni==1)}",
			"rule a\n{\n    condition:\n        for any i in (1..2) : (\n            i == 1)\n}\n"},
		{"unary operators", "rule a{condition:not true and - 1 < ~ 2 and not defined x}",
			"rule a\n{\n    condition:\n        not true and -1 < ~2 and not defined x\n}\n"},
		{"of expressions", "rule a{strings:$a=\"a\" condition:2 of($a*)in(0..10) and 50%of them and any of (a,b*)}",
			"rule a\n{\n    strings:\n        $a = \"a\"\n    condition:\n        2 of ($a*) in (0..10) and 50% of them and any of (a, b*)\n}\n"},
		{"trailing comment", "rule a{condition:true // t\n}", "rule a\n{\n    condition:\n        true // t\n}\n"},
		{"leading comment keeps its line", "rule a{condition:true and\n/* c */ false}",
			"rule a\n{\n    condition:\n        true and\n        /* c */ false\n}\n"},
		{"comment before moved operator", "rule a{condition:true // c\n and false}",
			"rule a\n{\n    condition:\n        true and // c\n        false\n}\n"},
		{"blank lines between strings kept", "rule a{strings:$a=\"a\"\n\n\n$b=\"b\"\ncondition:all of them}",
			"rule a\n{\n    strings:\n        $a = \"a\"\n\n        $b = \"b\"\n    condition:\n        all of them\n}\n"},
		{"unterminated comment at end", "rule a{condition:true}\n/* open\n", "rule a\n{\n    condition:\n        true\n}\n/* open\n"},
		{"crlf", "rule a\r\n{\r\n condition: // c\r\n  true\r\n}\r\n", "rule a\n{\n    condition: // c\n        true\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkFormat(t, tt.name, []byte(tt.in))
			if string(got) != tt.want {
				t.Errorf("Source(%q)\ngot:\n%s\nwant:\n%s", tt.in, got, tt.want)
			}
		})
	}
}

// TestSyntaxErrorsRefused checks that input with syntax errors gives the
// parse errors, as a diag.List with positions, and no output.
func TestSyntaxErrorsRefused(t *testing.T) {
	tests := []struct {
		name, in, wantMsg string
	}{
		{"missing condition", "rule a { }", "expected"},
		{"bad hex", "rule a { strings: $a = { 4 } condition: $a }", "x.yar:1:"},
		{"unterminated string", "rule a { strings: $a = \"abc condition: $a }", "x.yar:1:"},
		{"second rule broken", "rule a { condition: true }\nrule b { condition: and }", "x.yar:2:"},
		{"garbage", "}}}", "x.yar:1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Source("x.yar", []byte(tt.in))
			if err == nil {
				t.Fatalf("Source(%q) = %q, want an error", tt.in, out)
			}
			if out != nil {
				t.Errorf("Source(%q) returned output %q with the error", tt.in, out)
			}
			var list diag.List
			if !errors.As(err, &list) || !list.HasErrors() {
				t.Fatalf("error %v (%T) is not a diag.List of errors", err, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

// TestNodeBadTree checks that Node refuses trees it cannot print faithfully.
func TestNodeBadTree(t *testing.T) {
	fset := token.NewFileSet()
	tf := fset.AddFile("bad.yar", -1, 100)
	pos := tf.Pos(0)
	rule := func(cond syntax.Expr) *syntax.File {
		return &syntax.File{Name: "bad.yar", Start: pos, EOF: tf.Pos(100), Decls: []syntax.Decl{
			&syntax.Rule{RulePos: pos, Name: &syntax.Ident{NamePos: pos, Name: "r"}, Lbrace: pos,
				ConditionPos: pos, Condition: cond, Rbrace: pos},
		}}
	}
	deep := syntax.Expr(&syntax.BoolLit{ValuePos: pos, Value: true})
	for range MaxDepth + 1 {
		deep = &syntax.UnaryExpr{OpPos: pos, Op: syntax.NOT, X: deep}
	}
	tests := []struct {
		name    string
		file    *syntax.File
		wantMsg string
	}{
		{"nil file", nil, "nil file"},
		{"bad expression", rule(&syntax.BadExpr{From: pos, To: pos}), "BadExpr"},
		{"no condition", rule(nil), "no condition"},
		{"too deep", rule(deep), "deeper than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Node(&buf, fset, tt.file)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("Node() error = %v, want one mentioning %q", err, tt.wantMsg)
			}
			if buf.Len() != 0 {
				t.Errorf("Node wrote %q despite the error", buf.String())
			}
		})
	}
}

// TestLongChain formats a condition of many "or"ed strings, one a line:
// the printer walks such chains without deep recursion.
func TestLongChain(t *testing.T) {
	const n = 2000
	var b strings.Builder
	b.WriteString("rule a {\nstrings:\n")
	for i := range n {
		b.WriteString("$s")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(strconv.Itoa(i))
		b.WriteString(" = \"a\"\n")
	}
	b.WriteString("condition:\n")
	for i := range n {
		if i > 0 {
			b.WriteString(" or\n")
		}
		b.WriteString("$s" + strings.Repeat("x", i%7) + strconv.Itoa(i))
	}
	b.WriteString("\n}\n")
	out := checkFormat(t, "long.yar", []byte(b.String()))
	if got := strings.Count(string(out), " or\n"); got != n-1 {
		t.Errorf("formatted condition has %d line breaks after or, want %d", got, n-1)
	}
}
