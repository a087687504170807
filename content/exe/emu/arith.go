package emu

import (
	"golang.org/x/arch/x86/x86asm"
)

// shift executes SHL/SHR/SAR/ROL/ROR/RCL/RCR of v (size bytes) by n
// (already masked to 5 bits) and sets the flags as the CPU does.
func (c *cpu) shift(op x86asm.Op, v, n uint32, size int) uint32 {
	if n == 0 {
		return v
	}
	w := uint32(8 * size)
	m := mask(size)
	sb := signBit(size)
	v &= m
	var r uint32
	switch op {
	case x86asm.SHL:
		wide := uint64(v) << n
		r = uint32(wide) & m
		c.setFlag(fCF, n <= w && (wide>>w)&1 != 0)
		c.setFlag(fOF, (r&sb != 0) != c.flag(fCF))
		c.setSZP(r, size)
		c.flags &^= fAF
	case x86asm.SHR:
		r = uint32(uint64(v) >> n)
		c.setFlag(fCF, (uint64(v)>>(n-1))&1 != 0)
		c.setFlag(fOF, v&sb != 0)
		c.setSZP(r, size)
		c.flags &^= fAF
	case x86asm.SAR:
		sv := int64(int32(signExt(v, size)))
		r = uint32(sv>>n) & m
		c.setFlag(fCF, (sv>>(n-1))&1 != 0)
		c.flags &^= fOF | fAF
		c.setSZP(r, size)
	case x86asm.ROL:
		k := n % w
		r = (v<<k | v>>(w-k)) & m
		c.setFlag(fCF, r&1 != 0)
		c.setFlag(fOF, (r&sb != 0) != (r&1 != 0))
	case x86asm.ROR:
		k := n % w
		r = (v>>k | v<<(w-k)) & m
		c.setFlag(fCF, r&sb != 0)
		c.setFlag(fOF, (r&sb != 0) != (r&(sb>>1) != 0))
	case x86asm.RCL, x86asm.RCR:
		k := n % (w + 1)
		r = v
		cf := c.flags&fCF != 0
		for i := uint32(0); i < k; i++ {
			if op == x86asm.RCL {
				out := r&sb != 0
				r = (r << 1) & m
				if cf {
					r |= 1
				}
				cf = out
			} else {
				out := r&1 != 0
				r >>= 1
				if cf {
					r |= sb
				}
				cf = out
			}
		}
		if k != 0 {
			if op == x86asm.RCL {
				c.setFlag(fOF, (r&sb != 0) != cf)
			} else {
				c.setFlag(fOF, (r&sb != 0) != (r&(sb>>1) != 0))
			}
			c.setFlag(fCF, cf)
		}
	}
	return r
}

// shiftDouble executes SHLD/SHRD of dst with bits from src by n (masked).
func (c *cpu) shiftDouble(left bool, dst, src, n uint32, size int) uint32 {
	if n == 0 {
		return dst
	}
	w := uint32(8 * size)
	m := mask(size)
	dst, src = dst&m, src&m
	var r uint32
	if left {
		wide := uint64(dst)<<w | uint64(src)
		r = uint32(wide<<n>>w) & m
		c.setFlag(fCF, (wide>>(2*w-n))&1 != 0)
	} else {
		wide := uint64(src)<<w | uint64(dst)
		r = uint32(wide>>n) & m
		c.setFlag(fCF, (wide>>(n-1))&1 != 0)
	}
	c.setFlag(fOF, (r^dst)&signBit(size) != 0)
	c.setSZP(r, size)
	return r
}

