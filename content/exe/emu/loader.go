package emu

import (
	"errors"
	"fmt"
	"io"

	"github.com/overt-sec/overt/content/exe"
)

// MaxImageSize caps SizeOfImage: packed programs are rarely over a few
// tens of megabytes, and the whole image is held in memory.
const MaxImageSize = 64 << 20

// Import table limits: real programs import from tens of DLLs and a few
// thousand functions; more is a loop in a crafted table.
const (
	maxImportDLLs  = 256
	maxImportFuncs = 8192
)

// Process layout (the addresses Windows XP used, which stubs never mind).
const (
	stackTop  = 0x00130000
	stackSize = 0x00100000
	tebBase   = 0x7ffdf000
	pebBase   = 0x7ffd7000
	ldrBase   = 0x7ffd8000 // loader data and module list, one page
	allocBase = 0x00a00000 // first address tried by VirtualAlloc
)

// ErrUnsupported is returned by New for images the emulator does not run
// (not i386, 64-bit, too large, overlapping the process layout).
var ErrUnsupported = errors.New("unsupported image")

// New maps the PE image f as the Windows loader does (headers, sections
// at their virtual addresses, imports bound to fake system DLLs), sets up
// a stack, TEB and PEB, and returns a machine about to run the entry
// point.
func New(f *exe.File) (m *Machine, err error) {
	if f.Machine != 0x14c || f.Is64 {
		return nil, fmt.Errorf("%w: machine %#x", ErrUnsupported, f.Machine)
	}
	if f.SizeOfImage == 0 || f.SizeOfImage > MaxImageSize {
		return nil, fmt.Errorf("%w: image size %#x", ErrUnsupported, f.SizeOfImage)
	}
	base := uint32(f.ImageBase)
	size := (f.SizeOfImage + pageMask) &^ pageMask
	if f.ImageBase&pageMask != 0 || f.ImageBase < 0x10000 || uint64(base)+uint64(size) > 0x70000000 ||
		base < stackTop && base+size > stackTop-stackSize {
		return nil, fmt.Errorf("%w: image base %#x", ErrUnsupported, f.ImageBase)
	}
	m = &Machine{
		base: base, size: size, entry: base + f.EntryRVA,
		dlls: map[string]*dll{}, apis: map[uint32]*api{},
		trapLo: 0xffffffff, nextDLL: dllTop, allocNext: allocBase,
		tebAddr: tebBase, pebAddr: pebBase, strings: map[string]uint32{},
		visited: map[int]bool{}, file: f,
	}
	m.cpu.mem = &m.mem
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("%w: loading failed: %v", ErrUnsupported, r)
		}
	}()
	m.mem.reserve(base, size)
	if err := m.mapImage(f); err != nil {
		return nil, err
	}
	ntdll := m.newDLL("ntdll.dll")
	m.newDLL("kernel32.dll")
	m.sehReturn = m.addStub(ntdll, "KiUserExceptionDispatcher+0x10")
	m.exitTrap = m.addStub(m.dlls["kernel32.dll"], "BaseProcessStart+0x23")
	m.bindImports(f)
	m.setupProcess(f)
	m.mem.tracking = true
	return m, nil
}

// alignUp rounds v up to a multiple of a (a power of two).
func alignUp(v, a uint32) uint32 { return (v + a - 1) &^ (a - 1) }

