package emu

import (
	"golang.org/x/arch/x86/x86asm"
)

// Register indexes, in x86 encoding order.
const (
	rEAX = iota
	rECX
	rEDX
	rEBX
	rESP
	rEBP
	rESI
	rEDI
)

// EFLAGS bits.
const (
	fCF = 1 << 0
	fPF = 1 << 2
	fAF = 1 << 4
	fZF = 1 << 6
	fSF = 1 << 7
	fTF = 1 << 8
	fIF = 1 << 9
	fDF = 1 << 10
	fOF = 1 << 11

	arithFlags = fCF | fPF | fAF | fZF | fSF | fOF
)

// regs is the register file; it is copied before each instruction so a
// faulting instruction can be rolled back.
type regs struct {
	r     [8]uint32
	eip   uint32
	flags uint32
}

// decoded is a cached decoded instruction.
type decoded struct {
	inst x86asm.Inst
	cc   int // condition code of Jcc, SETcc, CMOVcc
}

// opCond maps the conditional opcodes to their condition code.
var opCond = func() map[x86asm.Op]int {
	m := map[x86asm.Op]int{}
	for op := x86asm.Op(1); op < 4096; op++ {
		name := op.String()
		for _, pre := range []string{"CMOV", "SET", "J"} {
			if len(name) > len(pre) && name[:len(pre)] == pre {
				if cc, ok := condCodes[name[len(pre):]]; ok {
					m[op] = cc
				}
				break
			}
		}
	}
	return m
}()

// cpu is the state of one emulated 32-bit thread.
type cpu struct {
	regs
	mem    *memory
	fsBase uint32
	gsBase uint32
	inst   *x86asm.Inst // instruction being executed
	next   uint32       // address of the next instruction
	tsc    uint64       // time stamp counter
	reps   uint64       // string-instruction iterations, counted as instructions
}

func (c *cpu) flag(f uint32) bool { return c.flags&f != 0 }

func (c *cpu) setFlag(f uint32, on bool) {
	if on {
		c.flags |= f
	} else {
		c.flags &^= f
	}
}

// parity[b] is true when b has an even number of set bits.
var parity = func() (t [256]bool) {
	for i := range t {
		n := 0
		for b := i; b != 0; b >>= 1 {
			n += b & 1
		}
		t[i] = n%2 == 0
	}
	return
}()

func mask(size int) uint32 {
	switch size {
	case 1:
		return 0xff
	case 2:
		return 0xffff
	}
	return 0xffffffff
}

func signBit(size int) uint32 { return 1 << (8*size - 1) }

// signExt sign-extends the size-byte value v to 32 bits.
func signExt(v uint32, size int) uint32 {
	switch size {
	case 1:
		return uint32(int32(int8(v)))
	case 2:
		return uint32(int32(int16(v)))
	}
	return v
}

// setSZP sets SF, ZF and PF from a size-byte result.
func (c *cpu) setSZP(res uint32, size int) {
	res &= mask(size)
	c.flags &^= fSF | fZF | fPF
	if res == 0 {
		c.flags |= fZF
	}
	if res&signBit(size) != 0 {
		c.flags |= fSF
	}
	if parity[res&0xff] {
		c.flags |= fPF
	}
}

// add computes a+b+carry with the flags of ADD/ADC.
func (c *cpu) add(a, b, carry uint32, size int) uint32 {
	m := mask(size)
	a, b = a&m, b&m
	wide := uint64(a) + uint64(b) + uint64(carry)
	res := uint32(wide) & m
	c.flags &^= fCF | fOF | fAF
	if wide > uint64(m) {
		c.flags |= fCF
	}
	if (a^res)&(b^res)&signBit(size) != 0 {
		c.flags |= fOF
	}
	if (a^b^res)&0x10 != 0 {
		c.flags |= fAF
	}
	c.setSZP(res, size)
	return res
}

