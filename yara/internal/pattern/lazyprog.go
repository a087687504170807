package pattern

import (
	"sync"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// lazyProg is the forward program of a hex string, compiled at its first
// use rather than with the rules: a scan verifies few of the strings of a
// large rule set (an atom must be found first), and compiling every
// program made a third of the time spent compiling strings. The tree is
// known to compile (progSize checked its size), so first use cannot fail.
//
// It keeps the hex string's text rather than its tree when hexTextTree
// converts the text: the text is a fraction of the tree's size and holds
// no pointers for the garbage collector to follow.
type lazyProg struct {
	once sync.Once
	text string         // the hex text, converted again at first use
	tree *rxsyntax.Node // or the tree; both dropped once compiled
	prog *prog
}

// newLazyProg returns the lazy forward program of tree, which is
// hexTextTree(text) if text is not empty, or nil if tree must be compiled
// at once: progSize cannot vouch that it compiles.
func newLazyProg(tree *rxsyntax.Node, text string) *lazyProg {
	if n := progSize(tree, 0); n < 0 || n > MaxProgramInsts {
		return nil
	}
	if text != "" {
		return &lazyProg{text: text}
	}
	return &lazyProg{tree: tree}
}

// get returns the program, compiling it on the first call. It is safe for
// concurrent use.
func (l *lazyProg) get() *prog {
	l.once.Do(func() {
		tree, ok := l.tree, true
		if tree == nil {
			tree, ok = hexTextTree(l.text)
		}
		var pr *prog
		err := errProgTooLarge
		if ok {
			pr, err = compileProg(tree, false)
		}
		if err != nil {
			// Unreachable: the text converted before, and progSize
			// accepted the tree, whose only possible error is its size.
			// Never match rather than panic.
			var none rxsyntax.Class
			pr = &prog{insts: []inst{{op: iByte}, {op: iMatch}}, classes: []rxsyntax.Class{none}}
		}
		l.prog, l.tree, l.text = pr, nil, ""
	})
	return l.prog
}

// hexProg returns the forward program of a form run by this package's VM
// (hex strings, wide regexes with \b or \B), or nil for a form without one.
func (f *form) hexProg() *prog {
	if f.hex == nil && f.lazy != nil {
		return f.lazy.get()
	}
	return f.hex
}

// progSize returns the number of instructions compileProg emits for n,
// its final match included, saturated at MaxProgramInsts+1; or -1 if it
// cannot tell (a node compileProg rejects for another reason than size).
// It follows progBuilder.node instruction for instruction.
func progSize(n *rxsyntax.Node, depth int) int {
	s := nodeSize(n, depth)
	if s < 0 {
		return -1
	}
	return min(s+1, maxProgSize)
}

// maxProgSize is the saturation point of nodeSize: beyond MaxProgramInsts
// the exact size does not matter.
const maxProgSize = MaxProgramInsts + 1

// nodeSize is progSize for one node, without the final match.
func nodeSize(n *rxsyntax.Node, depth int) int {
	if depth > maxTreeDepth {
		return -1
	}
	switch n.Op {
	case rxsyntax.OpEmpty:
		return 0
	case rxsyntax.OpLiteral:
		return min(len(n.Lit), maxProgSize)
	case rxsyntax.OpAnyByte, rxsyntax.OpAnyNotNL, rxsyntax.OpClass,
		rxsyntax.OpBeginText, rxsyntax.OpEndText, rxsyntax.OpWordBoundary, rxsyntax.OpNoWordBoundary:
		return 1
	case rxsyntax.OpConcat, rxsyntax.OpGroup, rxsyntax.OpAlternate:
		t := 0
		for i, s := range n.Subs {
			k := nodeSize(s, depth+1)
			if k < 0 {
				return -1
			}
			if n.Op == rxsyntax.OpAlternate && i < len(n.Subs)-1 {
				k += 2 // the split before and the jump after the alternative
			}
			t = min(t+k, maxProgSize)
		}
		return t
	case rxsyntax.OpRepeat:
		if len(n.Subs) != 1 {
			return -1
		}
		k := nodeSize(n.Subs[0], depth+1)
		if k < 0 {
			return -1
		}
		t := mulSat(k, n.Min, maxProgSize)
		if n.Max < 0 {
			return min(t+k+2, maxProgSize) // split, body, jump
		}
		return min(t+mulSat(k+1, max(n.Max-n.Min, 0), maxProgSize), maxProgSize) // split and body per optional copy
	}
	return -1
}
