package modules

import (
	"fmt"
	"strings"

	"github.com/overt-sec/overt/yara/types"
)

// A probe is one rule condition that exercises one schema element; yarac
// must accept it (positive) or reject it (negative).
type probe struct {
	what string // the schema element, e.g. "sections[i].name" or "imports(string, string)"
	cond string // the rule condition
}

// step is one access on the path from the module to a leaf.
type step struct {
	name  string     // field name
	index types.Kind // Array or Dictionary when the field is indexed after access; Invalid otherwise
}

// leaf is a scalar field or a function overload reachable from a module.
type leaf struct {
	what  string
	steps []step
	kind  types.Kind      // Integer, Float or String for fields; Function for calls
	sig   types.Signature // the overload, when kind == Function
	since string          // latest Since on the path (or of the overload)
	field *types.Field    // the final field
}

// leaves lists every scalar field and function overload of s.
func leaves(s *types.Struct) []leaf {
	var out []leaf
	var visit func(st *types.Struct, prefix []step, what, since string)
	visit = func(st *types.Struct, prefix []step, what, since string) {
		for _, f := range st.Fields {
			fs := since
			if f.Since != "" && (fs == "" || types.CompareVersions(f.Since, fs) > 0) {
				fs = f.Since
			}
			steps := append(append([]step(nil), prefix...), step{name: f.Name})
			w := what + f.Name
			t := f.Type
			for t.Kind == types.Array || t.Kind == types.Dictionary {
				// Arrays of arrays do not occur in YARA; index once per level anyway.
				steps[len(steps)-1].index = t.Kind
				if t.Kind == types.Array {
					w += "[i]"
				} else {
					w += "[k]"
				}
				t = t.Elem
				if t.Kind == types.Array || t.Kind == types.Dictionary {
					steps = append(steps, step{}) // unreachable in real schemas
				}
			}
			switch t.Kind {
			case types.Structure:
				visit(t.Struct, steps, w+".", fs)
			case types.Function:
				for _, sig := range t.Func.Overloads {
					ss := fs
					if sig.Since != "" && (ss == "" || types.CompareVersions(sig.Since, ss) > 0) {
						ss = sig.Since
					}
					out = append(out, leaf{what: w + strings.TrimPrefix(sig.String(), "function"),
						steps: steps, kind: types.Function, sig: sig, since: ss, field: f})
				}
			default:
				out = append(out, leaf{what: w, steps: steps, kind: t.Kind, since: fs, field: f})
			}
		}
	}
	visit(s, nil, "", "")
	return out
}

// render writes the access path of l after the module name. swap, when
// not negative, indexes steps[swap] with the wrong key kind.
func (l leaf) render(module string, swap int) string {
	var b strings.Builder
	b.WriteString(module)
	for i, s := range l.steps {
		b.WriteString(".")
		b.WriteString(s.name)
		idx := s.index
		if i == swap {
			if idx == types.Array {
				idx = types.Dictionary
			} else {
				idx = types.Array
			}
		}
		switch idx {
		case types.Array:
			b.WriteString("[0]")
		case types.Dictionary:
			b.WriteString(`["k"]`)
		}
	}
	return b.String()
}

// argument returns a literal of kind k.
func argument(k types.Kind) string {
	switch k {
	case types.Integer:
		return "0"
	case types.Float:
		return "0.5"
	case types.String:
		return `""`
	case types.Regexp:
		return "/a/"
	case types.Bool:
		return "true"
	}
	panic(fmt.Sprintf("no literal for kind %s", k))
}

// useAs returns a condition that compiles only if expr has kind k:
// integers support |, floats are accepted by math.in_range (which refuses
// integers), and strings compare with string literals.
func useAs(expr string, k types.Kind) string {
	switch k {
	case types.Integer:
		return "(" + expr + " | 0) == 0"
	case types.Float:
		return "math.in_range(" + expr + ", 0.0, 1.0)"
	case types.String:
		return expr + ` == ""`
	}
	panic(fmt.Sprintf("no use for kind %s", k))
}

// misuseAs returns a condition that must not compile if expr has kind k.
func misuseAs(expr string, k types.Kind) string {
	switch k {
	case types.Integer:
		return expr + ` == ""`
	case types.Float, types.String:
		return "(" + expr + " | 0) == 0"
	}
	panic(fmt.Sprintf("no misuse for kind %s", k))
}

// call renders a call of the leaf's overload, with extra extra arguments.
func (l leaf) call(module string, swap int, extra []string) string {
	args := make([]string, 0, len(l.sig.Params)+len(extra))
	for _, p := range l.sig.Params {
		args = append(args, argument(p))
	}
	args = append(args, extra...)
	return l.render(module, swap) + "(" + strings.Join(args, ", ") + ")"
}

// expr renders the leaf as a value: the field itself or a call.
func (l leaf) expr(module string, swap int) (string, types.Kind) {
	if l.kind == types.Function {
		return l.call(module, swap, nil), l.sig.Result
	}
	return l.render(module, swap), l.kind
}

// probes returns the positive and negative probes for module s; elements
// newer than the reference yara (their Since is set) are not probed
// positively.
//
// Elements marked as newer must be missing from the reference, so they
// become negative probes used as their declared type (newer).
func probes(module string, s *types.Struct) (pos, neg, newer []probe) {
	indexed := map[string]bool{}
	for _, l := range leaves(s) {
		if l.since != "" {
			e, k := l.expr(module, -1)
			newer = append(newer, probe{l.what + " (since " + l.since + ")", useAs(e, k)})
			continue
		}
		e, k := l.expr(module, -1)
		pos = append(pos, probe{l.what, useAs(e, k)})
		neg = append(neg, probe{l.what + ": wrong type", misuseAs(e, k)})
		if l.kind == types.Function {
			extra := []string{"true", "true", "true", "true", "true"}
			neg = append(neg, probe{l.what + ": wrong arguments", useAs(l.call(module, -1, extra), l.sig.Result)})
		}
		// Index each array or dictionary on the path once with the wrong key kind.
		prefix := module
		for i, st := range l.steps {
			prefix += "." + st.name
			if st.index == types.Invalid || indexed[prefix] {
				continue
			}
			indexed[prefix] = true
			e, k := l.expr(module, i)
			neg = append(neg, probe{prefix + ": wrong index kind", useAs(e, k)})
		}
	}
	neg = append(neg, probe{"misspelled field", useAs(module+".no_such_field_xyzzy", types.Integer)})
	return pos, neg, newer
}

// ruleFile renders probes as one rule each, named r0, r1 …
func ruleFile(module string, ps []probe) string {
	var b strings.Builder
	fmt.Fprintf(&b, "import %q\n", module)
	if module != "math" {
		b.WriteString("import \"math\"\n")
	}
	for i, p := range ps {
		fmt.Fprintf(&b, "rule r%d { condition: %s }\n", i, p.cond)
	}
	return b.String()
}
