package pattern

import (
	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// siteSpec is one atom site found in a syntax tree: the byte strings of
// its atom and the items that precede the atom in every match through it.
type siteSpec struct {
	atoms  [][]byte
	prefix []*rxsyntax.Node
}

// choice is a set of atom sites such that every match of the tree contains
// the atom of at least one of them; q is the quality of its worst site.
type choice struct {
	sites  []siteSpec
	q      int
	natoms int
}

// better reports whether c is preferable to d: higher quality, then fewer atoms.
func (c *choice) better(d *choice) bool {
	if c.q != d.q {
		return c.q > d.q
	}
	return c.natoms < d.natoms
}

// selector finds the best choice of atoms in a syntax tree.
type selector struct {
	boundedPrefix bool // reject sites whose prefix has no maximum length (hex)
}

// concat returns a new slice holding a then b.
func concat(a, b []*rxsyntax.Node) []*rxsyntax.Node {
	out := make([]*rxsyntax.Node, 0, len(a)+len(b))
	return append(append(out, a...), b...)
}

// best returns the best choice of atoms for the tree n, whose matches are
// preceded by pre, and whether there is one.
func (s *selector) best(n *rxsyntax.Node, pre []*rxsyntax.Node, depth int) (choice, bool) {
	if depth > maxTreeDepth {
		return choice{}, false
	}
	items, err := flatten(n, nil, depth)
	if err != nil {
		return choice{}, false
	}
	var bestC choice
	found := false
	consider := func(c choice) {
		if c.natoms == 0 || c.natoms > MaxAtomsPerString {
			return
		}
		if !found || c.better(&bestC) {
			bestC, found = c, true
		}
	}
	var run []position
	var runIdx []int
	flush := func() {
		if len(run) > 0 {
			st, l, q := bestWindow(run)
			if l > 0 {
				prefix := concat(pre, items[:runIdx[st]])
				if s.prefixOK(prefix) {
					atoms := expand(run[st : st+l])
					consider(choice{sites: []siteSpec{{atoms, prefix}}, q: q, natoms: len(atoms)})
				}
			}
		}
		run, runIdx = run[:0], runIdx[:0]
	}
	for i, it := range items {
		if p, ok := singlePosition(it); ok {
			run = append(run, p)
			runIdx = append(runIdx, i)
			continue
		}
		if it.IsAssertion() {
			continue // zero width: the bytes around it are still adjacent
		}
		if it.Op == rxsyntax.OpRepeat && it.Min >= 1 && len(it.Subs) == 1 {
			if p, ok := singlePosition(it.Subs[0]); ok {
				// The first iteration extends the run, which then ends.
				run = append(run, p)
				runIdx = append(runIdx, i)
				flush()
				continue
			}
		}
		flush()
		switch it.Op {
		case rxsyntax.OpAlternate:
			if c, ok := s.alternation(it, concat(pre, items[:i]), depth); ok {
				consider(c)
			}
		case rxsyntax.OpRepeat:
			if it.Min >= 1 && len(it.Subs) == 1 {
				if c, ok := s.best(it.Subs[0], concat(pre, items[:i]), depth+1); ok {
					consider(c)
				}
			}
		}
	}
	flush()
	return bestC, found
}

// alternation returns the choice made of the best choice of every
// alternative; there is none if some alternative has no atom.
func (s *selector) alternation(n *rxsyntax.Node, pre []*rxsyntax.Node, depth int) (choice, bool) {
	c := choice{q: 1 << 30}
	for _, sub := range n.Subs {
		sc, ok := s.best(sub, pre, depth+1)
		if !ok {
			return choice{}, false
		}
		c.sites = append(c.sites, sc.sites...)
		c.q = min(c.q, sc.q)
		c.natoms += sc.natoms
		if c.natoms > MaxAtomsPerString {
			return choice{}, false
		}
	}
	return c, len(c.sites) > 0
}

// prefixOK reports whether atoms may follow prefix.
func (s *selector) prefixOK(prefix []*rxsyntax.Node) bool {
	if !s.boundedPrefix {
		return true
	}
	_, hi := lengths(&rxsyntax.Node{Op: rxsyntax.OpConcat, Subs: prefix}, 0)
	return hi >= 0
}

// singlePosition returns the position of an item that matches exactly one
// byte out of at most MaxAtomVariants.
func singlePosition(n *rxsyntax.Node) (position, bool) {
	switch n.Op {
	case rxsyntax.OpLiteral:
		if len(n.Lit) == 1 {
			return posOf(n.Lit[0], n.Fold), true
		}
	case rxsyntax.OpClass:
		p := position{cls: n.Class, n: n.Class.Count()}
		if p.n >= 1 && p.n <= MaxAtomVariants {
			return p, true
		}
	}
	return position{}, false
}
