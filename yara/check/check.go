package check

import (
	"go/token"
	"sort"
	"strings"

	"github.com/overt-sec/overt/yara/diag"
	"github.com/overt-sec/overt/yara/modules"
	"github.com/overt-sec/overt/yara/syntax"
	"github.com/overt-sec/overt/yara/types"
)

// checker holds the state of one Check.
type checker struct {
	fset    *token.FileSet
	modules func(string) (*types.Struct, bool)
	info    *Info
	diags   diag.List

	rules     map[string]*syntax.Rule  // rules declared so far, by name
	ruleOrder []*syntax.Rule           // the same rules, in declaration order
	wildcards []wildcardUse            // wildcard rule-set items used so far
	ruleInfos []RuleInfo               // storage for the RuleInfos still to make
	rulesLeft int                      // declarations not yet checked (sizes ruleInfos)
	imported  map[string]*types.Struct // modules imported so far
	imports   []string                 // their names, in import order
	externals map[string]*Object       // external variables

	// Objects made once and shared by every use (objects are never
	// modified after they are made).
	modObjs   map[string]*Object        // imported modules, by name
	ruleObjs  map[*syntax.Rule]*Object  // rules
	fieldObjs map[*types.Field]fieldObj // schema fields

	// Per rule.
	rule   *syntax.Rule
	strs   map[string]*syntax.StringDef // named strings of the rule
	used   map[*syntax.StringDef]bool   // strings referenced so far
	scopes []*loopScope                 // enclosing for..in loops, innermost last
	forOf  *syntax.ForOfExpr            // innermost enclosing for..of, or nil
	loops  int                          // enclosing loops of either kind
}

// wildcardUse is a wildcard item of a rule set, like `a*` in `1 of (a*)`.
type wildcardUse struct {
	prefix string
	pos    token.Pos
}

// loopScope holds the variables of one for..in loop.
type loopScope struct {
	vars map[string]*Object
}

// Check resolves and types the program and returns what it learned and the
// diagnostics (errors and warnings) it found. fset must be the file set the
// program was parsed with. cfg may be nil.
//
// Check visits declarations in prog.Decls order: an import makes its module
// visible to the rules after it, and a rule can reference only itself and
// the rules declared before it, as in YARA.
func Check(fset *token.FileSet, prog *syntax.Program, cfg *Config) (*Info, diag.List) {
	if cfg == nil {
		cfg = &Config{}
	}
	nDecls := 0 // an upper bound of the number of rules
	nTok := 0   // tokens of the conditions, to size the maps of Info
	if prog != nil {
		nDecls = len(prog.Decls)
		for _, f := range prog.Files {
			nTok += f.ConditionTokens
		}
	}
	c := &checker{
		fset:    fset,
		modules: cfg.Modules,
		info: &Info{
			Types:     make(map[syntax.Expr]TypeAndValue, nTok*typesPerToken/hintDen),
			Uses:      make(map[*syntax.Ident]*Object, nTok*usesPerToken/hintDen),
			Defs:      make(map[*syntax.Ident]*Object),
			Strings:   make(map[syntax.Expr]StringTarget, nTok*stringsPerToken/hintDen),
			Sets:      make(map[*syntax.StringSet][]*syntax.StringDef, nTok*setsPerToken/hintDen),
			RuleSets:  make(map[*syntax.RuleSet][]*syntax.Rule),
			Rules:     make(map[*syntax.Rule]*RuleInfo, nDecls),
			Externals: make(map[string]any),
		},
		rules:     make(map[string]*syntax.Rule, nDecls),
		rulesLeft: nDecls,
		imported:  make(map[string]*types.Struct),
		externals: make(map[string]*Object),
		modObjs:   make(map[string]*Object),
		ruleObjs:  make(map[*syntax.Rule]*Object),
		fieldObjs: make(map[*types.Field]fieldObj),
	}
	if c.modules == nil {
		c.modules = modules.Lookup
	}
	c.defineExternals(cfg.Externals)
	if prog != nil {
		for _, d := range prog.Decls {
			switch d := d.(type) {
			case *syntax.Import:
				c.importDecl(d)
			case *syntax.Rule:
				c.ruleDecl(d)
			}
		}
	}
	c.diags.Sort()
	return c.info, c.diags
}

