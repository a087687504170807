package emu

import "fmt"

const (
	pageShift = 12
	pageSize  = 1 << pageShift
	pageMask  = pageSize - 1
)

// MaxPages caps the memory an emulation may touch (pages actually
// allocated, 4 KiB each): 96 MiB holds the largest image we map
// (MaxImageSize) plus stack and the stub's allocations, and bounds what a
// hostile stub can make us allocate.
const MaxPages = 96 << 20 >> pageShift

// page is one 4 KiB page of emulated memory.
type page struct {
	data    [pageSize]byte
	written bool                // written since emulation started
	insts   map[uint16]*decoded // decoded instructions, dropped on write
}

// zeroPage stands for every reserved page not yet written: reads see
// zeros; the first write allocates a private page.
var zeroPage = &page{}

// memory is a sparse 32-bit address space of reserved pages, allocated
// on first write, in a two-level table.
type memory struct {
	dir      [1024]*[1024]*page
	pages    int  // private pages allocated
	tracking bool // set written flags (after loading)
	writes   int64
}

// fault is raised (as a panic, recovered by the run loop) by an access to
// unmapped memory; the instruction is abandoned and an exception raised.
type fault struct {
	addr  uint32
	write bool
}

func (f fault) Error() string {
	if f.write {
		return fmt.Sprintf("write to unmapped address %#x", f.addr)
	}
	return fmt.Sprintf("read of unmapped address %#x", f.addr)
}

// errPages is panicked when MaxPages is reached.
type limitErr string

func (e limitErr) Error() string { return string(e) }

// reserve maps [addr, addr+size) as zero pages (already mapped pages are
// kept).
func (m *memory) reserve(addr, size uint32) {
	if size == 0 {
		return
	}
	first := addr >> pageShift
	last := uint32((uint64(addr) + uint64(size) - 1) >> pageShift)
	for pn := first; ; pn++ {
		t := m.dir[pn>>10]
		if t == nil {
			t = new([1024]*page)
			m.dir[pn>>10] = t
		}
		if t[pn&1023] == nil {
			t[pn&1023] = zeroPage
		}
		if pn == last {
			break
		}
	}
}

// mapped reports whether the page of addr is reserved.
func (m *memory) mapped(addr uint32) bool {
	t := m.dir[addr>>22]
	return t != nil && t[(addr>>pageShift)&1023] != nil
}

// free reports whether [addr, addr+size) holds no reserved page.
func (m *memory) free(addr, size uint32) bool {
	if uint64(addr)+uint64(size) > 1<<32 {
		return false
	}
	for a := uint64(addr) &^ pageMask; a < uint64(addr)+uint64(size); a += pageSize {
		if m.mapped(uint32(a)) {
			return false
		}
	}
	return true
}

// rpage returns the page of addr for reading, or panics with a fault.
func (m *memory) rpage(addr uint32) *page {
	t := m.dir[addr>>22]
	if t != nil {
		if p := t[(addr>>pageShift)&1023]; p != nil {
			return p
		}
	}
	panic(fault{addr: addr})
}

// wpage returns the private page of addr for writing.
func (m *memory) wpage(addr uint32) *page {
	t := m.dir[addr>>22]
	if t == nil {
		panic(fault{addr: addr, write: true})
	}
	i := (addr >> pageShift) & 1023
	p := t[i]
	if p == nil {
		panic(fault{addr: addr, write: true})
	}
	if p == zeroPage {
		if m.pages >= MaxPages {
			panic(limitErr(fmt.Sprintf("memory limit (%d MiB) reached", MaxPages>>(20-pageShift))))
		}
		p = &page{}
		t[i] = p
		m.pages++
	}
	if m.tracking {
		p.written = true
		m.writes++
	}
	if p.insts != nil {
		p.insts = nil
	}
	return p
}

func (m *memory) read8(a uint32) uint8 { return m.rpage(a).data[a&pageMask] }

func (m *memory) read16(a uint32) uint16 {
	if a&pageMask <= pageSize-2 {
		d := m.rpage(a).data[a&pageMask:]
		return uint16(d[0]) | uint16(d[1])<<8
	}
	return uint16(m.read8(a)) | uint16(m.read8(a+1))<<8
}

func (m *memory) read32(a uint32) uint32 {
	if a&pageMask <= pageSize-4 {
		d := m.rpage(a).data[a&pageMask:]
		return uint32(d[0]) | uint32(d[1])<<8 | uint32(d[2])<<16 | uint32(d[3])<<24
	}
	return uint32(m.read16(a)) | uint32(m.read16(a+2))<<16
}

func (m *memory) write8(a uint32, v uint8) { m.wpage(a).data[a&pageMask] = v }

func (m *memory) write16(a uint32, v uint16) {
	if a&pageMask <= pageSize-2 {
		d := m.wpage(a).data[a&pageMask:]
		d[0], d[1] = byte(v), byte(v>>8)
		return
	}
	// Check both pages before writing either: the access is atomic.
	m.rpage(a + 1)
	m.write8(a, uint8(v))
	m.write8(a+1, uint8(v>>8))
}

func (m *memory) write32(a uint32, v uint32) {
	if a&pageMask <= pageSize-4 {
		d := m.wpage(a).data[a&pageMask:]
		d[0], d[1], d[2], d[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
		return
	}
	m.rpage(a + 3)
	for i := uint32(0); i < 4; i++ {
		m.write8(a+i, uint8(v>>(8*i)))
	}
}

// readN reads an operand of size bytes (1, 2, else 4) at a.
func (m *memory) readN(a uint32, size int) uint32 {
	switch size {
	case 1:
		return uint32(m.read8(a))
	case 2:
		return uint32(m.read16(a))
	}
	return m.read32(a)
}

// writeN writes the low size bytes (1, 2, else 4) of v at a.
func (m *memory) writeN(a uint32, size int, v uint32) {
	switch size {
	case 1:
		m.write8(a, uint8(v))
	case 2:
		m.write16(a, uint16(v))
	default:
		m.write32(a, v)
	}
}

// read reads n bytes at a (n ≤ size the caller bounds).
func (m *memory) read(a uint32, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = m.read8(a + uint32(i))
	}
	return b
}

// write stores b at a.
func (m *memory) write(a uint32, b []byte) {
	for len(b) > 0 {
		p := m.wpage(a)
		n := copy(p.data[a&pageMask:], b)
		b = b[n:]
		a += uint32(n)
	}
}

// cstring reads a NUL-terminated string of at most max bytes at a.
func (m *memory) cstring(a uint32, max int) string {
	var b []byte
	for i := 0; i < max; i++ {
		c := m.read8(a + uint32(i))
		if c == 0 {
			break
		}
		b = append(b, c)
	}
	return string(b)
}

// wstring reads a NUL-terminated UTF-16 string (ASCII kept) of at most max
// characters at a.
func (m *memory) wstring(a uint32, max int) string {
	var b []byte
	for i := 0; i < max; i++ {
		c := m.read16(a + uint32(2*i))
		if c == 0 {
			break
		}
		if c > 0x7f {
			c = '?'
		}
		b = append(b, byte(c))
	}
	return string(b)
}

// pageData returns the bytes of the page at addr if it holds private data,
// or nil for a zero or unmapped page (no fault).
func (m *memory) pageData(addr uint32) []byte {
	t := m.dir[addr>>22]
	if t == nil {
		return nil
	}
	p := t[(addr>>pageShift)&1023]
	if p == nil || p == zeroPage {
		return nil
	}
	return p.data[:]
}