// mapImage copies the headers and sections into memory.
func (m *Machine) mapImage(f *exe.File) error {
	fa := f.FileAlignment
	if fa < 0x200 || fa > 0x10000 || fa&(fa-1) != 0 {
		fa = 0x200
	}
	sa := f.SectionAlignment
	if sa == 0 || sa&(sa-1) != 0 {
		sa = pageSize
	}
	if sa < pageSize {
		// Low alignment: the file is mapped as it is.
		m.copyFile(f, m.base, 0, min(int64(m.size), f.Size))
		m.sections = append(m.sections, region{m.base, m.base + m.size})
		return nil
	}
	hdr := alignUp(f.SizeOfHeaders, fa)
	m.copyFile(f, m.base, 0, min(int64(hdr), f.Size, int64(m.size)))
	first := uint32(m.size)
	for _, s := range f.Sections {
		vsize := s.VirtualSize
		if vsize == 0 {
			vsize = s.RawSize
		}
		if s.VirtualAddress >= m.size {
			continue
		}
		vend := min(uint64(s.VirtualAddress)+uint64(alignUp(vsize, sa)), uint64(m.size))
		m.sections = append(m.sections, region{m.base + s.VirtualAddress, m.base + uint32(vend)})
		first = min(first, s.VirtualAddress)
		off := int64(s.RawOffset &^ 0x1ff)
		n := int64(alignUp(s.RawSize, fa))
		n = min(n, int64(vend)-int64(s.VirtualAddress), f.Size-off)
		if s.RawSize == 0 || n <= 0 {
			continue
		}
		m.copyFile(f, m.base+s.VirtualAddress, off, n)
	}
	// The headers are a region too (packers that reuse them run code there).
	m.sections = append(m.sections, region{m.base, m.base + min(first, alignUp(hdr, sa))})
	return nil
}

// copyFile copies n bytes of the file at off to address a.
func (m *Machine) copyFile(f *exe.File, a uint32, off, n int64) {
	buf := make([]byte, 64<<10)
	for n > 0 {
		k := min(n, int64(len(buf)))
		got, err := f.R.ReadAt(buf[:k], off)
		if got > 0 {
			m.mem.write(a, buf[:got])
		}
		if err != nil && err != io.EOF || got == 0 {
			return
		}
		a += uint32(got)
		off += int64(got)
		n -= int64(got)
	}
}

// bindImports resolves the import directory into the IAT, as the loader
// does before the entry point runs. Broken entries are skipped.
func (m *Machine) bindImports(f *exe.File) {
	if len(f.DataDirs) < 2 || f.DataDirs[1].RVA == 0 {
		return
	}
	desc := m.base + f.DataDirs[1].RVA
	funcs := 0
	for i := 0; i < maxImportDLLs; i++ {
		d := desc + uint32(20*i)
		if !m.mem.mapped(d) || !m.mem.mapped(d+19) {
			return
		}
		oft, nameRVA, ft := m.mem.read32(d), m.mem.read32(d+12), m.mem.read32(d+16)
		if nameRVA == 0 && ft == 0 {
			return
		}
		name := m.safeString(m.base + nameRVA)
		lib := m.loadDLL(name)
		if lib == nil || ft == 0 {
			continue
		}
		src := oft
		if src == 0 {
			src = ft
		}
		for j := uint32(0); funcs < maxImportFuncs; j++ {
			funcs++
			ta := m.base + src + 4*j
			if !m.mem.mapped(ta) || !m.mem.mapped(ta+3) || !m.mem.mapped(m.base+ft+4*j+3) {
				break
			}
			t := m.mem.read32(ta)
			if t == 0 {
				break
			}
			var addr uint32
			if t&0x80000000 != 0 {
				addr = m.procAddress(lib, "", t&0xffff)
			} else {
				addr = m.procAddress(lib, m.safeString(m.base+t+2), 0)
			}
			m.mem.write32(m.base+ft+4*j, addr)
		}
	}
}

// safeString reads a name without faulting ("" when unmapped).
func (m *Machine) safeString(a uint32) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	return m.mem.cstring(a, maxName)
}

