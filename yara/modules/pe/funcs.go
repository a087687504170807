package pe

import (
	"bytes"
	"strings"

	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/regex"
)

// parsed is everything the module functions query, captured by the Funcs
// of one object's value tree.
type parsed struct {
	f       *file
	imports []importedDLL
	delayed []importedDLL
	// importCount is number_of_imports (see parseImports).
	importCount int
	exports     exportTable
	resources   *resourceTree
	rich        richSig
	hasRich     bool
}

func boolResult(b bool) object.Result {
	if b {
		return object.IntResult(1)
	}
	return object.IntResult(0)
}

// Import flags of the imports() overloads with a flag argument.
const (
	importStandard = 1
	importDelayed  = 2
)

// tables returns the import tables selected by flag.
func (p *parsed) tables(flag int64) [][]importedDLL {
	var t [][]importedDLL
	if flag&importStandard != 0 {
		t = append(t, p.imports)
	}
	if flag&importDelayed != 0 {
		t = append(t, p.delayed)
	}
	return t
}

// countImports counts the functions of the selected tables that match.
func (p *parsed) countImports(flag int64, dll func(string) bool, fn func(importedFunc) bool) int64 {
	var n int64
	for _, t := range p.tables(flag) {
		for _, d := range t {
			if !dll(d.name) {
				continue
			}
			for _, f := range d.funcs {
				if fn == nil || fn(f) {
					n++
				}
			}
		}
	}
	return n
}

func dllIs(name string) func(string) bool {
	return func(s string) bool { return strings.EqualFold(s, name) }
}

func reMatch(re *regex.Regexp) func(string) bool {
	return func(s string) bool { return re != nil && re.Match([]byte(s)) }
}

// importsFuncs returns the overloads of imports(), in schema order.
func (p *parsed) importsFuncs() []object.Func {
	byName := func(flag int64, dll, fn string) object.Result {
		return boolResult(p.countImports(flag, dllIs(dll), func(f importedFunc) bool { return strings.EqualFold(f.name, fn) }) > 0)
	}
	byOrd := func(flag int64, dll string, ord int64) object.Result {
		return boolResult(p.countImports(flag, dllIs(dll), func(f importedFunc) bool { return f.hasOrdinal && int64(f.ordinal) == ord }) > 0)
	}
	dllCount := func(flag int64, dll string) object.Result {
		return object.IntResult(p.countImports(flag, dllIs(dll), nil))
	}
	reCount := func(flag int64, dre, fre *regex.Regexp) object.Result {
		m := reMatch(fre)
		return object.IntResult(p.countImports(flag, reMatch(dre), func(f importedFunc) bool { return m(f.name) }))
	}
	return []object.Func{
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return byName(importStandard, a[0].Str, a[1].Str)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return byOrd(importStandard, a[0].Str, a[1].Int)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return dllCount(importStandard, a[0].Str)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return reCount(importStandard, a[0].Re, a[1].Re)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return byName(a[0].Int, a[1].Str, a[2].Str)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return byOrd(a[0].Int, a[1].Str, a[2].Int)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return dllCount(a[0].Int, a[1].Str)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return reCount(a[0].Int, a[1].Re, a[2].Re)
		},
	}
}

// importRVA returns the import address table RVA of the first function
// of dll matching fn in tbl, or undefined.
func importRVA(tbl []importedDLL, dll string, fn func(importedFunc) bool) object.Result {
	for _, d := range tbl {
		if !strings.EqualFold(d.name, dll) {
			continue
		}
		for _, f := range d.funcs {
			if fn(f) {
				return object.IntResult(int64(f.rva))
			}
		}
	}
	return object.Undefined
}

func rvaFuncs(tbl []importedDLL) []object.Func {
	return []object.Func{
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return importRVA(tbl, a[0].Str, func(f importedFunc) bool { return strings.EqualFold(f.name, a[1].Str) })
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return importRVA(tbl, a[0].Str, func(f importedFunc) bool { return f.hasOrdinal && int64(f.ordinal) == a[1].Int })
		},
	}
}

// exportIndex returns the index of the first export matching m, or -1.
func (p *parsed) exportIndex(m func(export) bool) int {
	for i, e := range p.exports.entries {
		if m(e) {
			return i
		}
	}
	return -1
}

func (p *parsed) exportMatchers() []func(object.Arg) func(export) bool {
	return []func(object.Arg) func(export) bool{
		func(a object.Arg) func(export) bool {
			return func(e export) bool { return e.hasName && strings.EqualFold(string(e.name), a.Str) }
		},
		func(a object.Arg) func(export) bool {
			return func(e export) bool { return e.ordinal == a.Int }
		},
		func(a object.Arg) func(export) bool {
			return func(e export) bool { return e.hasName && a.Re != nil && a.Re.Match(e.name) }
		},
	}
}

func (p *parsed) exportsFuncs(index bool) []object.Func {
	var fns []object.Func
	for k, mk := range p.exportMatchers() {
		fns = append(fns, func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			if !p.exports.present {
				if index {
					return object.Undefined
				}
				return boolResult(false)
			}
			if k == 1 && (a[0].Int == 0 || a[0].Int > p.exports.count) {
				// yara only looks up ordinals from 1 to number_of_exports,
				// whatever the ordinal base.
				if index {
					return object.Undefined
				}
				return boolResult(false)
			}
			i := p.exportIndex(mk(a[0]))
			if index {
				if i < 0 {
					return object.Undefined
				}
				return object.IntResult(int64(i))
			}
			return boolResult(i >= 0)
		})
	}
	return fns
}

// sectionIndexFuncs implements section_index(name) and section_index(addr).
func (p *parsed) sectionIndexFuncs() []object.Func {
	return []object.Func{
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			// yara compares the name as a C string, at most 8 bytes.
			want := []byte(a[0].Str)
			if j := bytes.IndexByte(want, 0); j >= 0 {
				want = want[:j]
			}
			if len(want) > 8 {
				want = want[:8]
			}
			for i, s := range p.f.sections {
				if bytes.Equal(s.cname, want) {
					return object.IntResult(int64(i))
				}
			}
			return object.Undefined
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			for i, s := range p.f.sections {
				if a[0].Int >= int64(s.rawPtr) && a[0].Int < int64(s.rawPtr)+int64(s.rawSize) {
					return object.IntResult(int64(i))
				}
			}
			return object.Undefined
		},
	}
}

func (p *parsed) richFuncs() (version, toolid []object.Func) {
	mk := func(swap bool, two bool) object.Func {
		return func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			x, y := a[0].Int, int64(-1)
			if two {
				y = a[1].Int
			}
			if swap {
				x, y = y, x
			}
			return object.IntResult(p.rich.count(x, y))
		}
	}
	return []object.Func{mk(false, false), mk(false, true)}, []object.Func{mk(true, false), mk(true, true)}
}

// localeFunc and languageFunc test the resources' language identifiers.
func (p *parsed) langFunc(mask int64) object.Func {
	return func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		for _, r := range p.resources.leaves {
			if r.lSet && !r.hasLang && r.lang&mask == a[0].Int {
				return boolResult(true)
			}
		}
		return boolResult(false)
	}
}