// sub computes a-b-borrow with the flags of SUB/SBB/CMP.
func (c *cpu) sub(a, b, borrow uint32, size int) uint32 {
	m := mask(size)
	a, b = a&m, b&m
	res := (a - b - borrow) & m
	c.flags &^= fCF | fOF | fAF
	if uint64(a) < uint64(b)+uint64(borrow) {
		c.flags |= fCF
	}
	if (a^b)&(a^res)&signBit(size) != 0 {
		c.flags |= fOF
	}
	if (a^b^res)&0x10 != 0 {
		c.flags |= fAF
	}
	c.setSZP(res, size)
	return res
}

// logic sets the flags of AND/OR/XOR/TEST.
func (c *cpu) logic(res uint32, size int) uint32 {
	res &= mask(size)
	c.flags &^= fCF | fOF | fAF
	c.setSZP(res, size)
	return res
}

// Condition codes of Jcc, SETcc and CMOVcc.
const (
	ccNone = iota
	ccA
	ccAE
	ccB
	ccBE
	ccE
	ccNE
	ccG
	ccGE
	ccL
	ccLE
	ccO
	ccNO
	ccS
	ccNS
	ccP
	ccNP
)

// condCodes maps the mnemonic suffix to its condition code.
var condCodes = map[string]int{
	"A": ccA, "AE": ccAE, "B": ccB, "BE": ccBE, "E": ccE, "NE": ccNE,
	"G": ccG, "GE": ccGE, "L": ccL, "LE": ccLE, "O": ccO, "NO": ccNO,
	"S": ccS, "NS": ccNS, "P": ccP, "NP": ccNP,
}

// cond evaluates a condition code.
func (c *cpu) cond(cc int) bool {
	cf, zf, sf, of := c.flag(fCF), c.flag(fZF), c.flag(fSF), c.flag(fOF)
	switch cc {
	case ccA:
		return !cf && !zf
	case ccAE:
		return !cf
	case ccB:
		return cf
	case ccBE:
		return cf || zf
	case ccE:
		return zf
	case ccNE:
		return !zf
	case ccG:
		return !zf && sf == of
	case ccGE:
		return sf == of
	case ccL:
		return sf != of
	case ccLE:
		return zf || sf != of
	case ccO:
		return of
	case ccNO:
		return !of
	case ccS:
		return sf
	case ccNS:
		return !sf
	case ccP:
		return c.flag(fPF)
	case ccNP:
		return !c.flag(fPF)
	}
	return false
}

// regInfo maps an x86asm register to its index, size and byte shift.
func regInfo(r x86asm.Reg) (idx int, size int, shift uint, ok bool) {
	switch {
	case r >= x86asm.AL && r <= x86asm.BL:
		return int(r - x86asm.AL), 1, 0, true
	case r >= x86asm.AH && r <= x86asm.BH:
		return int(r - x86asm.AH), 1, 8, true
	case r >= x86asm.AX && r <= x86asm.DI:
		return int(r - x86asm.AX), 2, 0, true
	case r >= x86asm.EAX && r <= x86asm.EDI:
		return int(r - x86asm.EAX), 4, 0, true
	}
	return 0, 0, 0, false
}

func (c *cpu) getReg(r x86asm.Reg) uint32 {
	idx, size, shift, ok := regInfo(r)
	if !ok {
		if r >= x86asm.ES && r <= x86asm.GS {
			return segValue(r)
		}
		panic(invalidInst{"register " + r.String()})
	}
	return c.r[idx] >> shift & mask(size)
}

func (c *cpu) setReg(r x86asm.Reg, v uint32) {
	idx, size, shift, ok := regInfo(r)
	if !ok {
		if r >= x86asm.ES && r <= x86asm.GS {
			return // segment loads are ignored: the model is flat
		}
		panic(invalidInst{"register " + r.String()})
	}
	m := mask(size) << shift
	c.r[idx] = c.r[idx]&^m | (v<<shift)&m
}

