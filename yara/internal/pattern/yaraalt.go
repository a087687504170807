package pattern

import (
	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// yara's alternation model. When yara chooses the atoms of a regex or hex
// string inside an alternation (one atom per alternative), the length it
// reports depends on which atom found the match, not on leftmost-first
// priority (see yara/internal/refmatch/SEMANTICS.md, "Alternations"):
//
//   - atoms are chosen as yaraq.go scores them: a concatenation takes its
//     best run or sub-choice (an alternation wins a tie against an earlier
//     run), an alternation takes every alternative's choice;
//   - a hit of the atom window starting at ws is verified by running the
//     rest of the regex forward from ws (leftmost-first, at most ScanLimit
//     bytes), and the part before the window backward from ws: every start
//     s it reaches is a match of length ws-s+forward;
//   - matches at one offset are deduplicated in yara's report order: by the
//     end of the window in the data, then longer windows first, then the
//     alternatives in order (reversed for the nocase modifier and for the
//     wide form, not for both); the first report wins, or the last one if
//     the regex has a greedy quantifier.
//
// The model is used only for a form whose yara atoms lie in an alternation
// and whose tree has an ambiguous alternation (altAmbiguous): elsewhere it
// reports what leftmost-first matching reports. The engine searches its own
// atom inside yara's window (a window may hold wildcards) and orders the
// matches by yara's window through Match.Order.

// altPos is one position of a run, with where it comes from.
type altPos struct {
	yq   yqPos
	node *rxsyntax.Node // the single-position node
	item int            // index of its item in the concatenation
	copy int            // the iteration of a repeated item, else 0
}

// altSpec is one atom site of yara's choice: its window and the items
// before and from the window's first position.
type altSpec struct {
	win      []altPos
	pre, suf []*rxsyntax.Node
	inAlt    bool // the site is in an alternative
}

// altChoice is a choice of sites and its quality.
type altChoice struct {
	sites []altSpec
	q     int
	or    bool // the choice is an alternation's
}

// altSel chooses atoms as yara does, keeping the sites' prefixes and
// suffixes.
type altSel struct {
	hex, wide bool
	yq        yqTree
}

// maxAltSites bounds the sites of yara's choice that the model compiles:
// each site has two programs, and yara strings with more alternatives are
// rare; beyond it the string keeps leftmost-first matching.
const maxAltSites = 64

// yaraSites returns yara's atom sites of tree when the alternation model
// applies to it (see above), or nil.
func yaraSites(tree *rxsyntax.Node, hex, wide bool) []altSpec {
	if !altAmbiguous(tree, 0) {
		return nil
	}
	s := &altSel{hex: hex, wide: wide, yq: yqTree{hex: hex, wide: wide}}
	c, ok := s.best(tree, nil, nil, 0)
	if !ok || len(c.sites) > maxAltSites {
		return nil
	}
	for _, sp := range c.sites {
		if sp.inAlt {
			return c.sites
		}
	}
	return nil
}

// best returns yara's choice for n, whose matches are preceded by pre and
// followed by post.
func (s *altSel) best(n *rxsyntax.Node, pre, post []*rxsyntax.Node, depth int) (altChoice, bool) {
	if depth > maxTreeDepth {
		return altChoice{}, false
	}
	items, err := flatItems(n, depth)
	if err != nil {
		return altChoice{}, false
	}
	var best altChoice
	found := false
	consider := func(c altChoice) {
		if !found || c.q > best.q || c.q == best.q && c.or && !best.or {
			best, found = c, true
		}
	}
	var run []altPos
	flush := func() {
		if len(run) > 0 {
			yqs := make([]yqPos, len(run))
			for i := range run {
				yqs[i] = run[i].yq
			}
			w, q := yqBest(yqs)
			if len(w) > 0 && (!found || q > best.q) {
				st := cap(yqs) - cap(w)
				win := append([]altPos(nil), run[st:st+len(w)]...)
				best, found = altChoice{sites: []altSpec{s.spec(items, win, pre, post)}, q: q}, true
			}
		}
		run = run[:0]
	}
	for i, it := range items {
		if p, ok := s.yq.position(it); ok {
			run = append(run, altPos{yq: p, node: it, item: i})
			continue
		}
		if it.IsAssertion() {
			continue
		}
		if it.Op == rxsyntax.OpRepeat && it.Min >= 1 && len(it.Subs) == 1 {
			if p, ok := s.yq.position(it.Subs[0]); ok {
				for k := 0; k < min(it.Min, yqMaxRepeat); k++ {
					run = append(run, altPos{yq: p, node: it.Subs[0], item: i, copy: k})
				}
				if it.Min != it.Max {
					flush()
				}
				continue
			}
		}
		flush()
		switch it.Op {
		case rxsyntax.OpAlternate:
			pre2, post2 := concat(pre, items[:i]), concat(items[i+1:], post)
			c := altChoice{q: 1 << 30, or: true}
			ok := len(it.Subs) > 0
			for _, sub := range it.Subs {
				sc, sok := s.best(sub, pre2, post2, depth+1)
				if !sok {
					ok = false
					break
				}
				for _, sp := range sc.sites {
					sp.inAlt = true
					c.sites = append(c.sites, sp)
				}
				c.q = min(c.q, sc.q)
				if len(c.sites) > maxAltSites {
					ok = false
					break
				}
			}
			if ok {
				consider(c)
			}
		case rxsyntax.OpRepeat:
			if it.Min >= 1 && len(it.Subs) == 1 {
				post2 := items[i+1:]
				if rest := repeatRest(it, 1); rest != nil {
					post2 = append([]*rxsyntax.Node{rest}, post2...)
				}
				if c, ok := s.best(it.Subs[0], concat(pre, items[:i]), concat(post2, post), depth+1); ok {
					consider(c)
				}
			}
		}
	}
	flush()
	return best, found
}

// repeatRest returns the repetition it without its first k iterations, or
// nil if nothing remains.
func repeatRest(it *rxsyntax.Node, k int) *rxsyntax.Node {
	mx := it.Max
	if mx >= 0 {
		mx -= k
		if mx <= 0 {
			return nil
		}
	}
	return &rxsyntax.Node{Op: rxsyntax.OpRepeat, Pos: it.Pos, Min: max(it.Min-k, 0), Max: mx, Greedy: it.Greedy, Subs: it.Subs}
}

// spec returns the site of window win of a run of items.
func (s *altSel) spec(items []*rxsyntax.Node, win []altPos, pre, post []*rxsyntax.Node) altSpec {
	i, k := win[0].item, win[0].copy
	it := items[i]
	sp := altSpec{win: win}
	sp.pre = concat(pre, items[:i])
	first := it
	if it.Op == rxsyntax.OpRepeat {
		if k > 0 {
			sp.pre = append(sp.pre, &rxsyntax.Node{Op: rxsyntax.OpRepeat, Pos: it.Pos, Min: k, Max: k, Greedy: it.Greedy, Subs: it.Subs})
		}
		first = repeatRest(it, k)
	}
	sp.suf = append([]*rxsyntax.Node{first}, concat(items[i+1:], post)...)
	return sp
}

// altAmbiguous reports whether n has an alternation whose alternatives
// may match at the same position with different lengths: one that is not
// made only of literal alternatives none of which is a prefix of another.
func altAmbiguous(n *rxsyntax.Node, depth int) bool {
	if depth > maxTreeDepth {
		return true
	}
	if n.Op == rxsyntax.OpAlternate {
		lits := make([][]byte, 0, len(n.Subs))
		for _, sub := range n.Subs {
			l, ok := literalOf(sub, depth+1)
			if !ok {
				return true
			}
			lits = append(lits, l)
		}
		for i := range lits {
			for j := range lits {
				if i != j && len(lits[i]) <= len(lits[j]) && foldPrefix(lits[i], lits[j]) {
					return true
				}
			}
		}
	}
	for _, sub := range n.Subs {
		if altAmbiguous(sub, depth+1) {
			return true
		}
	}
	return false
}

// literalOf returns the bytes of a tree made only of literals (and
// single-byte classes), lower-cased where folded.
func literalOf(n *rxsyntax.Node, depth int) ([]byte, bool) {
	items, err := flatten(n, nil, depth)
	if err != nil || len(items) == 0 {
		return nil, false
	}
	out := make([]byte, 0, len(items))
	for _, it := range items {
		switch it.Op {
		case rxsyntax.OpLiteral:
			b := it.Lit[0]
			if it.Fold && b >= 'A' && b <= 'Z' {
				b += 'a' - 'A'
			}
			out = append(out, b)
		case rxsyntax.OpClass:
			b, ok := singleByte(&it.Class)
			if !ok {
				return nil, false
			}
			out = append(out, b)
		default:
			return nil, false
		}
	}
	return out, true
}

// foldPrefix reports whether a is a prefix of b, ASCII case folded.
func foldPrefix(a, b []byte) bool {
	for i := range a {
		x, y := a[i], b[i]
		if x >= 'A' && x <= 'Z' {
			x += 'a' - 'A'
		}
		if y >= 'A' && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// hasGreedy reports whether n has a greedy repetition: yara then lets a
// later report replace an earlier one at the same offset.
func hasGreedy(n *rxsyntax.Node, depth int) bool {
	if depth > maxTreeDepth {
		return false
	}
	if n.Op == rxsyntax.OpRepeat && n.Greedy {
		return true
	}
	for _, sub := range n.Subs {
		if hasGreedy(sub, depth+1) {
			return true
		}
	}
	return false
}
