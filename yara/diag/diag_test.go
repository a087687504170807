package diag

import (
	"bytes"
	"go/token"
	"testing"
)

func TestListSortAndFormat(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile("r.yar", -1, 40)
	f.SetLinesForContent([]byte("rule a {\n  condition: $b\n}\nrule a { condition: true }\n"))
	var l List
	l.Add(fset, f.Pos(32), Error, "C002", "duplicate rule identifier %q", "a")
	l.Add(fset, f.Pos(22), Error, "C001", "undefined string identifier %q", "$b")
	l.Add(fset, f.Pos(0), Warning, "W001", "a warning")
	l.Sort()
	want := "r.yar:1:1: warning: a warning\n" +
		"r.yar:2:14: error: undefined string identifier \"$b\"\n" +
		"r.yar:4:6: error: duplicate rule identifier \"a\""
	if got := l.Error(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if !l.HasErrors() || len(l.Errors()) != 2 || len(l.Warnings()) != 1 {
		t.Fatalf("error/warning split wrong: %d errors, %d warnings", len(l.Errors()), len(l.Warnings()))
	}
	if l.Warnings().Err() != nil {
		t.Fatal("a list of warnings only must not be an error")
	}
}

func TestRender(t *testing.T) {
	src := []byte("rule a {\n\tcondition: $b and\x01 true\n}\n")
	d := &Diagnostic{
		Pos:      token.Position{Filename: "r.yar", Line: 2, Column: 13},
		Severity: Error, Code: "C001", Message: `undefined string identifier "$b"`,
	}
	var buf bytes.Buffer
	if err := Render(&buf, d, func(string) []byte { return src }); err != nil {
		t.Fatal(err)
	}
	want := "r.yar:2:13: error: undefined string identifier \"$b\" [C001]\n" +
		"  \tcondition: $b and? true\n" +
		"  \t           ^\n"
	if buf.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", buf.String(), want)
	}
}

func TestRenderLongLineKeepsCaret(t *testing.T) {
	line := bytes.Repeat([]byte("x"), 1000)
	d := &Diagnostic{Pos: token.Position{Filename: "f", Line: 1, Column: 900}, Message: "m", Code: "S001"}
	var buf bytes.Buffer
	if err := Render(&buf, d, func(string) []byte { return line }); err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(buf.Bytes(), []byte("\n"))
	if len(lines[1]) > maxExcerpt+2 {
		t.Fatalf("excerpt not bounded: %d bytes", len(lines[1]))
	}
	if bytes.IndexByte(lines[2], '^') != 2+maxExcerpt-20 {
		t.Fatalf("caret at %d", bytes.IndexByte(lines[2], '^'))
	}
}