// muldiv executes MUL, IMUL (one, two and three operands), DIV and IDIV.
func (c *cpu) muldiv(in *x86asm.Inst) {
	a := in.Args
	if in.Op == x86asm.IMUL && a[1] != nil {
		s := c.argSize(a[0])
		var x, y uint32
		if a[2] != nil {
			x, y = signExt(c.load(a[1], s), s), uint32(a[2].(x86asm.Imm))
		} else {
			x, y = signExt(c.load(a[0], s), s), signExt(c.load(a[1], s), s)
		}
		p := int64(int32(x)) * int64(int32(y))
		r := uint32(p) & mask(s)
		over := int64(int32(signExt(r, s))) != p
		c.setFlag(fCF, over)
		c.setFlag(fOF, over)
		c.setSZP(r, s)
		c.store(a[0], s, r)
		return
	}
	s := c.argSize(a[0])
	src := c.load(a[0], s)
	switch in.Op {
	case x86asm.MUL, x86asm.IMUL:
		var lo, hi uint32
		signed := in.Op == x86asm.IMUL
		switch s {
		case 1:
			var p uint32
			if signed {
				p = uint32(int32(int8(c.r[rEAX])) * int32(int8(src)))
			} else {
				p = (c.r[rEAX] & 0xff) * src
			}
			c.r[rEAX] = c.r[rEAX]&^0xffff | p&0xffff
			lo, hi = p&0xff, (p>>8)&0xff
		case 2:
			var p uint32
			if signed {
				p = uint32(int32(int16(c.r[rEAX])) * int32(int16(src)))
			} else {
				p = (c.r[rEAX] & 0xffff) * src
			}
			c.r[rEAX] = c.r[rEAX]&^0xffff | p&0xffff
			c.r[rEDX] = c.r[rEDX]&^0xffff | p>>16
			lo, hi = p&0xffff, p>>16
		default:
			var p uint64
			if signed {
				p = uint64(int64(int32(c.r[rEAX])) * int64(int32(src)))
			} else {
				p = uint64(c.r[rEAX]) * uint64(src)
			}
			c.r[rEAX], c.r[rEDX] = uint32(p), uint32(p>>32)
			lo, hi = uint32(p), uint32(p>>32)
		}
		var over bool
		if signed {
			over = hi != uint32(int32(signExt(lo, s))>>31)&mask(s) // hi is not the sign extension of lo
		} else {
			over = hi != 0
		}
		c.setFlag(fCF, over)
		c.setFlag(fOF, over)
		c.setSZP(lo, s)
	case x86asm.DIV, x86asm.IDIV:
		if src == 0 {
			c.raise(excDivZero, "division by zero")
		}
		var num uint64
		switch s {
		case 1:
			num = uint64(c.r[rEAX] & 0xffff)
		case 2:
			num = uint64(c.r[rEDX]&0xffff)<<16 | uint64(c.r[rEAX]&0xffff)
		default:
			num = uint64(c.r[rEDX])<<32 | uint64(c.r[rEAX])
		}
		var q, r uint64
		if in.Op == x86asm.DIV {
			q, r = num/uint64(src), num%uint64(src)
			if q > uint64(mask(s)) {
				c.raise(excIntOverflow, "division overflow")
			}
		} else {
			bitsN := uint(16 * s)
			sn := int64(num<<(64-bitsN)) >> (64 - bitsN)
			sd := int64(int32(signExt(src, s)))
			if sd == -1 && sn == -1<<63 {
				c.raise(excIntOverflow, "division overflow")
			}
			sq, sr := sn/sd, sn%sd
			lim := int64(1) << (8*s - 1)
			if sq >= lim || sq < -lim {
				c.raise(excIntOverflow, "division overflow")
			}
			q, r = uint64(sq), uint64(sr)
		}
		switch s {
		case 1:
			c.r[rEAX] = c.r[rEAX]&^0xffff | uint32(q)&0xff | (uint32(r)&0xff)<<8
		case 2:
			c.r[rEAX] = c.r[rEAX]&^0xffff | uint32(q)&0xffff
			c.r[rEDX] = c.r[rEDX]&^0xffff | uint32(r)&0xffff
		default:
			c.r[rEAX], c.r[rEDX] = uint32(q), uint32(r)
		}
	}
}