// setupProcess creates the stack, TEB, PEB and loader lists, and the
// registers at the entry point.
func (m *Machine) setupProcess(f *exe.File) {
	m.stackLo, m.stackHi = stackTop-stackSize, stackTop
	m.mem.reserve(m.stackLo, stackSize)
	m.mem.reserve(tebBase, pageSize)
	m.mem.reserve(pebBase, pageSize)
	m.mem.reserve(ldrBase, pageSize)
	m.fsBase = tebBase
	k32 := m.dlls["kernel32.dll"]

	// The last-chance SEH frame of BaseProcessStart, on the stack.
	sp := uint32(stackTop - 0x10)
	m.mem.write32(sp, chainEnd)
	m.mem.write32(sp+4, k32.base+dllStubs) // a handler inside kernel32
	frame := sp

	t := uint32(tebBase)
	m.mem.write32(t+0x00, frame)
	m.mem.write32(t+0x04, stackTop)
	m.mem.write32(t+0x08, stackTop-stackSize)
	m.mem.write32(t+0x18, t)
	m.mem.write32(t+0x20, fakePID)
	m.mem.write32(t+0x24, fakeTID)
	m.mem.write32(t+0x30, pebBase)

	p := uint32(pebBase)
	m.mem.write8(p+2, 0) // BeingDebugged
	m.mem.write32(p+0x08, m.base)
	m.mem.write32(p+0x0c, ldrBase)
	m.mem.write32(p+0x18, fakeHeap)
	m.mem.write32(p+0xa4, 5) // OSMajorVersion
	m.mem.write32(p+0xa8, 1)
	m.writeLdr(f)

	// A heap the PEB points to, for stubs that look at its flags.
	m.mem.reserve(fakeHeap, 0x10000)
	m.mem.write32(fakeHeap+0x0c, 2)
	m.mem.write32(fakeHeap+0x10, 0)

	sp -= 4
	m.mem.write32(sp, m.exitTrap)      // return address into kernel32
	if f.Characteristics&0x2000 != 0 { // a DLL: DllMain(hinst, DLL_PROCESS_ATTACH, 0)
		sp -= 12
		m.mem.write32(sp, m.exitTrap)
		m.mem.write32(sp+4, m.base)
		m.mem.write32(sp+8, 1)
		m.mem.write32(sp+12, 0)
	}
	m.r = [8]uint32{0, 0, 0, pebBase, sp, stackTop - 0x10, 0, 0}
	m.r[rEAX] = m.entry
	m.r[rECX] = sp - 0x14
	m.r[rEDX] = m.entry
	m.r[rESI] = 0xffffffff
	m.r[rEDI] = 0x7c910228
	m.eip = m.entry
	m.flags = fIF | 2
}

// writeLdr builds PEB_LDR_DATA and one LDR_DATA_TABLE_ENTRY per module
// (the program, ntdll, kernel32) in the three orders.
func (m *Machine) writeLdr(f *exe.File) {
	l := uint32(ldrBase)
	m.mem.write32(l, 0x28)
	m.mem.write8(l+4, 1)
	type mod struct {
		base, entry, size uint32
		name              string
	}
	mods := []mod{{m.base, m.entry, m.size, "sample.exe"}}
	for _, n := range []string{"ntdll.dll", "kernel32.dll"} {
		d := m.dlls[n]
		mods = append(mods, mod{d.base, 0, dllSize, n})
	}
	entry := func(i int) uint32 { return l + 0x40 + uint32(i)*0x80 }
	strs := l + 0x400
	for i, md := range mods {
		e := entry(i)
		m.mem.write32(e+0x18, md.base)
		m.mem.write32(e+0x1c, md.entry)
		m.mem.write32(e+0x20, md.size)
		for k, s := range []string{`C:\WINDOWS\system32\` + md.name, md.name} {
			n := uint32(len(s))
			m.mem.write16(e+0x24+8*uint32(k), uint16(2*n))
			m.mem.write16(e+0x26+8*uint32(k), uint16(2*n+2))
			m.mem.write32(e+0x28+8*uint32(k), strs)
			m.putString(strs, n+1, s, true)
			strs += 2*n + 2
		}
	}
	// link writes a circular list at list-head offset h through entries
	// at link offset o, in the given order.
	link := func(h, o uint32, order []int) {
		head := l + h
		prev := head
		for _, i := range order {
			e := entry(i) + o
			m.mem.write32(prev, e)   // prev.Flink
			m.mem.write32(e+4, prev) // e.Blink
			prev = e
		}
		m.mem.write32(prev, head)
		m.mem.write32(head+4, prev)
	}
	link(0x0c, 0x00, []int{0, 1, 2})
	link(0x14, 0x08, []int{0, 1, 2})
	link(0x1c, 0x10, []int{1, 2})
}
