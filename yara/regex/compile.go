package regex

import (
	"fmt"

	"github.com/overt-sec/overt/yara/regex/syntax"
)

// size returns the number of instructions n compiles to, saturating just
// above MaxInstructions so that nested counted repeats cannot overflow.
func size(n *syntax.Node) int {
	const sat = MaxInstructions + 1
	add := func(a, b int) int { return min(a+b, sat) }
	mul := func(a, b int) int {
		if a == 0 || b == 0 {
			return 0
		}
		if a > sat/b {
			return sat
		}
		return min(a*b, sat)
	}
	switch n.Op {
	case syntax.OpEmpty:
		return 0
	case syntax.OpLiteral:
		return min(len(n.Lit), sat)
	case syntax.OpConcat:
		t := 0
		for _, s := range n.Subs {
			t = add(t, size(s))
		}
		return t
	case syntax.OpAlternate:
		t := 2 * (len(n.Subs) - 1)
		for _, s := range n.Subs {
			t = add(t, size(s))
		}
		return t
	case syntax.OpGroup:
		return size(n.Subs[0])
	case syntax.OpRepeat:
		s := size(n.Subs[0])
		t := mul(n.Min, s)
		if n.Max < 0 {
			return add(t, s+2)
		}
		return add(t, mul(n.Max-n.Min, s+1))
	}
	return 1
}

// compiler emits a program for a tree.
type compiler struct {
	p       prog
	classID map[syntax.Class]int32
}

// compile turns a tree into a program ending in opMatch.
func compile(n *syntax.Node) (*prog, error) {
	if sz := size(n); sz >= MaxInstructions {
		return nil, fmt.Errorf("regular expression too large: more than %d instructions after expanding repeats", MaxInstructions)
	}
	c := &compiler{classID: map[syntax.Class]int32{}}
	c.emitNode(n)
	c.emit(inst{op: opMatch})
	return &c.p, nil
}

func (c *compiler) emit(in inst) int32 {
	c.p.insts = append(c.p.insts, in)
	return int32(len(c.p.insts) - 1)
}

func (c *compiler) pc() int32 { return int32(len(c.p.insts)) }

func (c *compiler) emitClass(cls syntax.Class) {
	if b, ok := cls.Single(); ok {
		c.emit(inst{op: opByte, b: b})
		return
	}
	if cls.Count() == 256 {
		c.emit(inst{op: opAny})
		return
	}
	id, ok := c.classID[cls]
	if !ok {
		id = int32(len(c.p.classes))
		c.p.classes = append(c.p.classes, cls)
		c.classID[cls] = id
	}
	c.emit(inst{op: opClass, x: id})
}

// emitNode appends the code of n. Its recursion depth is bounded by the
// parser's nesting limit.
func (c *compiler) emitNode(n *syntax.Node) {
	switch n.Op {
	case syntax.OpEmpty:
	case syntax.OpLiteral:
		for _, b := range n.Lit {
			if n.Fold && (b|0x20 >= 'a' && b|0x20 <= 'z') {
				var cls syntax.Class
				cls.Add(b)
				cls.FoldCase()
				c.emitClass(cls)
				continue
			}
			c.emit(inst{op: opByte, b: b})
		}
	case syntax.OpAnyByte:
		c.emit(inst{op: opAny})
	case syntax.OpAnyNotNL:
		var cls syntax.Class
		cls.Add('\n')
		cls.Negate()
		c.emitClass(cls)
	case syntax.OpClass:
		c.emitClass(n.Class)
	case syntax.OpConcat:
		for _, s := range n.Subs {
			c.emitNode(s)
		}
	case syntax.OpGroup:
		c.emitNode(n.Subs[0])
	case syntax.OpAlternate:
		c.emitAlternate(n.Subs)
	case syntax.OpRepeat:
		c.emitRepeat(n)
	case syntax.OpBeginText:
		c.emit(inst{op: opAssert, b: assertBegin})
	case syntax.OpEndText:
		c.emit(inst{op: opAssert, b: assertEnd})
	case syntax.OpWordBoundary:
		c.emit(inst{op: opAssert, b: assertWord})
	case syntax.OpNoWordBoundary:
		c.emit(inst{op: opAssert, b: assertNotWord})
	}
}

// emitAlternate emits split L1, next; L1: a; jmp end; next: split ... so
// that earlier alternatives have priority.
func (c *compiler) emitAlternate(subs []*syntax.Node) {
	var jumps []int32
	for i, s := range subs {
		if i == len(subs)-1 {
			c.emitNode(s)
			break
		}
		split := c.emit(inst{op: opSplit})
		c.p.insts[split].x = c.pc()
		c.emitNode(s)
		jumps = append(jumps, c.emit(inst{op: opJmp}))
		c.p.insts[split].y = c.pc()
	}
	for _, j := range jumps {
		c.p.insts[j].x = c.pc()
	}
}

// split emits a split to be patched by patchSplit and returns its pc.
func (c *compiler) split() int32 {
	return c.emit(inst{op: opSplit, x: -1, y: -1})
}

// patchSplit sets the targets of a split: body (the loop or optional body)
// and skip, ordered by greediness.
func (c *compiler) patchSplit(pc, body, skip int32, greedy bool) {
	if greedy {
		c.p.insts[pc].x, c.p.insts[pc].y = body, skip
	} else {
		c.p.insts[pc].x, c.p.insts[pc].y = skip, body
	}
}

// emitRepeat expands x{n,m} into n copies of x followed by m-n nested
// optional copies, or by a loop when m is unbounded.
func (c *compiler) emitRepeat(n *syntax.Node) {
	sub := n.Subs[0]
	for i := 0; i < n.Min; i++ {
		c.emitNode(sub)
	}
	if n.Max < 0 {
		loop := c.split()
		c.emitNode(sub)
		c.emit(inst{op: opJmp, x: loop})
		c.patchSplit(loop, loop+1, c.pc(), n.Greedy)
		return
	}
	var splits []int32
	for i := n.Min; i < n.Max; i++ {
		s := c.split()
		splits = append(splits, s)
		c.emitNode(sub)
	}
	for _, s := range splits {
		c.patchSplit(s, s+1, c.pc(), n.Greedy)
	}
}
