package yara

import (
	"errors"
	"fmt"
	"go/token"
	"maps"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/overt-sec/overt/yara/check"
	"github.com/overt-sec/overt/yara/diag"
	"github.com/overt-sec/overt/yara/internal/pattern"
	"github.com/overt-sec/overt/yara/syntax"
)

// DefaultNamespace is the namespace of rules added with an empty namespace,
// as in yara.
const DefaultNamespace = "default"

// Compiler turns rule sources into Rules. Define the externals first, then
// add sources (each into a namespace), then call Rules. A Compiler is not
// safe for concurrent use.
//
// A source that fails to compile is left out entirely and its errors are
// returned; the compiler stays usable, but Rules refuses to build while any
// source has failed (as yara, whose compiler is unusable after an error).
type Compiler struct {
	fset       *token.FileSet
	externals  map[string]any
	extNames   []string // external names in definition order
	namespaces []*namespace
	nsIndex    map[string]*namespace
	patterns   map[*syntax.StringDef]*pattern.Pattern
	ruleSeq    map[*syntax.Rule]int // global declaration order of every rule
	nextSeq    int
	warnings   diag.List
	reported   map[string]bool // diagnostics already returned, by text
	failed     bool            // some source failed to compile
	noIncludes bool

	sources []source          // every source added successfully, in order
	files   map[string][]byte // every included file read, by path as read
}

// namespace is the accumulated program of one namespace.
type namespace struct {
	name  string
	prog  *syntax.Program // every declaration added to the namespace, in order
	info  *check.Info     // the checker's info for prog
	added bool            // prog has been checked at least once
}

// source is one successful AddSource or AddFile, kept for Rules.Save.
type source struct {
	namespace string
	name      string
	src       []byte
}

// NewCompiler returns an empty compiler.
func NewCompiler() *Compiler {
	return &Compiler{
		fset:      token.NewFileSet(),
		externals: map[string]any{},
		nsIndex:   map[string]*namespace{},
		patterns:  map[*syntax.StringDef]*pattern.Pattern{},
		ruleSeq:   map[*syntax.Rule]int{},
		reported:  map[string]bool{},
		files:     map[string][]byte{},
	}
}

// FileSet returns the file set holding the positions of every source added.
func (c *Compiler) FileSet() *token.FileSet { return c.fset }

// DisableIncludes makes every include statement of later sources an error,
// like yara's --no-includes.
func (c *Compiler) DisableIncludes() { c.noIncludes = true }

// DefineExternal defines the external variable name with its value: an int
// or int64, a float64, a bool or a string (as `yara -d`; see
// check.ParseExternal for parsing a command-line definition). Externals
// must be defined before the first source is added; defining one again
// replaces its value.
func (c *Compiler) DefineExternal(name string, value any) error {
	if name == "" {
		return errors.New("external variable: empty name")
	}
	if len(c.sources) > 0 || c.failed {
		return fmt.Errorf("external variable %q: externals must be defined before adding rules", name)
	}
	var v any
	switch x := value.(type) {
	case int:
		v = int64(x)
	case int64, float64, bool, string:
		v = x
	default:
		return fmt.Errorf("external variable %q: unsupported type %T (want int64, float64, bool or string)", name, value)
	}
	if _, ok := c.externals[name]; !ok {
		c.extNames = append(c.extNames, name)
	}
	c.externals[name] = v
	return nil
}

// AddFile compiles the rule file at path, with the files it includes, into
// the namespace (DefaultNamespace if empty). On errors it returns them as a
// diag.List; warnings are kept for Warnings.
func (c *Compiler) AddFile(path, ns string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		var l diag.List
		l.AddPosition(token.Position{Filename: path}, diag.Error, syntax.CodeInclude, "cannot read rule file: %s", errText(err))
		c.failed = true
		return c.report(l)
	}
	return c.AddSource(path, src, ns)
}

// AddSource is AddFile for a source in memory; name is used in positions
// and as the base of relative includes.
func (c *Compiler) AddSource(name string, src []byte, ns string) error {
	if ns == "" {
		ns = DefaultNamespace
	}
	read := map[string][]byte{}
	opts := syntax.LoadOptions{
		DisableIncludes: c.noIncludes,
		ReadFile: func(path string) ([]byte, error) {
			b, err := os.ReadFile(path)
			if err == nil {
				read[path] = b
			}
			return b, err
		},
	}
	if err := c.add(ns, name, src, opts); err != nil {
		return err
	}
	for p, b := range read {
		if _, ok := c.files[p]; !ok {
			c.files[p] = b
		}
	}
	return nil
}