// segValue gives the selectors Windows uses for 32-bit user code.
func segValue(r x86asm.Reg) uint32 {
	switch r {
	case x86asm.CS:
		return 0x1b
	case x86asm.FS:
		return 0x3b
	case x86asm.GS:
		return 0
	}
	return 0x23
}

// invalidInst is panicked for an instruction the emulator cannot run.
type invalidInst struct{ what string }

// addr computes the linear address of a memory operand.
func (c *cpu) addr(m x86asm.Mem) uint32 {
	var a uint32
	if m.Base != 0 {
		a = c.getReg(m.Base)
	}
	if m.Index != 0 {
		a += c.getReg(m.Index) * uint32(m.Scale)
	}
	a += uint32(m.Disp)
	if c.inst.AddrSize == 16 {
		a &= 0xffff
	}
	switch m.Segment {
	case x86asm.FS:
		a += c.fsBase
	case x86asm.GS:
		a += c.gsBase
	}
	return a
}

// argSize is the size in bytes of an operand.
func (c *cpu) argSize(a x86asm.Arg) int {
	switch a := a.(type) {
	case x86asm.Reg:
		if _, size, _, ok := regInfo(a); ok {
			return size
		}
		return 2
	case x86asm.Mem:
		if c.inst.MemBytes > 0 {
			return c.inst.MemBytes
		}
	}
	return c.inst.DataSize / 8
}

// load reads an operand of size bytes.
func (c *cpu) load(a x86asm.Arg, size int) uint32 {
	switch a := a.(type) {
	case x86asm.Reg:
		return c.getReg(a)
	case x86asm.Mem:
		return c.mem.readN(c.addr(a), size)
	case x86asm.Imm:
		return uint32(a) & mask(size)
	case x86asm.Rel:
		return c.next + uint32(a)
	}
	panic(invalidInst{"operand"})
}

// store writes an operand of size bytes.
func (c *cpu) store(a x86asm.Arg, size int, v uint32) {
	switch a := a.(type) {
	case x86asm.Reg:
		c.setReg(a, v)
		return
	case x86asm.Mem:
		c.mem.writeN(c.addr(a), size, v)
		return
	}
	panic(invalidInst{"destination operand"})
}

func (c *cpu) push(v uint32, size int) {
	c.r[rESP] -= uint32(size)
	if size == 2 {
		c.mem.write16(c.r[rESP], uint16(v))
	} else {
		c.mem.write32(c.r[rESP], v)
	}
}

func (c *cpu) pop(size int) uint32 {
	var v uint32
	if size == 2 {
		v = uint32(c.mem.read16(c.r[rESP]))
	} else {
		v = c.mem.read32(c.r[rESP])
	}
	c.r[rESP] += uint32(size)
	return v
}

// fetch decodes the instruction at eip, through the page's cache.
func (c *cpu) fetch(eip uint32) *decoded {
	p := c.mem.rpage(eip)
	off := uint16(eip & pageMask)
	if p.insts != nil {
		if d := p.insts[off]; d != nil {
			return d
		}
	}
	var buf [15]byte
	n := 0
	for ; n < len(buf); n++ {
		t := c.mem.dir[(eip+uint32(n))>>22]
		if t == nil || t[((eip+uint32(n))>>pageShift)&1023] == nil {
			break
		}
		buf[n] = c.mem.read8(eip + uint32(n))
	}
	inst, err := x86asm.Decode(buf[:n], 32)
	if err != nil {
		if n < len(buf) {
			panic(fault{addr: eip + uint32(n)})
		}
		panic(invalidInst{"undecodable instruction"})
	}
	d := &decoded{inst: inst, cc: opCond[inst.Op]}
	if int(off)+inst.Len <= pageSize && p != zeroPage {
		if p.insts == nil {
			p.insts = make(map[uint16]*decoded)
		}
		p.insts[off] = d
	}
	return d
}