// bitTest executes BT, BTS, BTR and BTC.
func (c *cpu) bitTest(in *x86asm.Inst) {
	a := in.Args
	s := c.argSize(a[0])
	w := uint32(8 * s)
	off := c.load(a[1], s)
	dst := a[0]
	if m, ok := a[0].(x86asm.Mem); ok {
		if _, isReg := a[1].(x86asm.Reg); isReg {
			// A register offset addresses a bit string beyond the operand.
			sOff := int32(signExt(off, s))
			m.Disp += int64(sOff>>5) * 4
			if s == 2 {
				m.Disp = int64(int32(m.Disp)) // keep arithmetic simple
			}
			dst = m
			s, w = 4, 32
		}
	}
	bit := off & (w - 1)
	v := c.load(dst, s)
	c.setFlag(fCF, v>>bit&1 != 0)
	switch in.Op {
	case x86asm.BTS:
		c.store(dst, s, v|1<<bit)
	case x86asm.BTR:
		c.store(dst, s, v&^(1<<bit))
	case x86asm.BTC:
		c.store(dst, s, v^1<<bit)
	}
}

// maxRepStep bounds the iterations of one REP string instruction run
// before the run loop checks its budgets again; the instruction resumes
// where it stopped, as a real CPU does after an interrupt.
const maxRepStep = 4096

// stringOp executes MOVS, STOS, LODS, SCAS and CMPS with REP prefixes.
func (c *cpu) stringOp(in *x86asm.Inst) {
	var size int
	switch in.Op {
	case x86asm.MOVSB, x86asm.STOSB, x86asm.LODSB, x86asm.SCASB, x86asm.CMPSB:
		size = 1
	case x86asm.MOVSW, x86asm.STOSW, x86asm.LODSW, x86asm.SCASW, x86asm.CMPSW:
		size = 2
	default:
		size = 4
	}
	rep, repn := false, false
	for _, p := range in.Prefix {
		if p == 0 {
			break
		}
		switch p &^ (x86asm.PrefixImplicit | x86asm.PrefixIgnored) & 0xff {
		case 0xf3:
			rep = true
		case 0xf2:
			repn = true
		}
	}
	srcSeg := uint32(0)
	for _, arg := range in.Args {
		if m, ok := arg.(x86asm.Mem); ok && m.Segment == x86asm.FS && (m.Base == x86asm.ESI || m.Base == x86asm.SI) {
			srcSeg = c.fsBase
		}
	}
	delta := uint32(size)
	if c.flag(fDF) {
		delta = -delta
	}
	cmp := in.Op == x86asm.SCASB || in.Op == x86asm.SCASW || in.Op == x86asm.SCASD ||
		in.Op == x86asm.CMPSB || in.Op == x86asm.CMPSW || in.Op == x86asm.CMPSD
	m := mask(size)
	rd := func(ad uint32) uint32 { return c.mem.readN(ad, size) }
	wr := func(ad, v uint32) { c.mem.writeN(ad, size, v) }
	for i := 0; ; i++ {
		if rep || repn {
			if c.count() == 0 {
				break
			}
			if i == maxRepStep {
				c.next = c.eip // resume this instruction after a budget check
				return
			}
		}
		si, di := c.r[rESI], c.r[rEDI]
		switch in.Op {
		case x86asm.MOVSB, x86asm.MOVSW, x86asm.MOVSD:
			wr(di, rd(si+srcSeg))
			c.r[rESI] += delta
			c.r[rEDI] += delta
		case x86asm.STOSB, x86asm.STOSW, x86asm.STOSD:
			wr(di, c.r[rEAX]&m)
			c.r[rEDI] += delta
		case x86asm.LODSB, x86asm.LODSW, x86asm.LODSD:
			c.r[rEAX] = c.r[rEAX]&^m | rd(si+srcSeg)
			c.r[rESI] += delta
		case x86asm.SCASB, x86asm.SCASW, x86asm.SCASD:
			c.sub(c.r[rEAX]&m, rd(di), 0, size)
			c.r[rEDI] += delta
		default: // CMPS
			c.sub(rd(si+srcSeg), rd(di), 0, size)
			c.r[rESI] += delta
			c.r[rEDI] += delta
		}
		if !rep && !repn {
			break
		}
		c.setCount(c.count() - 1)
		c.reps++
		if cmp && ((rep && !c.flag(fZF)) || (repn && c.flag(fZF))) {
			break
		}
	}
}
