package format

import (
	"bytes"
	"go/token"
	"slices"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
)

// dump parses src and returns its position-free AST dump and its comment
// texts, failing the test on syntax errors.
func dump(t testing.TB, name string, src []byte) (string, []string) {
	t.Helper()
	fset := token.NewFileSet()
	f, diags := syntax.ParseFile(fset, name, src, syntax.ParseComments)
	if diags.HasErrors() {
		t.Fatalf("%s does not parse:\n%v", name, diags.Errors())
	}
	var b bytes.Buffer
	if err := syntax.Dump(&b, f); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, c := range f.Comments {
		texts = append(texts, c.Text)
	}
	return b.String(), texts
}

// checkFormat formats src and asserts the four properties of the formatter:
// it succeeds, keeps the tree (Dump), keeps the multiset of comment texts,
// and is idempotent. It returns the formatted text.
func checkFormat(t testing.TB, name string, src []byte) []byte {
	t.Helper()
	out, err := Source(name, src)
	if err != nil {
		t.Fatalf("Source(%s): %v", name, err)
	}
	d0, c0 := dump(t, name, src)
	d1, c1 := dump(t, name, out)
	if d0 != d1 {
		t.Errorf("%s: formatting changed the syntax tree\nbefore:\n%s\nafter:\n%s", name, d0, d1)
	}
	slices.Sort(c0)
	slices.Sort(c1)
	if !slices.Equal(c0, c1) {
		t.Errorf("%s: comments differ\nbefore: %q\nafter:  %q", name, c0, c1)
	}
	again, err := Source(name, out)
	if err != nil {
		t.Fatalf("Source(Source(%s)): %v", name, err)
	}
	if !bytes.Equal(out, again) {
		t.Errorf("%s: not idempotent\nfirst:\n%s\nsecond:\n%s", name, out, again)
	}
	return out
}
