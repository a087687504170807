package format

import (
	"bytes"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
)

// FuzzFormat checks the formatter's contract on arbitrary input: input with
// syntax errors is refused with no output; any other input formats, the
// result parses to the same tree (syntax.Dump) with the same comments, and
// formatting it again changes nothing.
func FuzzFormat(f *testing.F) {
	inputs, _ := filepath.Glob("testdata/*.input")
	for _, in := range inputs {
		if b, err := os.ReadFile(in); err == nil {
			f.Add(b)
		}
	}
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		file, diags := syntax.ParseFile(fset, "fuzz.yar", src, syntax.ParseComments)
		out, err := Source("fuzz.yar", src)
		if diags.HasErrors() {
			if err == nil || out != nil {
				t.Fatalf("input with syntax errors was formatted: err=%v out=%q", err, out)
			}
			return
		}
		if err != nil {
			t.Fatalf("Source failed on valid input: %v", err)
		}
		fset2 := token.NewFileSet()
		file2, diags2 := syntax.ParseFile(fset2, "fuzz.yar", out, syntax.ParseComments)
		if diags2.HasErrors() {
			t.Fatalf("formatted output does not parse: %v\n%s", diags2.Errors(), out)
		}
		var d1, d2 bytes.Buffer
		if err := syntax.Dump(&d1, file); err != nil {
			t.Fatal(err)
		}
		if err := syntax.Dump(&d2, file2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d1.Bytes(), d2.Bytes()) {
			t.Fatalf("tree changed\nbefore:\n%s\nafter:\n%s\noutput:\n%s", d1.Bytes(), d2.Bytes(), out)
		}
		var c1, c2 []string
		for _, c := range file.Comments {
			c1 = append(c1, c.Text)
		}
		for _, c := range file2.Comments {
			c2 = append(c2, c.Text)
		}
		slices.Sort(c1)
		slices.Sort(c2)
		if !slices.Equal(c1, c2) {
			t.Fatalf("comments changed: %q -> %q", c1, c2)
		}
		again, err := Source("fuzz.yar", out)
		if err != nil {
			t.Fatalf("formatting the output failed: %v", err)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("not idempotent\nfirst:\n%s\nsecond:\n%s", out, again)
		}
	})
}

// fuzzSeeds are small inputs covering every construct of the printer.
var fuzzSeeds = []string{
	"",
	"// c",
	"/* open",
	"rule a { condition: true }",
	"import \"pe\" include \"x.yar\" rule a : t { meta: a = \"x\" b = -1 c = true strings: $a = \"x\" wide xor(1-2) $b = { 4D ?? [1-] ( 01 | 02 ~03 ) } $c = /x/is base64 condition: all of them }",
	"rule a { strings: $a = \"a\" base64wide(\"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/\") condition: #a in (0..10) > 1 and @a[1] == !a[1] and $a at 0 }",
	"rule a { condition: for any i in (1..2) : ( i > 0 ) and for all k, v in x.d : ( k == v ) and for 2 of ($*) : ( $ ) }",
	"rule a { condition: not defined x.y[0].z(1, \"s\", /r/) and -1 < ~2 \\ 3 % 4 and 1 << 2 | 3 & 4 ^ 5 >= 6 and 50% of them and any of (a, b*) }",
	"rule a {\ncondition:\n  a // c\n  and /* d */\n  (b or\n c)\n}\n// end\n",
	"rule a { strings: $h = { AA // x\n BB /* y */ [2]\n CC } condition: $h }",
	"private global rule a { condition: \"a\" icontains \"b\" or \"a\" matches /b/ or 1.5 > 1 and filesize > 2KB and entrypoint == 0x10 }",
}