// The maps of Info are sized from the number of condition tokens, by
// ratios measured on the public rule sets (Yara-Rules, ReversingLabs):
// about 0.6 typed expressions, 0.22 identifier uses, up to 0.11 string
// references and 0.05 string sets per token. Sizing them up front avoids
// growing them step by step, which costs time and leaves garbage.
const (
	hintDen         = 64
	typesPerToken   = 40 // 0.625
	usesPerToken    = 15 // 0.23
	stringsPerToken = 7  // 0.11
	setsPerToken    = 3  // 0.047
)

// maxClearedMap is the largest per-rule map cleared for the next rule
// rather than made anew: clearing costs the capacity the map ever had.
const maxClearedMap = 64

// errorf reports an error at pos.
func (c *checker) errorf(pos token.Pos, code diag.Code, format string, args ...any) {
	c.diags.Add(c.fset, pos, diag.Error, code, format, args...)
}

// warnf reports a warning at pos.
func (c *checker) warnf(pos token.Pos, code diag.Code, format string, args ...any) {
	c.diags.Add(c.fset, pos, diag.Warning, code, format, args...)
}

// defineExternals records the external variables in a deterministic order.
func (c *checker) defineExternals(ext map[string]any) {
	names := make([]string, 0, len(ext))
	for n := range ext {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v, ok := normalizeExternal(ext[n])
		if !ok {
			c.diags.AddPosition(token.Position{Filename: "<config>"}, diag.Error, CodeExternal,
				"external variable %q has unsupported type %T", n, ext[n])
			continue
		}
		c.info.Externals[n] = v
		c.externals[n] = &Object{Kind: ObjExternal, Name: n, Type: externalType(v), External: v}
	}
}

// importDecl makes a module visible to the rules that follow.
func (c *checker) importDecl(d *syntax.Import) {
	if d.Path == nil {
		return
	}
	name := string(d.Path.Value)
	if name == "" {
		return // the parser reports `import ""`
	}
	s, ok := c.modules(name)
	if !ok {
		c.errorf(d.Path.Pos(), CodeUnknownModule, "unknown module %q", name)
		return
	}
	if _, dup := c.imported[name]; !dup {
		c.imported[name] = s
		c.imports = append(c.imports, name)
	}
}

// ruleDecl checks one rule and declares its name.
func (c *checker) ruleDecl(r *syntax.Rule) {
	if r.Name == nil {
		return
	}
	name := r.Name.Name
	// Rules share the import list: capped at its length, it is never
	// appended to in place.
	var imports []string
	if n := len(c.imports); n > 0 {
		imports = c.imports[:n:n]
	}
	// RuleInfos are carved from one slice; a rule without strings has a
	// nil (empty) map.
	if len(c.ruleInfos) == 0 {
		c.ruleInfos = make([]RuleInfo, max(c.rulesLeft, 1))
	}
	ri := &c.ruleInfos[0]
	c.ruleInfos = c.ruleInfos[1:]
	c.rulesLeft--
	ri.Imports = imports
	if len(r.Strings) > 0 {
		ri.Strings = make(map[string]*syntax.StringDef, len(r.Strings))
	}
	c.info.Rules[r] = ri
	switch {
	case c.rules[name] != nil:
		c.errorf(r.Name.Pos(), CodeDuplicateRule, "duplicated identifier %q: rule already declared at %s",
			name, c.fset.Position(c.rules[name].Name.Pos()))
	case c.externals[name] != nil:
		c.errorf(r.Name.Pos(), CodeDuplicateRule, "duplicated identifier %q: an external variable has this name", name)
	default:
		for _, w := range c.wildcards {
			if strings.HasPrefix(name, w.prefix) {
				c.errorf(r.Name.Pos(), CodeWildcardAfter,
					"rule identifier %q matches previously used wildcard rule set %q at %s",
					name, w.prefix+"*", c.fset.Position(w.pos))
				break
			}
		}
		// The rule is visible in its own condition, as in YARA.
		c.rules[name] = r
		c.ruleOrder = append(c.ruleOrder, r)
	}

	c.rule = r
	c.strs = ri.Strings
	// Clearing a map costs its capacity, not its length: after a rule
	// with many strings, a fresh map is cheaper than clearing.
	if c.used == nil || len(c.used) > maxClearedMap {
		c.used = make(map[*syntax.StringDef]bool)
	} else {
		clear(c.used)
	}
	c.scopes = nil
	c.forOf = nil
	c.loops = 0
	c.stringDefs(r)
	if r.Condition != nil {
		c.boolean(r.Condition)
	}
	c.unusedStrings(r)
	c.rule = nil
}