// add loads, checks and compiles the strings of one source into namespace
// ns. It returns the new errors, or nil.
func (c *Compiler) add(ns, name string, src []byte, opts syntax.LoadOptions) error {
	prog, ds := syntax.LoadSource(c.fset, name, src, opts)
	if ds.HasErrors() {
		c.failed = true
		return c.report(ds)
	}
	n := c.nsIndex[ns]
	if n == nil {
		n = &namespace{name: ns, prog: &syntax.Program{}}
	}
	merged := &syntax.Program{
		Files: append(append([]*syntax.File(nil), n.prog.Files...), prog.Files...),
		Decls: append(append([]syntax.Decl(nil), n.prog.Decls...), prog.Decls...),
	}
	info, cds := check.Check(c.fset, merged, &check.Config{Externals: c.externals})
	ds = append(ds, cds...)
	if !ds.HasErrors() {
		ds = append(ds, c.compilePatterns(prog)...)
	}
	if ds.HasErrors() {
		for _, r := range prog.Rules() {
			for _, d := range r.Strings {
				delete(c.patterns, d)
			}
		}
		c.failed = true
		return c.report(ds)
	}
	if c.nsIndex[ns] == nil {
		c.nsIndex[ns] = n
		c.namespaces = append(c.namespaces, n)
	}
	n.prog, n.info, n.added = merged, info, true
	for _, r := range prog.Rules() {
		c.ruleSeq[r] = c.nextSeq
		c.nextSeq++
	}
	c.sources = append(c.sources, source{namespace: ns, name: name, src: src})
	c.report(ds)
	return nil
}

// compilePatterns compiles every string of the rules of prog, reporting
// pattern errors and the strings yara warns may slow down scanning. The
// strings are compiled in parallel (one worker per CPU); diagnostics come
// out in declaration order.
func (c *Compiler) compilePatterns(prog *syntax.Program) diag.List {
	var defs []*syntax.StringDef
	for _, r := range prog.Rules() {
		defs = append(defs, r.Strings...)
	}
	pats := make([]*pattern.Pattern, len(defs))
	errs := make([]error, len(defs))
	workers := min(runtime.GOMAXPROCS(0), len(defs)/minStringsPerWorker+1)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(patternBatch)) - patternBatch
				if i >= len(defs) {
					return
				}
				for j := i; j < min(i+patternBatch, len(defs)); j++ {
					pats[j], errs[j] = pattern.Compile(defs[j])
				}
			}
		}()
	}
	wg.Wait()
	var l diag.List
	for i, d := range defs {
		p, err := pats[i], errs[i]
		if err != nil {
			l.Add(c.fset, d.NamePos, diag.Error, CodePattern, "%s", trimPrefix(err.Error(), "pattern: "))
			continue
		}
		c.patterns[d] = p
		if unboundedDot(d) {
			l.Add(c.fset, d.NamePos, diag.Warning, CodeUnboundedDot, "%s contains .*, .+ or .{x,} consider using .{,N}, .{1,N} or {x,N} with a reasonable value for N", d.Name)
		}
		if p.Slow() {
			l.Add(c.fset, d.NamePos, diag.Warning, CodeSlowString, "string %q may slow down scanning", d.Name)
		}
	}
	return l
}

// Parallel string compilation: workers take batches of patternBatch
// strings; fewer than minStringsPerWorker strings per worker are not worth
// a goroutine.
const (
	patternBatch        = 64
	minStringsPerWorker = 256
)

// report records the warnings of l that were not reported before and
// returns its new errors as an error (nil if none).
func (c *Compiler) report(l diag.List) error {
	var errs diag.List
	for _, d := range l {
		key := d.Error()
		if c.reported[key] {
			continue
		}
		c.reported[key] = true
		if d.Severity == diag.Warning {
			c.warnings = append(c.warnings, d)
		} else {
			errs = append(errs, d)
		}
	}
	if len(errs) == 0 {
		if l.HasErrors() {
			// Every error was reported before (the same source added
			// twice): fail again, with the same errors.
			errs = l.Errors()
		} else {
			return nil
		}
	}
	errs.Sort()
	return errs
}

// Warnings returns the warnings of every source added so far, each once,
// in the order they were found (sorted by position within one source).
func (c *Compiler) Warnings() diag.List {
	return append(diag.List(nil), c.warnings...)
}

// Rules compiles everything added so far into Rules. It fails if a source
// failed to compile, or if the conditions or the automaton cannot be built.
// It may be called again after adding more sources.
func (c *Compiler) Rules() (*Rules, error) {
	if c.failed {
		return nil, errors.New("yara: rules cannot be built: a source failed to compile")
	}
	r, err := c.build()
	if err != nil {
		return nil, err
	}
	r.save = &savedRules{externals: c.exportExternals(), noIncludes: c.noIncludes, sources: append([]source(nil), c.sources...), files: maps.Clone(c.files)}
	return r, nil
}

// exportExternals returns the externals in definition order.
func (c *Compiler) exportExternals() []external {
	out := make([]external, 0, len(c.extNames))
	for _, n := range c.extNames {
		out = append(out, external{name: n, value: c.externals[n]})
	}
	return out
}

// sortedRules returns the rules of every namespace in global declaration order.
func (c *Compiler) sortedRules() []*syntax.Rule {
	var all []*syntax.Rule
	for _, n := range c.namespaces {
		all = append(all, n.prog.Rules()...)
	}
	sort.SliceStable(all, func(i, j int) bool { return c.ruleSeq[all[i]] < c.ruleSeq[all[j]] })
	return all
}

// errText returns the OS reason of a file error without repeating the path.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// trimPrefix removes prefix from s if present.
func trimPrefix(s, prefix string) string {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):]
	}
	return s
}
