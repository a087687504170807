package refmatch

import (
	"errors"
	"fmt"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// opcode is the kind of an instruction of a program.
type opcode uint8

// The instructions. A program is a list of them run by backtrack; the
// successors of an instruction are listed in priority order, the order in
// which yara (like Perl) prefers them.
const (
	opByte     opcode = iota // consume one byte of class (then a zero byte if wide); go to pc+1
	opSplit                  // go to x, else to y
	opJmp                    // go to x
	opSkip                   // consume min..max bytes of any value, fewest first (a hex jump); go to pc+1
	opBegin                  // assert the position is 0
	opEnd                    // assert the position is the end of the data
	opWordB                  // assert a word boundary (\b)
	opNotWordB               // assert no word boundary (\B)
	opMatch                  // the match ends here
)

// inst is one instruction.
type inst struct {
	op       opcode
	class    rxsyntax.Class // opByte
	wide     bool           // opByte: a zero byte must follow the byte; opWordB, opNotWordB: look at wide characters
	x, y     int            // opSplit, opJmp targets
	min, max int            // opSkip bounds; max -1 is unbounded
}

// errProgramTooLong is returned when a pattern unrolls to more than MaxProgramLen instructions.
var errProgramTooLong = errors.New("pattern too large: more than MaxProgramLen instructions after unrolling repetitions")

// builder accumulates a program.
type builder struct {
	prog []inst
	err  error
	// hex compiles a lazy repetition of OpAnyByte as a hex jump (opSkip).
	hex bool
}

// emit appends an instruction and returns its index.
func (b *builder) emit(in inst) int {
	if len(b.prog) >= MaxProgramLen {
		if b.err == nil {
			b.err = errProgramTooLong
		}
		return len(b.prog) - 1
	}
	b.prog = append(b.prog, in)
	return len(b.prog) - 1
}

// compileRegex compiles a regex syntax tree; wide makes each consumed
// byte be followed by a zero byte, as yara's wide modifier does for regexes.
func compileRegex(n *rxsyntax.Node, wide bool) ([]inst, error) {
	b := &builder{}
	b.regex(n, wide, 0)
	b.emit(inst{op: opMatch})
	return b.prog, b.err
}

// regex emits the code of n.
func (b *builder) regex(n *rxsyntax.Node, wide bool, depth int) {
	if b.err != nil {
		return
	}
	if depth > rxsyntax.MaxNestingDepth*2 {
		b.err = fmt.Errorf("regex nested too deeply")
		return
	}
	switch n.Op {
	case rxsyntax.OpEmpty, rxsyntax.OpGroup, rxsyntax.OpConcat:
		for _, s := range n.Subs {
			b.regex(s, wide, depth+1)
		}
	case rxsyntax.OpLiteral:
		for _, c := range n.Lit {
			var cl rxsyntax.Class
			cl.Add(c)
			if n.Fold {
				cl.FoldCase()
			}
			b.emit(inst{op: opByte, class: cl, wide: wide})
		}
	case rxsyntax.OpAnyByte, rxsyntax.OpAnyNotNL:
		var cl rxsyntax.Class
		cl.Negate()
		if n.Op == rxsyntax.OpAnyNotNL {
			cl[0] &^= 1 << '\n'
		}
		b.emit(inst{op: opByte, class: cl, wide: wide})
	case rxsyntax.OpClass:
		b.emit(inst{op: opByte, class: n.Class, wide: wide})
	case rxsyntax.OpAlternate:
		b.alternate(len(n.Subs), func(i int) { b.regex(n.Subs[i], wide, depth+1) })
	case rxsyntax.OpRepeat:
		if b.hex && !n.Greedy && n.Subs[0].Op == rxsyntax.OpAnyByte {
			b.emit(inst{op: opSkip, min: n.Min, max: n.Max})
			return
		}
		b.repeat(n.Min, n.Max, n.Greedy, func() { b.regex(n.Subs[0], wide, depth+1) })
	case rxsyntax.OpBeginText:
		b.emit(inst{op: opBegin})
	case rxsyntax.OpEndText:
		b.emit(inst{op: opEnd})
	case rxsyntax.OpWordBoundary:
		b.emit(inst{op: opWordB, wide: wide})
	case rxsyntax.OpNoWordBoundary:
		b.emit(inst{op: opNotWordB, wide: wide})
	default:
		b.err = fmt.Errorf("unknown regex node %v", n.Op)
	}
}

// alternate emits n alternatives, preferring earlier ones.
func (b *builder) alternate(n int, alt func(i int)) {
	var jumps []int
	for i := 0; i < n; i++ {
		split := -1
		if i < n-1 {
			split = b.emit(inst{op: opSplit})
			b.prog[split].x = split + 1
		}
		alt(i)
		if i < n-1 {
			jumps = append(jumps, b.emit(inst{op: opJmp}))
			b.prog[split].y = len(b.prog)
		}
		if b.err != nil {
			return
		}
	}
	for _, j := range jumps {
		b.prog[j].x = len(b.prog)
	}
}

// repeat emits body between min and max times (max -1: unbounded),
// preferring more iterations when greedy and fewer otherwise.
func (b *builder) repeat(min, max int, greedy bool, body func()) {
	for i := 0; i < min && b.err == nil; i++ {
		body()
	}
	pick := func(split, bodyPC, out int) {
		if greedy {
			b.prog[split].x, b.prog[split].y = bodyPC, out
		} else {
			b.prog[split].x, b.prog[split].y = out, bodyPC
		}
	}
	if max < 0 {
		split := b.emit(inst{op: opSplit})
		body()
		b.emit(inst{op: opJmp, x: split})
		pick(split, split+1, len(b.prog))
		return
	}
	var splits []int
	for i := min; i < max && b.err == nil; i++ {
		splits = append(splits, b.emit(inst{op: opSplit}))
		body()
	}
	if b.err != nil {
		return
	}
	for _, s := range splits {
		pick(s, s+1, len(b.prog))
	}
}
