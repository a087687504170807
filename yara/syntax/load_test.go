package syntax

import (
	"fmt"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// memFS returns a ReadFile over an in-memory set of files.
func memFS(files map[string]string) func(string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		if src, ok := files[filepath.ToSlash(filepath.Clean(path))]; ok {
			return []byte(src), nil
		}
		return nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrNotExist}
	}
}

func ruleNames(p *Program) string {
	var names []string
	for _, d := range p.Decls {
		switch x := d.(type) {
		case *Rule:
			names = append(names, x.Name.Name)
		case *Import:
			names = append(names, "import:"+string(x.Path.Value))
		}
	}
	return strings.Join(names, " ")
}

func TestLoadOrder(t *testing.T) {
	files := map[string]string{
		"/r/root.yar":     `import "pe" rule a { condition: true } include "sub/b.yar" rule d { condition: true }`,
		"/r/sub/b.yar":    `rule b { condition: true } include "c.yar"`,
		"/r/sub/c.yar":    `rule c { condition: true }`,
		"/r/unused.yar":   `rule unused { condition: true }`,
		"/r/sub/../x.yar": ``,
	}
	fset := token.NewFileSet()
	prog, errs := Load(fset, "/r/root.yar", LoadOptions{ReadFile: memFS(files)})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := ruleNames(prog), "import:pe a b c d"; got != want {
		t.Errorf("decl order %q, want %q", got, want)
	}
	var names []string
	for _, f := range prog.Files {
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, " "), "/r/root.yar /r/sub/b.yar /r/sub/c.yar"; got != want {
		t.Errorf("files %q, want %q", got, want)
	}
	// Each declaration knows its file through its position.
	for _, d := range prog.Decls {
		if r, ok := d.(*Rule); ok && r.Name.Name == "c" {
			if got := fset.Position(r.Pos()).Filename; got != "/r/sub/c.yar" {
				t.Errorf("rule c in %q", got)
			}
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  LoadOptions
		want  string // substring of the single error
		line  int
	}{
		{"cycle", map[string]string{
			"/a.yar": "rule a { condition: true }\ninclude \"b.yar\"",
			"/b.yar": "include \"a.yar\"",
		}, LoadOptions{}, "include cycle: a.yar -> b.yar -> a.yar", 1},
		{"self include", map[string]string{
			"/a.yar": "include \"a.yar\"",
		}, LoadOptions{}, "include cycle: a.yar -> a.yar", 1},
		{"missing", map[string]string{
			"/a.yar": "\ninclude \"nope.yar\"",
		}, LoadOptions{}, `cannot include "nope.yar": file does not exist`, 2},
		{"disabled", map[string]string{
			"/a.yar": "include \"b.yar\"",
			"/b.yar": "",
		}, LoadOptions{DisableIncludes: true}, "includes are disabled", 1},
		{"empty path", map[string]string{
			"/a.yar": "include \"\"",
		}, LoadOptions{}, "empty include path", 1},
		{"depth", map[string]string{
			"/a.yar": "include \"1.yar\"",
			"/1.yar": "include \"2.yar\"",
			"/2.yar": "include \"3.yar\"",
			"/3.yar": "rule deep { condition: true }",
		}, LoadOptions{MaxIncludeDepth: 2}, "includes nested deeper than 2", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.ReadFile = memFS(tt.files)
			fset := token.NewFileSet()
			_, errs := Load(fset, "/a.yar", tt.opts)
			if len(errs) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(errs), errs)
			}
			e := errs[0]
			if !strings.Contains(e.Message, tt.want) || e.Code != CodeInclude || e.Pos.Line != tt.line {
				t.Errorf("got %v [%s] at line %d, want %q at line %d", e, e.Code, e.Pos.Line, tt.want, tt.line)
			}
		})
	}
}

func TestLoadDefaultDepth(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("/%d.yar", i)] = fmt.Sprintf("include \"%d.yar\"", i+1)
	}
	fset := token.NewFileSet()
	prog, errs := Load(fset, "/0.yar", LoadOptions{ReadFile: memFS(files)})
	if len(errs) != 1 || !strings.Contains(errs[0].Message, fmt.Sprintf("deeper than %d", DefaultMaxIncludeDepth)) {
		t.Fatalf("got %v", errs)
	}
	if len(prog.Files) != DefaultMaxIncludeDepth+1 {
		t.Errorf("loaded %d files, want %d", len(prog.Files), DefaultMaxIncludeDepth+1)
	}
}

func TestLoadDiamondBounded(t *testing.T) {
	// Each level includes the next one twice: 2^30 expansions unless bounded.
	files := map[string]string{}
	for i := 0; i < 30; i++ {
		files[fmt.Sprintf("/%d.yar", i)] = fmt.Sprintf("include \"%d.yar\"\ninclude \"%d.yar\"", i+1, i+1)
	}
	fset := token.NewFileSet()
	prog, errs := Load(fset, "/0.yar", LoadOptions{ReadFile: memFS(files), MaxIncludeDepth: 100})
	if !errs.HasErrors() {
		t.Fatal("no error for an exponential include diamond")
	}
	if len(prog.Files) > MaxIncludedFiles+1 {
		t.Errorf("loaded %d files, limit is %d", len(prog.Files), MaxIncludedFiles)
	}
}

func TestLoadSourceRelative(t *testing.T) {
	files := map[string]string{"/dir/inc.yar": "rule inc { condition: true }"}
	fset := token.NewFileSet()
	prog, errs := LoadSource(fset, "/dir/main.yar", []byte(`include "inc.yar" rule main { condition: inc }`), LoadOptions{ReadFile: memFS(files)})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := ruleNames(prog); got != "inc main" {
		t.Errorf("got %q", got)
	}
}

func TestLoadRealFiles(t *testing.T) {
	fset := token.NewFileSet()
	prog, errs := Load(fset, filepath.Join("testdata", "parse", "rules.yar"), LoadOptions{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := ruleNames(prog); !strings.HasPrefix(got, "leaf g p") {
		t.Errorf("got %q", got)
	}
	_, errs = Load(fset, filepath.Join("testdata", "no-such.yar"), LoadOptions{})
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "no such file") {
		t.Errorf("missing root: %v", errs)
	}
}
