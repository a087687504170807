package regex

import (
	"github.com/overt-sec/overt/yara/regex/syntax"
)

// refBudget is the step budget of the naive reference matcher; past it the
// reference gives up (it is exponential on purpose: it is simple, not fast).
const refBudget = 200000

// errRefBudget is panicked (and recovered) when the reference runs out of steps.
type errRefBudget struct{}

// refMatcher is a deliberately naive backtracking matcher over the syntax
// tree, written independently of the compiler and the VM, with
// continuation passing. It is the oracle of the fuzz and reference tests.
type refMatcher struct {
	data   []byte
	winEnd int
	steps  int
}

// refMatchAt returns the length of the highest-priority match at pos (limited
// to ScanLimit bytes when limited), and done false if the budget ran out.
func refMatchAt(n *syntax.Node, data []byte, pos int, limited bool) (length int, ok, done bool) {
	r := &refMatcher{data: data, winEnd: len(data)}
	if limited && pos+ScanLimit < len(data) {
		r.winEnd = pos + ScanLimit
	}
	defer func() {
		if e := recover(); e != nil {
			if _, isBudget := e.(errRefBudget); !isBudget {
				panic(e)
			}
			length, ok, done = 0, false, false
		}
	}()
	end := -1
	if !r.m(n, pos, func(j int) bool { end = j; return true }) {
		return 0, false, true
	}
	return end - pos, true, true
}

func isWord(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}

func lower(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 32
	}
	return b
}

func (r *refMatcher) m(n *syntax.Node, i int, k func(int) bool) bool {
	r.steps++
	if r.steps > refBudget {
		panic(errRefBudget{})
	}
	switch n.Op {
	case syntax.OpEmpty:
		return k(i)
	case syntax.OpLiteral:
		for j, b := range n.Lit {
			if i+j >= r.winEnd {
				return false
			}
			c := r.data[i+j]
			if c != b && !(n.Fold && lower(c) == lower(b) && lower(b) >= 'a' && lower(b) <= 'z') {
				return false
			}
		}
		return k(i + len(n.Lit))
	case syntax.OpAnyByte:
		return i < r.winEnd && k(i+1)
	case syntax.OpAnyNotNL:
		return i < r.winEnd && r.data[i] != '\n' && k(i+1)
	case syntax.OpClass:
		return i < r.winEnd && n.Class.Has(r.data[i]) && k(i+1)
	case syntax.OpConcat:
		return r.seq(n.Subs, i, k)
	case syntax.OpAlternate:
		for _, s := range n.Subs {
			if r.m(s, i, k) {
				return true
			}
		}
		return false
	case syntax.OpGroup:
		return r.m(n.Subs[0], i, k)
	case syntax.OpRepeat:
		return r.rep(n, 0, i, k)
	case syntax.OpBeginText:
		return i == 0 && k(i)
	case syntax.OpEndText:
		return i == len(r.data) && k(i)
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		before := i > 0 && isWord(r.data[i-1])
		after := i < r.winEnd && isWord(r.data[i])
		if (before != after) == (n.Op == syntax.OpWordBoundary) {
			return k(i)
		}
		return false
	}
	panic("unknown op")
}

func (r *refMatcher) seq(subs []*syntax.Node, i int, k func(int) bool) bool {
	if len(subs) == 0 {
		return k(i)
	}
	return r.m(subs[0], i, func(j int) bool { return r.seq(subs[1:], j, k) })
}

// rep matches the rest of a repeat after count iterations. In an unbounded
// loop, an iteration past the minimum that consumes nothing fails (which is
// what keeps the loop finite).
func (r *refMatcher) rep(n *syntax.Node, count, i int, k func(int) bool) bool {
	sub := n.Subs[0]
	if count < n.Min {
		return r.m(sub, i, func(j int) bool { return r.rep(n, count+1, j, k) })
	}
	if n.Max >= 0 && count >= n.Max {
		return k(i)
	}
	more := func() bool {
		return r.m(sub, i, func(j int) bool {
			if n.Max < 0 && j == i {
				return false
			}
			next := count + 1
			if n.Max < 0 {
				next = count // unbounded: the count no longer matters
			}
			return r.rep(n, next, j, k)
		})
	}
	if n.Greedy {
		return more() || k(i)
	}
	return k(i) || more()
}
