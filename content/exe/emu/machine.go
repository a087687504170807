package emu

import (
	"context"
	"fmt"
	"runtime"

	"github.com/overt-sec/overt/content/exe"
)

// MaxSteps is the instruction budget of one emulation: the stubs of the
// common packers unpack a few megabytes in well under 50 million
// instructions; a stub that needs more is stalling on purpose.
const MaxSteps = 50_000_000

// PostLayerSteps is the budget granted after each unpacked layer (on top
// of twice what was spent so far) to reach the next layer, so that a
// program reached at its original entry point is not run for the whole
// MaxSteps.
const PostLayerSteps = 2_000_000

// MaxExceptions bounds the exceptions dispatched to the stub's handlers:
// SEH-based packers raise a few dozen; thousands are a loop.
const MaxExceptions = 10_000

// StallSteps stops a program that has written no memory for this many
// instructions: unpacking writes all the time; a loop that only reads or
// spins is a delay, or a hang.
const StallSteps = 10_000_000

// checkEvery is how many instructions run between checks of the context.
const checkEvery = 1 << 16

// Machine is an emulated 32-bit Windows process running one PE image.
type Machine struct {
	cpu
	mem memory

	base, size uint32 // the image
	entry      uint32 // entry point (VA)
	sections   []region

	dlls             map[string]*dll // by lower-case name
	dllList          []*dll
	apis             map[uint32]*api
	trapLo, trapHi   uint32
	nextDLL          uint32
	allocNext        uint32
	tebAddr          uint32
	pebAddr          uint32
	stackLo, stackHi uint32
	strings          map[string]uint32 // constant strings handed out (command line…)
	sehReturn        uint32            // trap: an exception handler returned
	exitTrap         uint32            // trap: the entry point returned

	file    *exe.File // the program's file, for stubs that read it
	filePos int64

	steps      uint64
	limit      uint64
	exceptions int
	dr         [4]uint32 // debug registers set by a handler through its context
	dr7        uint32
	drOn       bool // some execution breakpoint is enabled
	resume     bool // the resume flag: no breakpoint on the next instruction
	pending    []sehFrame
	lastPage   *page

	stopped bool
	reason  string // why emulation stopped
	exited  bool   // the program called ExitProcess

	visited map[int]bool // regions already reported as layers
	// OnLayer is called when execution first reaches written memory of an
	// image region other than those seen before (an unpacked layer or the
	// original entry point); it returns false to stop emulation.
	OnLayer func(m *Machine, eip uint32) bool
}

// region is an address range of the image (a section or the headers).
type region struct {
	lo, hi uint32
}

// Stopped reports why emulation stopped.
func (m *Machine) Stopped() string { return m.reason }

// Exited reports whether the program stopped by exiting.
func (m *Machine) Exited() bool { return m.exited }

// Steps is the number of instructions executed.
func (m *Machine) Steps() uint64 { return m.steps }

// Written reports how many memory writes the program made.
func (m *Machine) Written() int64 { return m.mem.writes }

// EIP is the current instruction pointer.
func (m *Machine) EIP() uint32 { return m.eip }

func (m *Machine) stop(format string, args ...any) {
	if !m.stopped {
		m.stopped = true
		m.reason = fmt.Sprintf(format, args...)
	}
}

// Run emulates until a stop condition: the instruction budget (at most
// maxSteps), ctx's end, ExitProcess, an unhandled exception, an
// unsupported instruction or API, or OnLayer returning false.
func (m *Machine) Run(ctx context.Context, maxSteps uint64) {
	m.limit = maxSteps
	lastWrites, lastChange := m.mem.writes, m.steps
	for !m.stopped {
		if m.mem.writes != lastWrites {
			lastWrites, lastChange = m.mem.writes, m.steps
		} else if m.steps-lastChange >= StallSteps {
			m.stop("no memory written in %d instructions at %#x", StallSteps, m.eip)
			break
		}
		if err := ctx.Err(); err != nil {
			m.stop("%v", err)
			break
		}
		if m.steps >= m.limit {
			m.stop("instruction limit (%d) reached at %#x", m.limit, m.eip)
			break
		}
		m.chunk(checkEvery)
	}
}

