package refmatch

import (
	"math/bits"
	"sort"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// This file is yara's alternation model (SEMANTICS.md, "Alternations"): when
// yara's atoms of a regex or hex string lie in an alternation, the match
// length at an offset depends on which atom reported it first.

// Quality points of yara's atoms (SEMANTICS.md).
const (
	qByte     = 20
	qAlpha    = 18
	qCommon   = 12
	qWildcard = -10
	qNibble   = 4
	qUnique   = 2
	maxWindow = 4 // yara's atoms are at most 4 bytes
)

// apos is one position of a run: an exact byte, a wildcard or a nibble,
// and the node it comes from.
type apos struct {
	kind int // 0 exact, 1 any, 2 nibble
	b    byte
	node *rxsyntax.Node
	item int // index of the item in its concatenation
	rep  int // the iteration of a repeated item
}

// asite is one atom site: its window and the items before and from it.
type asite struct {
	win      []apos
	pre, suf []*rxsyntax.Node
	inAlt    bool
}

// achoice is a set of sites and its quality.
type achoice struct {
	sites []asite
	q     int
	or    bool
}

// chooser makes yara's atom choice.
type chooser struct{ hex, wide bool }

func isCommon(b byte) bool { return b == 0 || b == 0x20 || b == 0xCC || b == 0xFF }

// score is yara's quality of a window.
func score(w []apos) int {
	q := 0
	seen := map[byte]bool{}
	same := true
	for _, p := range w {
		switch p.kind {
		case 1:
			q += qWildcard
			same = false
			continue
		case 2:
			q += qNibble
			same = false
			continue
		}
		switch {
		case isCommon(p.b):
			q += qCommon
		case p.b >= 'a' && p.b <= 'z' || p.b >= 'A' && p.b <= 'Z':
			q += qAlpha
		default:
			q += qByte
		}
		seen[p.b] = true
		if w[0].kind != 0 || p.b != w[0].b {
			same = false
		}
	}
	if same && len(w) > 1 && isCommon(w[0].b) {
		return qCommon + qUnique
	}
	return q + qUnique*len(seen)
}

// position returns the run position of a node, if it has one.
func (c *chooser) position(n *rxsyntax.Node) (apos, bool) {
	switch n.Op {
	case rxsyntax.OpLiteral:
		if len(n.Lit) == 1 {
			return apos{b: n.Lit[0], node: n}, true
		}
	case rxsyntax.OpAnyByte, rxsyntax.OpAnyNotNL:
		return apos{kind: 1, node: n}, !c.wide
	case rxsyntax.OpClass:
		if !c.hex {
			return apos{}, false
		}
		var members []byte
		for v := 0; v < 256; v++ {
			if n.Class.Has(byte(v)) {
				members = append(members, byte(v))
			}
		}
		switch {
		case len(members) == 256:
			return apos{kind: 1, node: n}, !c.wide
		case len(members) == 1:
			return apos{b: members[0], node: n}, true
		case len(members) == 16:
			hi, lo := true, true
			for _, v := range members {
				hi = hi && v>>4 == members[0]>>4
				lo = lo && v&15 == members[0]&15
			}
			if hi || lo {
				return apos{kind: 2, node: n}, true
			}
		}
	}
	return apos{}, false
}

// items flattens a concatenation into single positions and other nodes.
func items(n *rxsyntax.Node, out []*rxsyntax.Node) []*rxsyntax.Node {
	switch n.Op {
	case rxsyntax.OpConcat, rxsyntax.OpGroup:
		for _, s := range n.Subs {
			out = items(s, out)
		}
	case rxsyntax.OpEmpty:
	case rxsyntax.OpLiteral:
		for i := range n.Lit {
			out = append(out, &rxsyntax.Node{Op: rxsyntax.OpLiteral, Lit: n.Lit[i : i+1], Fold: n.Fold})
		}
	default:
		out = append(out, n)
	}
	return out
}

func join(parts ...[]*rxsyntax.Node) []*rxsyntax.Node {
	var out []*rxsyntax.Node
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// rest is repetition r without its first k iterations, or nil.
func rest(r *rxsyntax.Node, k int) []*rxsyntax.Node {
	mx := r.Max
	if mx >= 0 {
		if mx -= k; mx <= 0 {
			return nil
		}
	}
	return []*rxsyntax.Node{{Op: rxsyntax.OpRepeat, Min: max(r.Min-k, 0), Max: mx, Greedy: r.Greedy, Subs: r.Subs}}
}

// best is yara's choice for n between pre and post.
func (c *chooser) best(n *rxsyntax.Node, pre, post []*rxsyntax.Node, depth int) (achoice, bool) {
	if depth > syntax.MaxNestingDepth*4 {
		return achoice{}, false
	}
	its := items(n, nil)
	var bestC achoice
	found := false
	var run []apos
	flush := func() {
		if len(run) > 0 {
			bs, bl, bq := 0, 0, -1<<30
			for i := range run {
				for l := 1; l <= maxWindow && i+l <= len(run); l++ {
					if q := score(run[i : i+l]); q > bq {
						bs, bl, bq = i, l, q
					}
				}
			}
			if !found || bq > bestC.q {
				win := append([]apos(nil), run[bs:bs+bl]...)
				i, k := win[0].item, win[0].rep
				it := its[i]
				sp := asite{win: win, pre: join(pre, its[:i])}
				first := []*rxsyntax.Node{it}
				if it.Op == rxsyntax.OpRepeat {
					if k > 0 {
						sp.pre = append(sp.pre, &rxsyntax.Node{Op: rxsyntax.OpRepeat, Min: k, Max: k, Greedy: it.Greedy, Subs: it.Subs})
					}
					first = rest(it, k)
				}
				sp.suf = join(first, its[i+1:], post)
				bestC, found = achoice{sites: []asite{sp}, q: bq}, true
			}
		}
		run = nil
	}
	consider := func(ch achoice) {
		if !found || ch.q > bestC.q || ch.q == bestC.q && ch.or && !bestC.or {
			bestC, found = ch, true
		}
	}
	for i, it := range its {
		if p, ok := c.position(it); ok {
			p.item = i
			run = append(run, p)
			continue
		}
		if it.IsAssertion() {
			continue
		}
		if it.Op == rxsyntax.OpRepeat && it.Min >= 1 {
			if p, ok := c.position(it.Subs[0]); ok {
				for k := 0; k < min(it.Min, maxWindow); k++ {
					q := p
					q.item, q.rep = i, k
					run = append(run, q)
				}
				if it.Min != it.Max {
					flush()
				}
				continue
			}
		}
		flush()
		switch {
		case it.Op == rxsyntax.OpAlternate:
			ch := achoice{q: 1 << 30, or: true}
			ok := true
			for _, sub := range it.Subs {
				sc, sok := c.best(sub, join(pre, its[:i]), join(its[i+1:], post), depth+1)
				if !sok {
					ok = false
					break
				}
				for _, s := range sc.sites {
					s.inAlt = true
					ch.sites = append(ch.sites, s)
				}
				ch.q = min(ch.q, sc.q)
			}
			if ok {
				consider(ch)
			}
		case it.Op == rxsyntax.OpRepeat && it.Min >= 1:
			if ch, ok := c.best(it.Subs[0], join(pre, its[:i]), join(rest(it, 1), its[i+1:], post), depth+1); ok {
				consider(ch)
			}
		}
	}
	flush()
	return bestC, found
}

// ambiguous reports whether n has an alternation that is not a set of
// literals none of which is a prefix of another (ASCII case folded):
// without one, the model reports what leftmost-first matching reports.
func ambiguous(n *rxsyntax.Node) bool {
	if n.Op == rxsyntax.OpAlternate {
		var lits []string
		for _, sub := range n.Subs {
			var s []byte
			its := items(sub, nil)
			if len(its) == 0 {
				return true
			}
			for _, it := range its {
				var b byte
				switch it.Op {
				case rxsyntax.OpLiteral:
					b = it.Lit[0]
				case rxsyntax.OpClass:
					if classLen(&it.Class) != 1 {
						return true
					}
					for v := 0; v < 256; v++ {
						if it.Class.Has(byte(v)) {
							b = byte(v)
						}
					}
				default:
					return true
				}
				if b >= 'A' && b <= 'Z' {
					b += 'a' - 'A'
				}
				s = append(s, b)
			}
			lits = append(lits, string(s))
		}
		for i := range lits {
			for j := range lits {
				if i != j && len(lits[i]) <= len(lits[j]) && lits[j][:len(lits[i])] == lits[i] {
					return true
				}
			}
		}
	}
	for _, s := range n.Subs {
		if ambiguous(s) {
			return true
		}
	}
	return false
}

// greedy reports whether n has a greedy repetition.
func greedy(n *rxsyntax.Node) bool {
	if n.Op == rxsyntax.OpRepeat && n.Greedy {
		return true
	}
	for _, s := range n.Subs {
		if greedy(s) {
			return true
		}
	}
	return false
}

// modelSites returns yara's sites of tree when the model applies.
func modelSites(tree *rxsyntax.Node, hex, wide bool) []asite {
	if !ambiguous(tree) {
		return nil
	}
	c := &chooser{hex: hex, wide: wide}
	ch, ok := c.best(tree, nil, nil, 0)
	if !ok || len(ch.sites) > 64 {
		return nil
	}
	for _, s := range ch.sites {
		if s.inAlt {
			// Every window needs a position that is not a wildcard.
			for _, s := range ch.sites {
				exact := wide // the zero bytes of the wide form are searchable
				for _, p := range s.win {
					exact = exact || p.kind != 1
				}
				if !exact {
					return nil
				}
			}
			return ch.sites
		}
	}
	return nil
}

// modelMatch is one match of the model with its report order.
type modelMatch struct {
	off, n int
	order  [3]int
}

// findModel finds the matches of one form under the model: in yara's report
// order (window end, longer windows first, site rank), every start the
// prefix reaches backward from the window, with the forward length of the
// rest of the pattern from the window; at each offset the first report
// wins, or the last one for a greedy regex. limit is the scan limit of
// regexes (0 for hex strings).
func findModel(sites []asite, wide, hex, fullword, rev, greedyRx bool, limit int, data []byte) ([]candidate, error) {
	type built struct {
		pre, suf *machine
		win      []rxsyntax.Class
		rank     int
	}
	var bs []built
	for i, s := range sites {
		pb := &builder{hex: hex}
		pb.regex(&rxsyntax.Node{Op: rxsyntax.OpConcat, Subs: s.pre}, wide, 0)
		pb.emit(inst{op: opMatch})
		sb := &builder{hex: hex}
		sb.regex(&rxsyntax.Node{Op: rxsyntax.OpConcat, Subs: s.suf}, wide, 0)
		sb.emit(inst{op: opMatch})
		if pb.err != nil || sb.err != nil {
			return nil, errProgramTooLong
		}
		var win []rxsyntax.Class
		for _, p := range s.win {
			var cl rxsyntax.Class
			switch {
			case p.kind == 1:
				cl.Negate()
			case p.node.Op == rxsyntax.OpClass:
				cl = p.node.Class
			default:
				cl.Add(p.b)
				if p.node.Fold {
					cl.FoldCase()
				}
			}
			win = append(win, cl)
			if wide {
				var z rxsyntax.Class
				z.Add(0)
				win = append(win, z)
			}
		}
		if len(win) > maxWindow {
			win = win[:maxWindow]
		}
		rank := i
		if rev {
			rank = len(sites) - 1 - i
		}
		pm := newMachine(pb.prog)
		pm.exact = true
		bs = append(bs, built{pre: pm, suf: newMachine(sb.prog), win: win, rank: rank})
	}
	best := map[int]modelMatch{}
	better := func(a, b [3]int) bool { // a reported before b
		for i := range a {
			if a[i] != b[i] {
				return a[i] < b[i]
			}
		}
		return false
	}
	for e := 1; e <= len(data); e++ {
		for _, b := range bs {
			ws := e - len(b.win)
			if ws < 0 {
				continue
			}
			ok := true
			for k, cl := range b.win {
				ok = ok && cl.Has(data[ws+k])
			}
			if !ok {
				continue
			}
			end := len(data)
			if limit > 0 {
				end = min(end, ws+limit)
			}
			n, ok := b.suf.matchAt(data, ws, end)
			if !ok {
				continue
			}
			order := [3]int{e, -len(b.win), b.rank}
			low := 0
			if limit > 0 {
				low = max(0, ws-limit)
			}
			for s := ws; s >= low; s-- {
				if _, ok := b.pre.matchAt(data, s, ws); !ok {
					continue
				}
				if fullword && !fullwordOK(data, s, ws+n, wide) {
					continue
				}
				m := modelMatch{off: s, n: ws - s + n, order: order}
				old, seen := best[s]
				if !seen || !greedyRx && better(m.order, old.order) || greedyRx && better(old.order, m.order) {
					best[s] = m
				}
			}
		}
	}
	var out []candidate
	for _, m := range best {
		out = append(out, candidate{Match{Offset: m.off, Length: m.n, XorKey: -1, Wide: wide}, 0})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out, nil
}

// classLen is the number of members of a class.
func classLen(c *rxsyntax.Class) int {
	n := 0
	for _, w := range c {
		n += bits.OnesCount64(w)
	}
	return n
}
