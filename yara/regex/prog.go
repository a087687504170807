package regex

import (
	"fmt"
	"strings"

	"github.com/overt-sec/overt/yara/regex/syntax"
)

// opcode is an instruction kind.
type opcode uint8

const (
	opByte   opcode = iota // consume data[i] == b
	opClass                // consume a byte of classes[x]
	opAny                  // consume any byte
	opSplit                // continue at x (preferred) and at y
	opJmp                  // continue at x
	opAssert               // zero-width test of kind b, then continue at pc+1
	opMatch                // report a match
)

// Assertion kinds stored in inst.b of an opAssert.
const (
	assertBegin byte = iota
	assertEnd
	assertWord
	assertNotWord
)

// inst is one instruction.
type inst struct {
	op opcode
	b  byte  // byte for opByte, kind for opAssert
	x  int32 // target (opSplit, opJmp) or class index (opClass)
	y  int32 // second target of opSplit
}

// prog is a compiled program; execution starts at pc 0.
type prog struct {
	insts   []inst
	classes []syntax.Class
}

// accepts reports whether the instruction at pc consumes the byte c.
func (p *prog) accepts(pc int32, c byte) bool {
	in := &p.insts[pc]
	switch in.op {
	case opByte:
		return c == in.b
	case opClass:
		return p.classes[in.x].Has(c)
	case opAny:
		return true
	}
	return false
}

// String lists the program, one instruction a line, for debugging.
func (p *prog) String() string {
	var b strings.Builder
	for pc, in := range p.insts {
		fmt.Fprintf(&b, "%4d ", pc)
		switch in.op {
		case opByte:
			fmt.Fprintf(&b, "byte %q\n", in.b)
		case opClass:
			fmt.Fprintf(&b, "class %d\n", in.x)
		case opAny:
			b.WriteString("any\n")
		case opSplit:
			fmt.Fprintf(&b, "split %d, %d\n", in.x, in.y)
		case opJmp:
			fmt.Fprintf(&b, "jmp %d\n", in.x)
		case opAssert:
			fmt.Fprintf(&b, "assert %s\n", [...]string{"^", "$", `\b`, `\B`}[in.b])
		case opMatch:
			b.WriteString("match\n")
		}
	}
	return b.String()
}
