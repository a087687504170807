package pattern

import (
	"errors"
	"fmt"
	"math/bits"
	"sync"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// Instructions of this package's programs.
const (
	iByte   uint8 = iota // consume one byte of cls, go to pc+1
	iSplit               // go to x, else (lower priority) to y
	iJmp                 // go to x
	iAssert              // zero-width assertion kind a, then pc+1
	iMatch               // the match ends here
)

// inst is one instruction. It is 16 bytes: the byte classes live in the
// program's class table, which hex strings (whose jumps expand into many
// instructions over few distinct classes) keep small.
type inst struct {
	op  uint8
	a   rxsyntax.Op // iAssert: the assertion's node kind
	cls int32       // iByte: index of the class in prog.classes
	x   int32
	y   int32
}

// prog is a compiled program, run by the Pike VM of Scratch.
type prog struct {
	insts   []inst
	classes []rxsyntax.Class // the distinct classes of the iByte instructions
	// wide makes \b and \B look at wide characters (a byte and a zero
	// byte), as yara does in the wide form of a regex.
	wide bool
	// limit, if positive, is the most bytes a match may span (ScanLimit for
	// regexes); 0 means no limit (hex strings).
	limit int
}

// errProgTooLarge reports a program beyond MaxProgramInsts.
var errProgTooLarge = fmt.Errorf("pattern too large: more than %d instructions after expanding repetitions (MaxProgramInsts)", MaxProgramInsts)

// builders recycles the buffers of progBuilders: compiling a rule set
// builds tens of thousands of programs, each copied out at its exact size.
var builders = sync.Pool{New: func() any { return new(progBuilder) }}

// progBuilder accumulates a program.
type progBuilder struct {
	insts   []inst
	classes []rxsyntax.Class
	byteIdx [256]int32 // 1 + index in classes of each single-byte class, 0 if none
	others  []int32    // indexes in classes of the other classes
	clsIdx  map[rxsyntax.Class]int32
	reverse bool
	err     error
}

// linearClasses is how many distinct multi-byte classes byteInst searches
// linearly before it indexes them in a map: most programs have a handful.
const linearClasses = 16

// byteInst returns an iByte instruction for class c. Single-byte classes
// (most of them) are indexed by their byte.
func (b *progBuilder) byteInst(c *rxsyntax.Class) inst {
	if v, ok := singleByte(c); ok {
		if i := b.byteIdx[v]; i > 0 {
			return inst{op: iByte, cls: i - 1}
		}
		i := int32(len(b.classes))
		b.classes = append(b.classes, *c)
		b.byteIdx[v] = i + 1
		return inst{op: iByte, cls: i}
	}
	if len(b.others) <= linearClasses {
		for _, i := range b.others {
			if b.classes[i] == *c {
				return inst{op: iByte, cls: i}
			}
		}
	} else if i, ok := b.clsIdx[*c]; ok {
		return inst{op: iByte, cls: i}
	}
	i := int32(len(b.classes))
	b.classes = append(b.classes, *c)
	b.others = append(b.others, i)
	if len(b.others) > linearClasses {
		if b.clsIdx == nil {
			b.clsIdx = make(map[rxsyntax.Class]int32, 2*linearClasses)
			for _, j := range b.others {
				b.clsIdx[b.classes[j]] = j
			}
		}
		b.clsIdx[*c] = i
	}
	return inst{op: iByte, cls: i}
}

// singleByte returns the only member of c, if it has exactly one.
func singleByte(c *rxsyntax.Class) (byte, bool) {
	v, n := 0, 0
	for i, w := range c {
		if w != 0 {
			n += bits.OnesCount64(w)
			v = 64*i + bits.TrailingZeros64(w)
		}
	}
	return byte(v), n == 1
}

// compileProg compiles n; reversed, it matches the reversed strings
// (consumed right to left).
func compileProg(n *rxsyntax.Node, reverse bool) (*prog, error) {
	b := builders.Get().(*progBuilder)
	defer func() {
		for i := range b.classes {
			if v, ok := singleByte(&b.classes[i]); ok {
				b.byteIdx[v] = 0
			}
		}
		b.insts, b.classes, b.others = b.insts[:0], b.classes[:0], b.others[:0]
		b.clsIdx, b.reverse, b.err = nil, false, nil
		builders.Put(b)
	}()
	b.reverse = reverse
	b.node(n, 0)
	b.emit(inst{op: iMatch})
	if b.err != nil {
		return nil, b.err
	}
	// Exact-size copies: programs live as long as the rules.
	return &prog{insts: append([]inst(nil), b.insts...), classes: append([]rxsyntax.Class(nil), b.classes...)}, nil
}

func (b *progBuilder) emit(in inst) int32 {
	if len(b.insts) >= MaxProgramInsts {
		if b.err == nil {
			b.err = errProgTooLarge
		}
		return int32(len(b.insts))
	}
	b.insts = append(b.insts, in)
	return int32(len(b.insts) - 1)
}

// patch sets a target of instruction pc, if it exists.
func (b *progBuilder) patch(pc int32, x, y int32) {
	if int(pc) < len(b.insts) {
		if x >= 0 {
			b.insts[pc].x = x
		}
		if y >= 0 {
			b.insts[pc].y = y
		}
	}
}

func (b *progBuilder) here() int32 { return int32(len(b.insts)) }

func (b *progBuilder) node(n *rxsyntax.Node, depth int) {
	if b.err != nil {
		return
	}
	if depth > maxTreeDepth {
		b.err = errTooDeep
		return
	}
	switch n.Op {
	case rxsyntax.OpEmpty:
	case rxsyntax.OpLiteral:
		for i := range n.Lit {
			c := n.Lit[i]
			if b.reverse {
				c = n.Lit[len(n.Lit)-1-i]
			}
			var cls rxsyntax.Class
			cls.Add(c)
			if n.Fold {
				cls.FoldCase()
			}
			b.emit(b.byteInst(&cls))
		}
	case rxsyntax.OpAnyByte, rxsyntax.OpAnyNotNL:
		var cls rxsyntax.Class
		cls.Negate()
		if n.Op == rxsyntax.OpAnyNotNL {
			cls[0] &^= 1 << '\n'
		}
		b.emit(b.byteInst(&cls))
	case rxsyntax.OpClass:
		b.emit(b.byteInst(&n.Class))
	case rxsyntax.OpConcat, rxsyntax.OpGroup:
		for i := range n.Subs {
			s := n.Subs[i]
			if b.reverse {
				s = n.Subs[len(n.Subs)-1-i]
			}
			b.node(s, depth+1)
		}
	case rxsyntax.OpAlternate:
		var jumps []int32
		for i, s := range n.Subs {
			if i < len(n.Subs)-1 {
				split := b.emit(inst{op: iSplit})
				b.patch(split, split+1, -1)
				b.node(s, depth+1)
				jumps = append(jumps, b.emit(inst{op: iJmp}))
				b.patch(split, -1, b.here())
			} else {
				b.node(s, depth+1)
			}
		}
		for _, j := range jumps {
			b.patch(j, b.here(), -1)
		}
	case rxsyntax.OpRepeat:
		b.repeat(n, depth)
	case rxsyntax.OpBeginText, rxsyntax.OpEndText, rxsyntax.OpWordBoundary, rxsyntax.OpNoWordBoundary:
		b.emit(inst{op: iAssert, a: n.Op})
	default:
		b.err = fmt.Errorf("unknown regex node %v", n.Op)
	}
}

// split emits a split preferring the next instruction when greedy, and
// returns its pc; the other target is patched later with setOut.
func (b *progBuilder) split(greedy bool) int32 {
	pc := b.emit(inst{op: iSplit})
	if greedy {
		b.patch(pc, pc+1, -1)
	} else {
		b.patch(pc, -1, pc+1)
	}
	return pc
}

// setOut points the non-body target of split pc at target.
func (b *progBuilder) setOut(pc int32, greedy bool, target int32) {
	if greedy {
		b.patch(pc, -1, target)
	} else {
		b.patch(pc, target, -1)
	}
}

func (b *progBuilder) repeat(n *rxsyntax.Node, depth int) {
	if len(n.Subs) != 1 {
		b.err = errors.New("repetition without a body")
		return
	}
	sub := n.Subs[0]
	for i := 0; i < n.Min && b.err == nil; i++ {
		b.node(sub, depth+1)
	}
	if n.Max < 0 {
		loop := b.split(n.Greedy)
		b.node(sub, depth+1)
		b.patch(b.emit(inst{op: iJmp}), loop, -1)
		b.setOut(loop, n.Greedy, b.here())
		return
	}
	var outs []int32
	for i := n.Min; i < n.Max && b.err == nil; i++ {
		outs = append(outs, b.split(n.Greedy))
		b.node(sub, depth+1)
	}
	for _, pc := range outs {
		b.setOut(pc, n.Greedy, b.here())
	}
}

// assertAt evaluates a zero-width assertion between data[i-1] and data[i].
// With wide, \b and \B compare wide characters: the character before i is
// a word character if data[i-2] is a word byte and data[i-1] is zero, the
// character at i if data[i] is a word byte and data[i+1] is zero (yara's
// behaviour, checked with yara -s).
func assertAt(op rxsyntax.Op, data []byte, i int, wide bool) bool {
	switch op {
	case rxsyntax.OpBeginText:
		return i == 0
	case rxsyntax.OpEndText:
		return i == len(data)
	}
	var before, after bool
	if wide {
		before = i >= 2 && rxsyntax.IsWordByte(data[i-2]) && data[i-1] == 0
		after = i+1 < len(data) && rxsyntax.IsWordByte(data[i]) && data[i+1] == 0
	} else {
		before = i > 0 && rxsyntax.IsWordByte(data[i-1])
		after = i < len(data) && rxsyntax.IsWordByte(data[i])
	}
	if op == rxsyntax.OpWordBoundary {
		return before != after
	}
	return before == after
}
