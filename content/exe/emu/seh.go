package emu

// Structured exception handling as Windows does it for 32-bit code: the
// exception is described by an EXCEPTION_RECORD and a CONTEXT written on
// the stack, and the handlers of the fs:[0] chain are called in turn with
// (record, frame, context, dispatcher context) until one returns 0
// (continue execution with the possibly modified context).

// Sizes and offsets of the 32-bit CONTEXT and EXCEPTION_RECORD.
const (
	contextSize = 0x2cc
	recordSize  = 0x50

	ctxFlags    = 0x00
	ctxDr0      = 0x04
	ctxDr7      = 0x18
	ctxGs       = 0x8c
	ctxFs       = 0x90
	ctxEs       = 0x94
	ctxDs       = 0x98
	ctxEdi      = 0x9c
	ctxEsi      = 0xa0
	ctxEbx      = 0xa4
	ctxEdx      = 0xa8
	ctxEcx      = 0xac
	ctxEax      = 0xb0
	ctxEbp      = 0xb4
	ctxEip      = 0xb8
	ctxCs       = 0xbc
	ctxFlagsReg = 0xc0
	ctxEsp      = 0xc4
	ctxSs       = 0xc8

	// contextAll is CONTEXT_FULL | CONTEXT_DEBUG_REGISTERS for i386.
	contextAll = 0x1001f

	// chainEnd terminates the fs:[0] chain.
	chainEnd = 0xffffffff
	// maxPending bounds the handler calls remembered while their handler
	// runs: a handler that never returns leaves its entry behind.
	maxPending = 64
)

// sehFrame is a handler call in progress.
type sehFrame struct {
	record, context, frame uint32
}

// dispatch delivers an exception to the handlers of the fs:[0] chain, or
// stops emulation when none handles it.
func (m *Machine) dispatch(e exception) {
	if m.stopped {
		return
	}
	m.exceptions++
	if m.exceptions > MaxExceptions {
		m.stop("exception limit (%d) reached: %s at %#x", MaxExceptions, e.where, e.addr)
		return
	}
	defer func() {
		if r := recover(); r != nil {
			m.stop("unhandled exception (%s at %#x): the stack or handler chain is unusable", e.where, e.addr)
		}
	}()
	frame := m.mem.read32(m.tebAddr)
	if frame == chainEnd || frame == 0 {
		m.stop("unhandled exception: %s at %#x", e.where, e.addr)
		return
	}
	sp := (m.r[rESP] - 0x20 - contextSize - recordSize) &^ 3
	ctx := sp + recordSize
	rec := sp
	// The context: the registers at the exception.
	m.mem.write(ctx, make([]byte, contextSize))
	m.mem.write32(ctx+ctxFlags, contextAll)
	for i, v := range m.dr {
		m.mem.write32(ctx+ctxDr0+4*uint32(i), v)
	}
	m.mem.write32(ctx+ctxDr7, m.dr7)
	for _, f := range []struct {
		off, v uint32
	}{
		{ctxGs, 0}, {ctxFs, 0x3b}, {ctxEs, 0x23}, {ctxDs, 0x23},
		{ctxEdi, m.r[rEDI]}, {ctxEsi, m.r[rESI]}, {ctxEbx, m.r[rEBX]}, {ctxEdx, m.r[rEDX]},
		{ctxEcx, m.r[rECX]}, {ctxEax, m.r[rEAX]}, {ctxEbp, m.r[rEBP]}, {ctxEip, e.addr},
		{ctxCs, 0x1b}, {ctxFlagsReg, m.flags | 2}, {ctxEsp, m.r[rESP]}, {ctxSs, 0x23},
	} {
		m.mem.write32(ctx+f.off, f.v)
	}
	m.mem.write(rec, make([]byte, recordSize))
	m.mem.write32(rec, e.code)
	m.mem.write32(rec+0xc, e.addr)
	n := min(len(e.info), 15)
	m.mem.write32(rec+0x10, uint32(n))
	for i := 0; i < n; i++ {
		m.mem.write32(rec+0x14+4*uint32(i), e.info[i])
	}
	m.r[rESP] = sp
	m.callHandler(sehFrame{record: rec, context: ctx, frame: frame})
}

