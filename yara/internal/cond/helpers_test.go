package cond

import (
	"fmt"
	"go/token"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/check"
	"github.com/overt-sec/overt/yara/internal/refmatch"
	"github.com/overt-sec/overt/yara/syntax"
)

// compiled is a program compiled from source for tests.
type compiled struct {
	src  *syntax.Program
	prog *Program
	ids  IDs
}

// errFrontEnd marks sources the parser or checker rejects.
type errFrontEnd struct{ msg string }

func (e *errFrontEnd) Error() string { return e.msg }

// compileSource parses, checks and compiles src with the given externals.
func compileSource(src string, ext map[string]any) (*compiled, error) {
	fset := token.NewFileSet()
	sp, perrs := syntax.LoadSource(fset, "test.yar", []byte(src), syntax.LoadOptions{})
	if perrs.HasErrors() {
		return nil, &errFrontEnd{perrs.Errors().Error()}
	}
	info, cerrs := check.Check(fset, sp, &check.Config{Externals: ext})
	if cerrs.HasErrors() {
		return nil, &errFrontEnd{cerrs.Errors().Error()}
	}
	ids := numbered(sp, IDs{})
	p, err := Compile(sp, info, ids)
	if err != nil {
		return nil, err
	}
	return &compiled{src: sp, prog: p, ids: ids}, nil
}

// scan finds the matches of every string with the reference matcher and
// evaluates the program over data; it returns the match of every rule by
// name and the console output.
func (c *compiled) scan(data []byte) (map[string]bool, []string, error) {
	in := &Input{Data: data, Filesize: int64(len(data)), Matches: make([][]Match, c.prog.NumStrings())}
	for def, id := range c.ids.Strings {
		ms, err := refmatch.FindAll(def, data)
		if err != nil && err != refmatch.ErrTooManyMatches {
			return nil, nil, fmt.Errorf("string %s: %w", def.Name, err)
		}
		for _, m := range ms {
			in.Matches[id] = append(in.Matches[id], Match{Offset: int64(m.Offset), Length: int32(m.Length), XorKey: int16(m.XorKey)})
		}
	}
	var logs []string
	in.Log = func(s string) { logs = append(logs, s) }
	out := make([]bool, c.prog.NumRules())
	if err := c.prog.Eval(in, out); err != nil {
		return nil, logs, err
	}
	res := map[string]bool{}
	for _, r := range c.prog.Rules() {
		res[r.Name] = out[r.ID]
	}
	return res, logs, nil
}

// matching returns the names of the matching rules, sorted by declaration.
func (c *compiled) matching(res map[string]bool) []string {
	var names []string
	for _, r := range c.prog.Rules() {
		if res[r.Name] && !r.Private {
			names = append(names, r.Name)
		}
	}
	return names
}

// mustCompile is compileSource failing the test on error.
func mustCompile(t testing.TB, src string) *compiled {
	t.Helper()
	c, err := compileSource(src, nil)
	if err != nil {
		t.Fatalf("compile %q: %v", strings.TrimSpace(src), err)
	}
	return c
}
