package format

import (
	"bytes"
	"fmt"
	"go/token"
	"io"

	"github.com/overt-sec/overt/yara/syntax"
)

// Source formats the YARA source src of the named file and returns the
// result. If src has syntax errors it returns them as a diag.List (errors
// only) and no output. The result is checked before it is returned: it must
// parse to the same syntax tree and keep every comment, else Source returns
// an error rather than altered rules.
func Source(filename string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, diags := syntax.ParseFile(fset, filename, src, syntax.ParseComments)
	if diags.HasErrors() {
		return nil, diags.Errors()
	}
	var buf bytes.Buffer
	if err := Node(&buf, fset, f); err != nil {
		return nil, err
	}
	out := buf.Bytes()
	if err := verify(filename, f, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Node writes the file f, parsed into fset with syntax.ParseComments, to w
// in the canonical layout. It fails on a tree with syntax errors (a
// BadExpr or a rule without a condition) or nested deeper than MaxDepth.
func Node(w io.Writer, fset *token.FileSet, f *syntax.File) error {
	if f == nil {
		return fmt.Errorf("format: nil file")
	}
	p := &printer{fset: fset, comments: f.Comments}
	p.file(f)
	if p.err != nil {
		return fmt.Errorf("%s: %w", f.Name, p.err)
	}
	p.finish()
	_, err := w.Write(p.buf.Bytes())
	return err
}

// verify checks that out, the formatting of f, parses without error to the
// same tree and carries the same comments.
func verify(filename string, f *syntax.File, out []byte) error {
	fset := token.NewFileSet()
	g, diags := syntax.ParseFile(fset, filename, out, syntax.ParseComments)
	if diags.HasErrors() {
		return fmt.Errorf("%s: internal error: formatted output does not parse: %v", filename, diags.Errors()[0])
	}
	if !sameTree(f, g) {
		return fmt.Errorf("%s: internal error: formatting would change the rules' meaning", filename)
	}
	if !sameComments(f.Comments, g.Comments) {
		return fmt.Errorf("%s: internal error: formatting would lose or alter a comment", filename)
	}
	return nil
}

// sameComments reports whether a and b hold the same comment texts in the
// same order (the printer writes comments in source order).
func sameComments(a, b []*syntax.Comment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}
