package emu

import (
	"math/bits"

	"golang.org/x/arch/x86/x86asm"
)

// Exception codes raised to the stub's SEH handlers.
const (
	excAccessViolation = 0xC0000005
	excBreakpoint      = 0x80000003
	excSingleStep      = 0x80000004
	excIllegal         = 0xC000001D
	excDivZero         = 0xC0000094
	excIntOverflow     = 0xC0000095
	excPrivileged      = 0xC0000096
)

// exception is panicked by an instruction that raises a CPU exception.
type exception struct {
	code  uint32
	addr  uint32   // faulting instruction (or next, for traps)
	info  []uint32 // ExceptionInformation
	trap  bool     // eip already advanced (int3 reports its own address)
	where string   // for the stop message
}

func (c *cpu) raise(code uint32, where string) {
	panic(exception{code: code, addr: c.eip, where: where})
}

// step executes the decoded instruction d at c.eip.
func (c *cpu) step(d *decoded) {
	in := &d.inst
	c.inst = in
	c.next = c.eip + uint32(in.Len)
	a := in.Args
	op := in.Op
	switch op {
	case x86asm.NOP, x86asm.PAUSE, x86asm.FWAIT, x86asm.LFENCE, x86asm.MFENCE, x86asm.SFENCE,
		x86asm.PREFETCHNTA, x86asm.PREFETCHT0, x86asm.PREFETCHT1, x86asm.PREFETCHT2, x86asm.PREFETCHW,
		x86asm.FNINIT, x86asm.FNCLEX, x86asm.EMMS:
	case x86asm.MOV:
		size := c.argSize(a[0])
		if s := c.argSize(a[1]); s < size && isSeg(a[1]) {
			size = s
		}
		c.store(a[0], c.argSize(a[0]), c.load(a[1], size))
	case x86asm.MOVZX:
		c.store(a[0], c.argSize(a[0]), c.load(a[1], c.srcSize(a[1])))
	case x86asm.MOVSX:
		s := c.srcSize(a[1])
		c.store(a[0], c.argSize(a[0]), signExt(c.load(a[1], s), s))
	case x86asm.LEA:
		m, ok := a[1].(x86asm.Mem)
		if !ok {
			c.raise(excIllegal, "lea without memory operand")
		}
		m.Segment = 0
		c.store(a[0], c.argSize(a[0]), c.addr(m))
	case x86asm.XCHG:
		s := c.argSize(a[0])
		x, y := c.load(a[0], s), c.load(a[1], s)
		c.store(a[0], s, y)
		c.store(a[1], s, x)
	case x86asm.PUSH:
		s := in.DataSize / 8
		v := c.load(a[0], c.argSizeImm(a[0], s))
		if _, ok := a[0].(x86asm.Imm); ok {
			v = uint32(a[0].(x86asm.Imm))
		}
		c.push(v, s)
	case x86asm.POP:
		s := in.DataSize / 8
		if r, ok := a[0].(x86asm.Reg); ok && isSeg(r) {
			c.pop(s)
			break
		}
		v := c.pop(s)
		c.store(a[0], c.argSize(a[0]), v)
	case x86asm.PUSHAD, x86asm.PUSHA:
		s := in.DataSize / 8
		sp := c.r[rESP]
		for i := 0; i < 8; i++ {
			v := c.r[i]
			if i == rESP {
				v = sp
			}
			c.push(v, s)
		}
	case x86asm.POPAD, x86asm.POPA:
		s := in.DataSize / 8
		for i := 7; i >= 0; i-- {
			v := c.pop(s)
			if i != rESP {
				if s == 2 {
					c.r[i] = c.r[i]&^0xffff | v&0xffff
				} else {
					c.r[i] = v
				}
			}
		}
	case x86asm.PUSHFD, x86asm.PUSHF:
		c.push(c.flags|0x2, in.DataSize/8)
	case x86asm.POPFD, x86asm.POPF:
		v := c.pop(in.DataSize / 8)
		const settable = arithFlags | fTF | fDF | 1<<18 | 1<<21 // AC, ID
		if in.DataSize == 16 {
			c.flags = c.flags&^(settable&0xffff) | v&settable&0xffff
		} else {
			c.flags = c.flags&^settable | v&settable
		}
	case x86asm.LAHF:
		c.r[rEAX] = c.r[rEAX]&^0xff00 | (c.flags&0xd5|2)<<8
	case x86asm.SAHF:
		c.flags = c.flags&^0xd5 | (c.r[rEAX]>>8)&0xd5
	case x86asm.ADD, x86asm.ADC, x86asm.SUB, x86asm.SBB, x86asm.CMP, x86asm.AND, x86asm.OR, x86asm.XOR, x86asm.TEST:
		s := c.argSize(a[0])
		x, y := c.load(a[0], s), c.load(a[1], s)
		var r uint32
		switch op {
		case x86asm.ADD:
			r = c.add(x, y, 0, s)
		case x86asm.ADC:
			r = c.add(x, y, c.flags&fCF, s)
		case x86asm.SUB, x86asm.CMP:
			r = c.sub(x, y, 0, s)
		case x86asm.SBB:
			r = c.sub(x, y, c.flags&fCF, s)
		case x86asm.AND, x86asm.TEST:
			r = c.logic(x&y, s)
		case x86asm.OR:
			r = c.logic(x|y, s)
		case x86asm.XOR:
			r = c.logic(x^y, s)
		}
		if op != x86asm.CMP && op != x86asm.TEST {
			c.store(a[0], s, r)
		}
	case x86asm.INC, x86asm.DEC:
		s := c.argSize(a[0])
		cf := c.flags & fCF
		var r uint32
		if op == x86asm.INC {
			r = c.add(c.load(a[0], s), 1, 0, s)
		} else {
			r = c.sub(c.load(a[0], s), 1, 0, s)
		}
		c.flags = c.flags&^fCF | cf
		c.store(a[0], s, r)
	case x86asm.NEG:
		s := c.argSize(a[0])
		c.store(a[0], s, c.sub(0, c.load(a[0], s), 0, s))
	case x86asm.NOT:
		s := c.argSize(a[0])
		c.store(a[0], s, ^c.load(a[0], s))
	case x86asm.SHL, x86asm.SHR, x86asm.SAR, x86asm.ROL, x86asm.ROR, x86asm.RCL, x86asm.RCR:
		s := c.argSize(a[0])
		n := c.load(a[1], 1) & 0x1f
		c.store(a[0], s, c.shift(op, c.load(a[0], s), n, s))
	case x86asm.SHLD, x86asm.SHRD:
		s := c.argSize(a[0])
		n := c.load(a[2], 1) & 0x1f
		c.store(a[0], s, c.shiftDouble(op == x86asm.SHLD, c.load(a[0], s), c.load(a[1], s), n, s))
	case x86asm.MUL, x86asm.IMUL, x86asm.DIV, x86asm.IDIV:
		c.muldiv(in)
	case x86asm.BT, x86asm.BTS, x86asm.BTR, x86asm.BTC:
		c.bitTest(in)
	case x86asm.BSF, x86asm.BSR:
		s := c.argSize(a[0])
		v := c.load(a[1], s)
		c.setFlag(fZF, v == 0)
		if v != 0 {
			if op == x86asm.BSF {
				c.store(a[0], s, uint32(bits.TrailingZeros32(v)))
			} else {
				c.store(a[0], s, uint32(31-bits.LeadingZeros32(v)))
			}
		}
	case x86asm.BSWAP:
		c.store(a[0], 4, bits.ReverseBytes32(c.load(a[0], 4)))
	case x86asm.XADD:
		s := c.argSize(a[0])
		x, y := c.load(a[0], s), c.load(a[1], s)
		r := c.add(x, y, 0, s)
		c.store(a[1], s, x)
		c.store(a[0], s, r)
	case x86asm.CMPXCHG:
		s := c.argSize(a[0])
		acc := c.r[rEAX] & mask(s)
		x := c.load(a[0], s)
		c.sub(acc, x, 0, s)
		if acc == x {
			c.store(a[0], s, c.load(a[1], s))
		} else {
			c.store(a[0], s, x) // the destination is always written
			c.r[rEAX] = c.r[rEAX]&^mask(s) | x
		}
	case x86asm.CMPXCHG8B:
		m := c.addr(a[0].(x86asm.Mem))
		lo, hi := c.mem.read32(m), c.mem.read32(m+4)
		if lo == c.r[rEAX] && hi == c.r[rEDX] {
			c.mem.write32(m, c.r[rEBX])
			c.mem.write32(m+4, c.r[rECX])
			c.flags |= fZF
		} else {
			c.r[rEAX], c.r[rEDX] = lo, hi
			c.flags &^= fZF
		}
	case x86asm.CBW:
		c.r[rEAX] = c.r[rEAX]&^0xffff | signExt(c.r[rEAX], 1)&0xffff
	case x86asm.CWDE:
		c.r[rEAX] = signExt(c.r[rEAX], 2)
	case x86asm.CWD:
		c.r[rEDX] = c.r[rEDX]&^0xffff | (signExt(c.r[rEAX], 2)>>16)&0xffff
	case x86asm.CDQ:
		c.r[rEDX] = uint32(int32(c.r[rEAX]) >> 31)
	case x86asm.CLC:
		c.flags &^= fCF
	case x86asm.STC:
		c.flags |= fCF
	case x86asm.CMC:
		c.flags ^= fCF
	case x86asm.CLD:
		c.flags &^= fDF
	case x86asm.STD:
		c.flags |= fDF
	case x86asm.XLATB:
		c.r[rEAX] = c.r[rEAX]&^0xff | uint32(c.mem.read8(c.r[rEBX]+c.r[rEAX]&0xff))
	case x86asm.JMP, x86asm.LJMP:
		c.next = c.target(a[0])
	case x86asm.CALL, x86asm.LCALL:
		t := c.target(a[0])
		c.push(c.next, 4)
		c.next = t
	case x86asm.RET:
		t := c.pop(4)
		if imm, ok := a[0].(x86asm.Imm); ok {
			c.r[rESP] += uint32(imm)
		}
		c.next = t
	case x86asm.LOOP, x86asm.LOOPE, x86asm.LOOPNE:
		cx := c.count() - 1
		c.setCount(cx)
		take := cx != 0
		if op == x86asm.LOOPE {
			take = take && c.flag(fZF)
		} else if op == x86asm.LOOPNE {
			take = take && !c.flag(fZF)
		}
		if take {
			c.next = c.target(a[0])
		}
	case x86asm.JECXZ, x86asm.JCXZ:
		if c.count() == 0 {
			c.next = c.target(a[0])
		}
	case x86asm.LEAVE:
		c.r[rESP] = c.r[rEBP]
		c.r[rEBP] = c.pop(4)
	case x86asm.ENTER:
		size := uint32(a[0].(x86asm.Imm))
		c.push(c.r[rEBP], 4)
		c.r[rEBP] = c.r[rESP]
		c.r[rESP] -= size
	case x86asm.MOVSB, x86asm.MOVSW, x86asm.MOVSD, x86asm.STOSB, x86asm.STOSW, x86asm.STOSD,
		x86asm.LODSB, x86asm.LODSW, x86asm.LODSD, x86asm.SCASB, x86asm.SCASW, x86asm.SCASD,
		x86asm.CMPSB, x86asm.CMPSW, x86asm.CMPSD:
		c.stringOp(in)
	case x86asm.INT:
		n := uint32(a[0].(x86asm.Imm)) & 0xff
		if n == 3 {
			// Windows reports a breakpoint at the int3 itself.
			panic(exception{code: excBreakpoint, addr: c.eip, where: "int3"})
		}
		c.raise(excAccessViolation, "int") // int n from user mode faults (#GP)
	case x86asm.INTO:
		if c.flag(fOF) {
			panic(exception{code: excIntOverflow, addr: c.next, trap: true, where: "into"})
		}
	case x86asm.ICEBP:
		panic(exception{code: excSingleStep, addr: c.next, trap: true, where: "icebp"})
	case x86asm.UD2, x86asm.UD0, x86asm.UD1:
		c.raise(excIllegal, "ud2")
	case x86asm.HLT, x86asm.CLI, x86asm.STI, x86asm.IN, x86asm.OUT, x86asm.INSB, x86asm.INSW, x86asm.INSD,
		x86asm.OUTSB, x86asm.OUTSW, x86asm.OUTSD, x86asm.RDMSR, x86asm.WRMSR, x86asm.INVD, x86asm.WBINVD,
		x86asm.LGDT, x86asm.LIDT, x86asm.LLDT, x86asm.LTR, x86asm.CLTS, x86asm.INVLPG:
		c.raise(excPrivileged, op.String())
	case x86asm.RDTSC:
		// A slowly advancing counter: timing checks see a fast machine.
		c.tsc += 0x200
		c.r[rEAX], c.r[rEDX] = uint32(c.tsc), uint32(c.tsc>>32)
	case x86asm.CPUID:
		switch c.r[rEAX] {
		case 0:
			c.r[rEAX], c.r[rEBX], c.r[rEDX], c.r[rECX] = 1, 0x756e6547, 0x49656e69, 0x6c65746e // GenuineIntel
		default:
			c.r[rEAX], c.r[rEBX], c.r[rECX], c.r[rEDX] = 0x6fb, 0, 0, 0x0183fbff // a Core 2 without hypervisor bit
		}
	default:
		if cc := d.cc; cc != ccNone {
			switch {
			case op >= x86asm.JA && op <= x86asm.JS:
				if c.cond(cc) {
					c.next = c.target(a[0])
				}
			case op >= x86asm.SETA && op <= x86asm.SETS:
				v := uint32(0)
				if c.cond(cc) {
					v = 1
				}
				c.store(a[0], 1, v)
			default: // CMOVcc
				s := c.argSize(a[0])
				v := c.load(a[1], s) // the source is read even when false
				if c.cond(cc) {
					c.store(a[0], s, v)
				}
			}
			break
		}
		panic(invalidInst{"unsupported instruction " + op.String()})
	}
	c.eip = c.next
}

