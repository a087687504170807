package pattern

import (
	"math/bits"
	"sync"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// siteSpec is one atom site found in a syntax tree: the positions of its
// atom window and the items that precede the atom in every match through
// it. Both are kept in a cheap form while candidates are compared; atoms
// and prefix build the final values.
type siteSpec struct {
	win  []position // the atom window (a copy)
	pre  *chain     // the items before the run holding the window
	upTo []*rxsyntax.Node
}

// atoms returns the byte strings of the site's atom.
func (sp *siteSpec) atoms() [][]byte { return expand(sp.win) }

// prefix returns the items that precede the atom.
func (sp *siteSpec) prefix() []*rxsyntax.Node { return sp.pre.with(sp.upTo) }

// chain is a prefix of items built by the recursion of best: the items of
// its parent, then items. bounded caches whether it has a maximum length.
type chain struct {
	parent  *chain
	items   []*rxsyntax.Node
	bounded bool
}

// with returns the items of c followed by more, as one new slice.
func (c *chain) with(more []*rxsyntax.Node) []*rxsyntax.Node {
	var parts [][]*rxsyntax.Node
	n := len(more)
	for x := c; x != nil; x = x.parent {
		parts = append(parts, x.items)
		n += len(x.items)
	}
	out := make([]*rxsyntax.Node, 0, n)
	for i := len(parts) - 1; i >= 0; i-- {
		out = append(out, parts[i]...)
	}
	return append(out, more...)
}

// isBounded reports whether the items of c have a maximum length.
func (c *chain) isBounded() bool { return c == nil || c.bounded }

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
	// alt holds, by form, yara's atom sites when the alternation model
	// applies to the form (yaraalt.go).
	alt []altForm
	// run and runIdx are buffers shared by the calls of best: a call
	// empties its run before it recurses.
	run    []position
	runIdx []int
}

// runBuf is a pair of run buffers kept in runBufs between selectors.
type runBuf struct {
	run []position
	idx []int
}

// runBufs recycles the run buffers of selectors (release).
var runBufs sync.Pool

// release gives the selector's buffers back for reuse; the selector must
// not be used after.
func (s *selector) release() {
	if s.run != nil {
		runBufs.Put(&runBuf{run: s.run[:0], idx: s.runIdx[:0]})
		s.run, s.runIdx = nil, nil
	}
}

// concat returns a new slice holding a then b.
func concat(a, b []*rxsyntax.Node) []*rxsyntax.Node {
	out := make([]*rxsyntax.Node, 0, len(a)+len(b))
	return append(append(out, a...), b...)
}

// best returns the best choice of atoms for the tree n, whose matches are
// preceded by pre, and whether there is one.
func (s *selector) best(n *rxsyntax.Node, pre *chain, depth int) (choice, bool) {
	if depth > maxTreeDepth {
		return choice{}, false
	}
	items, err := flatItems(n, depth)
	if err != nil {
		return choice{}, false
	}
	if cap(s.run) < len(items) {
		if s.run == nil {
			// Reuse the buffers of an earlier selector: they grow to the
			// longest string compiled and are shared, one at a time.
			if b, ok := runBufs.Get().(*runBuf); ok {
				s.run, s.runIdx = b.run, b.idx
			}
		}
		if cap(s.run) < len(items) {
			s.run, s.runIdx = make([]position, 0, len(items)), make([]int, 0, len(items))
		}
	}
	// unbounded is the index of the first item without a maximum length:
	// a prefix of items[:i] is bounded iff pre is and i <= unbounded. It
	// is found as the items are visited (the loop below may stop early),
	// which is enough: every i asked about is at most the current item's.
	unbounded := len(items)
	seen := 0 // items checked for unbounded
	checkUnbounded := func(i int) {
		for ; s.boundedPrefix && seen <= i && unbounded == len(items); seen++ {
			if _, hi := lengths(items[seen], depth); hi < 0 {
				unbounded = seen
			}
		}
	}
	prefixOK := func(i int) bool { return !s.boundedPrefix || pre.isBounded() && i <= unbounded }
	sub := func(i int) *chain {
		return &chain{parent: pre, items: items[:i], bounded: pre.isBounded() && i <= unbounded}
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
	run, runIdx := s.run[:0], s.runIdx[:0]
	defer func() { s.run, s.runIdx = run[:0], runIdx[:0] }()
	// rb is the best window of run so far (bestWindow's, incrementally).
	var rb runBest
	rb.reset()
	flush := func() {
		if st, l, q := rb.start, rb.n, rb.q; l > 0 && prefixOK(runIdx[st]) {
			c := choice{q: q, natoms: variants(run[st : st+l])}
			if c.natoms >= 1 && c.natoms <= MaxAtomsPerString && (!found || c.better(&bestC)) {
				win := append([]position(nil), run[st:st+l]...)
				c.sites = []siteSpec{{win: win, pre: pre, upTo: items[:runIdx[st]]}}
				bestC, found = c, true
			}
		}
		run, runIdx = run[:0], runIdx[:0]
		rb.reset()
	}
	// push appends a position of item i to the run and reports whether the
	// run's best window can no longer be beaten (the rest of the run cannot
	// change it): one atom of the highest quality whose prefix is usable.
	push := func(p position, i int) bool {
		run = append(run, p)
		runIdx = append(runIdx, i)
		rb.add(run)
		return rb.q == maxWindowQuality && variants(run[rb.start:rb.start+rb.n]) == 1 && prefixOK(runIdx[rb.start])
	}
	// unbeatable reports whether no choice can be better than bestC: the
	// items left need not be looked at (every replacement is strict).
	unbeatable := func() bool { return found && bestC.q == maxWindowQuality && bestC.natoms == 1 }
	for i, it := range items {
		checkUnbounded(i)
		if p, ok := singlePosition(it); ok {
			if push(p, i) {
				flush()
				return bestC, found
			}
			continue
		}
		if it.IsAssertion() {
			continue // zero width: the bytes around it are still adjacent
		}
		if it.Op == rxsyntax.OpRepeat && it.Min >= 1 && len(it.Subs) == 1 {
			if p, ok := singlePosition(it.Subs[0]); ok {
				// The first iteration extends the run, which then ends.
				push(p, i)
				flush()
				if unbeatable() {
					return bestC, found
				}
				continue
			}
		}
		flush()
		if unbeatable() {
			return bestC, found
		}
		s.run, s.runIdx = run, runIdx
		switch it.Op {
		case rxsyntax.OpAlternate:
			if c, ok := s.alternation(it, sub(i), depth); ok {
				consider(c)
			}
		case rxsyntax.OpRepeat:
			if it.Min >= 1 && len(it.Subs) == 1 {
				if c, ok := s.best(it.Subs[0], sub(i), depth+1); ok {
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
func (s *selector) alternation(n *rxsyntax.Node, pre *chain, depth int) (choice, bool) {
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

// singlePosition returns the position of an item that matches exactly one
// byte out of at most MaxAtomVariants.
func singlePosition(n *rxsyntax.Node) (position, bool) {
	switch n.Op {
	case rxsyntax.OpLiteral:
		if len(n.Lit) == 1 {
			return posOf(n.Lit[0], n.Fold), true
		}
	case rxsyntax.OpClass:
		if b, ok := singleByte(&n.Class); ok {
			return bytePositions[b], true
		}
		cnt := 0
		for _, w := range n.Class {
			cnt += bits.OnesCount64(w)
		}
		if cnt > MaxAtomVariants {
			return position{}, false
		}
		p := newPosition(&n.Class)
		if p.n >= 1 && p.n <= MaxAtomVariants {
			return p, true
		}
	}
	return position{}, false
}
