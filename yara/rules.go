package yara

import (
	"fmt"
	"strings"

	"github.com/overt-sec/overt/yara/internal/ac"
	"github.com/overt-sec/overt/yara/internal/cond"
	"github.com/overt-sec/overt/yara/internal/pattern"
	"github.com/overt-sec/overt/yara/syntax"
)

// Rules are compiled rules. They are immutable and safe for concurrent use:
// every goroutine scans with its own Scanner (NewScanner).
type Rules struct {
	spaces   []*nsRules         // namespaces in order of first use
	rules    []ruleDesc         // every rule in global declaration order
	strs     []strDesc          // every string, by global string ID
	patterns []*pattern.Pattern // by global string ID
	atoms    []atomRef          // by automaton pattern index
	auto     *ac.Automaton      // over every atom; nil when there is none
	fullScan []int              // global IDs of the strings without atoms
	guards   []guard            // distinct rule guards (guard.go)
	save     *savedRules        // what Save writes
}

// nsRules is one namespace's compiled conditions.
type nsRules struct {
	name    string
	prog    *cond.Program
	strBase int   // global ID of the namespace's string 0
	nStrs   int   // strings of the namespace
	rules   []int // index in Rules.rules of each local rule ID
	// leads lists the rules whose leading conjunct is a guard (guard.go):
	// when it fails they are false without being evaluated.
	leads []leadGuard
}

// leadGuard is a rule (local ID) and the index of its leading guard.
type leadGuard struct {
	rule  int32
	guard int32
}

// ruleDesc describes one rule.
type ruleDesc struct {
	ns      int // index in Rules.spaces
	local   int // rule ID within the namespace's program
	name    string
	tags    []string
	meta    []Meta
	private bool
	global  bool
	strs    []int // global IDs of the rule's strings, in definition order
}

// strDesc describes one string.
type strDesc struct {
	name    string // "$a" or "$"
	private bool   // the private modifier
	hex     bool   // a hex string
	rule    int    // index in Rules.rules
	single  bool   // only whether it matches matters (fast scan keeps one match)
	fixed   bool   // searched at offset at only (every reference is `$a at K`)
	at      int64  // the offset of a fixed string
	atOnly  bool   // every reference is `$a at X`: checked at X on demand when matches need not be reported
	guard   int32  // index in Rules.guards of its rule's guard, or -1
	unused  bool   // the condition never refers to it
}

// atomRef ties an automaton pattern to its string and atom.
type atomRef struct {
	str  int32
	atom pattern.Atom
}

// RuleInfo describes one compiled rule.
type RuleInfo struct {
	Namespace string
	Rule      string
	Tags      []string
	Meta      []Meta
	Private   bool
	Global    bool
	Strings   []string // identifiers of the rule's strings, in definition order
}

// NumRules returns the number of rules, private ones included.
func (r *Rules) NumRules() int { return len(r.rules) }

// NumStrings returns the number of string definitions of every rule.
func (r *Rules) NumStrings() int { return len(r.strs) }

// NumAtoms returns the number of atoms in the automaton.
func (r *Rules) NumAtoms() int { return len(r.atoms) }

// Rules describes every rule in declaration order.
func (r *Rules) Rules() []RuleInfo {
	out := make([]RuleInfo, len(r.rules))
	for i := range r.rules {
		d := &r.rules[i]
		ri := RuleInfo{Namespace: r.spaces[d.ns].name, Rule: d.name, Tags: d.tags, Meta: d.meta, Private: d.private, Global: d.global}
		for _, s := range d.strs {
			ri.Strings = append(ri.Strings, r.strs[s].name)
		}
		out[i] = ri
	}
	return out
}

