package yara

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/overt-sec/overt/yara/syntax"
)

// A rules file holds, for each namespace, a skeleton: a source with the
// namespace's imports and rules in order, each rule reduced to its
// modifiers, name, string identifiers and condition (copied from the
// original text). Loading parses and checks the skeleton and compiles its
// conditions, which needs no string values: each string whose compiled
// form is in the file appears as `$a="x"`. A string whose compiled form
// could not be saved (pattern.ErrNotEncodable) keeps its whole definition,
// and loading compiles it from there. Tags and metadata are saved apart.

// skeletonPlaceholder is the value given to strings stored compiled.
const skeletonPlaceholder = `="x"`

// deriveSkeletons builds the skeleton of every namespace of r from the
// sources kept by the compiler; stored[id] tells whether the string of
// global ID id is saved compiled.
func (sv *savedRules) deriveSkeletons(r *Rules, stored []bool) ([]string, error) {
	fset := token.NewFileSet()
	texts := map[*token.File][]byte{}
	decls := map[string][]syntax.Decl{}
	for _, s := range sv.sources {
		var read [][]byte
		opts := syntax.LoadOptions{
			DisableIncludes: sv.noIncludes,
			ReadFile: func(path string) ([]byte, error) {
				if b, ok := sv.files[path]; ok {
					read = append(read, b)
					return b, nil
				}
				return nil, fmt.Errorf("%s was not kept by the compiler", path)
			},
		}
		prog, ds := syntax.LoadSource(fset, s.name, s.src, opts)
		if ds.HasErrors() {
			return nil, fmt.Errorf("parsing %s again: %w", s.name, ds.Err())
		}
		if len(prog.Files) != len(read)+1 {
			return nil, fmt.Errorf("parsing %s again: %d files for %d reads", s.name, len(prog.Files), len(read))
		}
		for i, f := range prog.Files {
			src := s.src
			if i > 0 {
				src = read[i-1]
			}
			texts[fset.File(f.Start)] = src
		}
		decls[s.namespace] = append(decls[s.namespace], prog.Decls...)
	}
	slice := func(from, to token.Pos) (string, error) {
		tf := fset.File(from)
		src := texts[tf]
		if tf == nil || src == nil || !to.IsValid() || fset.File(to-1) != tf || to < from {
			return "", fmt.Errorf("no source text at %s", fset.Position(from))
		}
		return string(src[tf.Offset(from) : tf.Offset(to-1)+1]), nil
	}
	out := make([]string, len(r.spaces))
	for nsi, nr := range r.spaces {
		var sb strings.Builder
		gid, nRules := nr.strBase, 0
		for _, d := range decls[nr.name] {
			switch d := d.(type) {
			case *syntax.Import:
				t, err := slice(d.Pos(), d.End())
				if err != nil {
					return nil, err
				}
				sb.WriteString(t)
				sb.WriteByte('\n')
			case *syntax.Rule:
				nRules++
				head, err := slice(d.Pos(), d.Name.End())
				if err != nil {
					return nil, err
				}
				sb.WriteString(head)
				sb.WriteString(" {\n")
				if len(d.Strings) > 0 {
					sb.WriteString("strings:\n")
				}
				for _, sd := range d.Strings {
					if gid >= len(stored) {
						return nil, fmt.Errorf("namespace %s has more strings than the rules", nr.name)
					}
					def := sd.Name + skeletonPlaceholder
					if !stored[gid] {
						if def, err = slice(sd.Pos(), sd.End()); err != nil {
							return nil, err
						}
					}
					gid++
					sb.WriteString(def)
					sb.WriteByte('\n')
				}
				cond, err := slice(d.ConditionPos, d.Rbrace)
				if err != nil {
					return nil, err
				}
				sb.WriteString(cond)
				sb.WriteString("\n}\n")
			}
		}
		if nRules != len(nr.rules) || gid != nr.strBase+nr.nStrs {
			return nil, fmt.Errorf("namespace %s: the sources hold %d rules and %d strings, the rules %d and %d",
				nr.name, nRules, gid-nr.strBase, len(nr.rules), nr.nStrs)
		}
		out[nsi] = sb.String()
	}
	return out, nil
}