func isSeg(a x86asm.Arg) bool {
	r, ok := a.(x86asm.Reg)
	return ok && r >= x86asm.ES && r <= x86asm.GS
}

// srcSize is the size of the source of MOVZX/MOVSX.
func (c *cpu) srcSize(a x86asm.Arg) int {
	if _, ok := a.(x86asm.Mem); ok {
		return c.inst.MemBytes
	}
	return c.argSize(a)
}

// argSizeImm is the operand size for PUSH (an immediate has none).
func (c *cpu) argSizeImm(a x86asm.Arg, def int) int {
	switch a.(type) {
	case x86asm.Imm:
		return 4
	case x86asm.Reg:
		if isSeg(a) {
			return 2
		}
	}
	if s := c.argSize(a); s > 0 {
		return s
	}
	return def
}

// target computes a branch target.
func (c *cpu) target(a x86asm.Arg) uint32 {
	switch a := a.(type) {
	case x86asm.Rel:
		t := c.next + uint32(a)
		if c.inst.DataSize == 16 {
			t &= 0xffff
		}
		return t
	case x86asm.Imm:
		return uint32(a)
	}
	return c.load(a, 4)
}

// count is the counter register of LOOP, JECXZ and REP (CX under an
// address-size prefix).
func (c *cpu) count() uint32 {
	if c.inst.AddrSize == 16 {
		return c.r[rECX] & 0xffff
	}
	return c.r[rECX]
}

func (c *cpu) setCount(v uint32) {
	if c.inst.AddrSize == 16 {
		c.r[rECX] = c.r[rECX]&^0xffff | v&0xffff
	} else {
		c.r[rECX] = v
	}
}