// callHandler calls the handler of f.frame as KiUserExceptionDispatcher
// does; its return lands on the sehReturn trap.
func (m *Machine) callHandler(f sehFrame) {
	handler := m.mem.read32(f.frame + 4)
	for n := 0; handler == m.sehReturn && n < maxPending; n++ {
		// A fault inside a handler: the dispatcher's own frame passes the
		// exception on to the frames behind it.
		f.frame = m.mem.read32(f.frame)
		if f.frame == chainEnd || f.frame == 0 {
			m.stop("unhandled exception %#x in an exception handler at %#x", m.mem.read32(f.record), m.mem.read32(f.record+0xc))
			return
		}
		handler = m.mem.read32(f.frame + 4)
	}
	if handler >= m.trapLo && handler < m.trapHi {
		// The system's own last-chance handler: nobody handled it.
		m.stop("unhandled exception %#x at %#x", m.mem.read32(f.record), m.mem.read32(f.record+0xc))
		return
	}
	// RtlpExecuteHandlerForException registers a frame of its own while
	// the handler runs; handlers find the stub's frames behind it.
	m.push(m.sehReturn, 4)
	m.push(m.mem.read32(m.tebAddr), 4)
	m.mem.write32(m.tebAddr, m.r[rESP])
	m.push(0, 4) // dispatcher context
	m.push(f.context, 4)
	m.push(f.frame, 4)
	m.push(f.record, 4)
	m.push(m.sehReturn, 4)
	if len(m.pending) >= maxPending {
		m.pending = m.pending[1:]
	}
	m.pending = append(m.pending, f)
	m.eip = handler
}

// handlerReturned runs when a handler returns to the sehReturn trap.
func (m *Machine) handlerReturned() {
	if len(m.pending) == 0 {
		m.stop("return to the exception dispatcher without an exception")
		return
	}
	f := m.pending[len(m.pending)-1]
	m.pending = m.pending[:len(m.pending)-1]
	m.r[rESP] += 4 * 4                                // cdecl: the dispatcher pops the arguments
	m.mem.write32(m.tebAddr, m.mem.read32(m.r[rESP])) // unregister the dispatcher's frame
	m.r[rESP] += 8
	switch m.r[rEAX] {
	case 0: // ExceptionContinueExecution
		c := f.context
		m.r[rEDI] = m.mem.read32(c + ctxEdi)
		m.r[rESI] = m.mem.read32(c + ctxEsi)
		m.r[rEBX] = m.mem.read32(c + ctxEbx)
		m.r[rEDX] = m.mem.read32(c + ctxEdx)
		m.r[rECX] = m.mem.read32(c + ctxEcx)
		m.r[rEAX] = m.mem.read32(c + ctxEax)
		m.r[rEBP] = m.mem.read32(c + ctxEbp)
		m.eip = m.mem.read32(c + ctxEip)
		m.flags = m.mem.read32(c+ctxFlagsReg)&(arithFlags|fTF|fDF) | fIF | 2
		m.r[rESP] = m.mem.read32(c + ctxEsp)
		for i := range m.dr {
			m.dr[i] = m.mem.read32(c + ctxDr0 + 4*uint32(i))
		}
		m.dr7 = m.mem.read32(c + ctxDr7)
		m.drOn = m.dr7&0xff != 0
		m.resume = true
	case 1: // ExceptionContinueSearch
		next := m.mem.read32(f.frame)
		if next == chainEnd || next == 0 {
			m.stop("unhandled exception %#x at %#x", m.mem.read32(f.record), m.mem.read32(f.record+0xc))
			return
		}
		f.frame = next
		m.callHandler(f)
	default:
		m.stop("exception handler returned %d", m.r[rEAX])
	}
}