// build compiles the conditions of every namespace and the automaton.
func (c *Compiler) build() (*Rules, error) {
	r := &Rules{}
	sorted := c.sortedRules()
	index := make(map[*syntax.Rule]int, len(sorted))
	nStrs := 0
	for i, sr := range sorted {
		index[sr] = i
		nStrs += len(sr.Strings)
	}
	r.rules = make([]ruleDesc, len(index))
	r.strs = make([]strDesc, 0, nStrs)
	r.patterns = make([]*pattern.Pattern, 0, nStrs)
	guardIndex := map[guard]int32{}
	var usages usageAnalyzer
	for nsi, n := range c.namespaces {
		localRules := n.prog.Rules()
		nsStrs := 0
		for _, sr := range localRules {
			nsStrs += len(sr.Strings)
		}
		ids := cond.IDs{Strings: make(map[*syntax.StringDef]int, nsStrs), Rules: make(map[*syntax.Rule]int, len(localRules))}
		nr := &nsRules{name: n.name, strBase: len(r.strs)}
		for local, sr := range localRules {
			ids.Rules[sr] = local
			gi := index[sr]
			nr.rules = append(nr.rules, gi)
			d := ruleDesc{ns: nsi, local: local, name: sr.Name.Name, private: sr.Private, global: sr.Global}
			if len(sr.Tags) > 0 {
				d.tags = make([]string, len(sr.Tags))
				for i, t := range sr.Tags {
					d.tags[i] = t.Name
				}
			}
			d.meta = metaOf(sr)
			use := usages.analyze(sr, n.info)
			gd, leading := r.addGuard(sr, n.info, guardIndex)
			if leading {
				nr.leads = append(nr.leads, leadGuard{rule: int32(local), guard: gd})
			}
			for si, sd := range sr.Strings {
				p := c.patterns[sd]
				if p == nil {
					return nil, fmt.Errorf("yara: rule %s: string %s was not compiled", sd.Name, d.name)
				}
				ids.Strings[sd] = nr.nStrs
				nr.nStrs++
				gs := len(r.strs)
				desc := strDesc{name: sd.Name, private: hasMod(sd, syntax.ModPrivate), hex: isHex(sd), rule: gi}
				u := &use[si]
				desc.single = u == nil || !u.needAll
				desc.at, desc.fixed = u.fixedOffset()
				desc.fixed = desc.fixed && literalString(sd)
				desc.atOnly = u.atOnly()
				desc.unused = u.unused()
				desc.guard = gd
				r.strs = append(r.strs, desc)
				r.patterns = append(r.patterns, p)
				d.strs = append(d.strs, gs)
			}
			r.rules[gi] = d
		}
		prog, err := cond.Compile(n.prog, n.info, ids)
		if err != nil {
			return nil, fmt.Errorf("yara: namespace %s: %w", n.name, err)
		}
		nr.prog = prog
		r.spaces = append(r.spaces, nr)
	}
	if err := r.buildAutomaton(); err != nil {
		return nil, err
	}
	return r, nil
}

// buildAutomaton builds the one automaton over every atom of every string.
func (r *Rules) buildAutomaton() error {
	n := 0
	for _, p := range r.patterns {
		n += len(p.Atoms())
	}
	pats := make([][]byte, 0, n)
	r.atoms = make([]atomRef, 0, n)
	for sid, p := range r.patterns {
		atoms := p.Atoms()
		if len(atoms) == 0 {
			r.fullScan = append(r.fullScan, sid)
			continue
		}
		for _, a := range atoms {
			pats = append(pats, a.Bytes)
			r.atoms = append(r.atoms, atomRef{str: int32(sid), atom: a})
		}
	}
	if len(pats) == 0 {
		return nil
	}
	a, err := ac.Build(pats)
	if err != nil {
		return fmt.Errorf("yara: building the automaton: %w", err)
	}
	r.auto = a
	return nil
}

// metaOf returns the metadata of a rule.
func metaOf(r *syntax.Rule) []Meta {
	if len(r.Meta) == 0 {
		return nil
	}
	// The string values share one allocation: they live as long as the
	// rule anyway.
	n := 0
	for _, m := range r.Meta {
		if m != nil && m.Key != nil {
			if x, ok := m.Value.(*syntax.StringLit); ok {
				n += len(x.Value)
			}
		}
	}
	var buf strings.Builder
	buf.Grow(n)
	for _, m := range r.Meta {
		if m != nil && m.Key != nil {
			if x, ok := m.Value.(*syntax.StringLit); ok {
				buf.Write(x.Value)
			}
		}
	}
	all := buf.String()
	out := make([]Meta, 0, len(r.Meta))
	for _, m := range r.Meta {
		if m == nil || m.Key == nil {
			continue
		}
		var v any
		switch x := m.Value.(type) {
		case *syntax.StringLit:
			v, all = all[:len(x.Value)], all[len(x.Value):]
		case *syntax.IntLit:
			v = x.Value
		case *syntax.BoolLit:
			v = x.Value
		default:
			continue
		}
		out = append(out, Meta{Key: m.Key.Name, Value: v})
	}
	return out
}

// hasMod reports whether the string has the modifier.
func hasMod(d *syntax.StringDef, k syntax.ModKind) bool {
	for _, m := range d.Modifiers {
		if m != nil && m.Kind == k {
			return true
		}
	}
	return false
}

// isHex reports whether the string is a hex string.
func isHex(d *syntax.StringDef) bool {
	_, ok := d.Value.(*syntax.HexString)
	return ok
}