// ExtendLimit lets the program run n more instructions from now, within
// max.
func (m *Machine) ExtendLimit(n, max uint64) {
	m.limit = min(m.steps+n, max)
}

// chunk runs up to n instructions; CPU exceptions and faults arrive as
// panics and are dispatched here.
func (m *Machine) chunk(n int) {
	var saved regs
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		switch e := r.(type) {
		case fault:
			m.regs = saved
			w := uint32(0)
			if e.write {
				w = 1
			}
			m.dispatch(exception{code: excAccessViolation, addr: saved.eip, info: []uint32{w, e.addr}, where: e.Error()})
		case exception:
			if e.trap {
				m.eip = e.addr
			} else {
				m.regs = saved
			}
			m.dispatch(e)
		case invalidInst:
			m.regs = saved
			if e.what == "undecodable instruction" {
				m.dispatch(exception{code: excIllegal, addr: saved.eip, where: e.what})
			} else {
				m.stop("%s at %#x", e.what, saved.eip)
			}
		case limitErr:
			m.stop("%s", string(e))
		case runtime.Error:
			m.stop("internal error at %#x: %v", saved.eip, e)
		default:
			m.stop("internal error at %#x: %v", saved.eip, e)
		}
	}()
	for i := 0; i < n && !m.stopped && m.steps < m.limit; i++ {
		eip := m.eip
		saved = m.regs
		if eip >= m.trapLo && eip < m.trapHi {
			m.callAPI(eip)
			continue
		}
		p := m.mem.rpage(eip)
		if p != m.lastPage {
			m.lastPage = p
			if !m.checkLayer(eip) {
				return
			}
		}
		if m.drOn {
			if !m.resume {
				m.checkBreakpoints(eip)
			}
			m.resume = false
		}
		d := m.fetch(eip)
		tf := m.flags&fTF != 0
		m.step(d)
		m.steps++
		if m.reps >= 64 {
			m.steps += m.reps / 64 // a string iteration costs less than an instruction
			m.reps %= 64
		}
		if tf {
			m.flags &^= fTF
			panic(exception{code: excSingleStep, addr: m.eip, trap: true, where: "single step"})
		}
	}
}

// regionOf returns the index of the image region holding addr, or -1.
func (m *Machine) regionOf(addr uint32) int {
	for i, r := range m.sections {
		if addr >= r.lo && addr < r.hi {
			return i
		}
	}
	return -1
}

// checkLayer is called when execution enters another page: reaching an
// image region (section) never executed before, after the program wrote
// memory, is a new layer.
func (m *Machine) checkLayer(eip uint32) bool {
	r := m.regionOf(eip)
	if r < 0 || m.visited[r] {
		return true
	}
	if m.steps == 0 || m.mem.writes == 0 {
		m.visited[r] = true // the entry region
		return true
	}
	m.visited[r] = true
	if m.OnLayer != nil && !m.OnLayer(m, eip) {
		m.stop("stopped after the layer at %#x", eip)
		return false
	}
	return true
}

// Image returns a copy of the image's memory (SizeOfImage bytes from the
// image base), zeros where nothing was mapped or written.
func (m *Machine) Image() []byte {
	out := make([]byte, m.size)
	for off := uint32(0); off < m.size; off += pageSize {
		if d := m.mem.pageData(m.base + off); d != nil {
			copy(out[off:], d)
		}
	}
	return out
}

// checkBreakpoints raises the single-step exception of a hardware
// execution breakpoint (Dr0–Dr3, enabled in Dr7 with type 00) at eip.
func (m *Machine) checkBreakpoints(eip uint32) {
	for i, a := range m.dr {
		if a == eip && m.dr7>>(2*i)&3 != 0 && m.dr7>>(16+4*i)&3 == 0 {
			panic(exception{code: excSingleStep, addr: eip, where: "hardware breakpoint"})
		}
	}
}
