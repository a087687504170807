package pe

import (
	"encoding/binary"
	"unicode/utf16"
)

// image is a PE file under construction for tests.
type image []byte

func (b image) put16(off int, v uint16)  { binary.LittleEndian.PutUint16(b[off:], v) }
func (b image) put32(off int, v uint32)  { binary.LittleEndian.PutUint32(b[off:], v) }
func (b image) putStr(off int, s string) { copy(b[off:], s) }

// putWide writes s as NUL-terminated UTF-16LE and returns the bytes used.
func (b image) putWide(off int, s string) int {
	u := utf16.Encode([]rune(s))
	for i, c := range u {
		b.put16(off+2*i, c)
	}
	b.put16(off+2*len(u), 0)
	return 2*len(u) + 2
}

// Layout of the test image: headers, .text at RVA 0x1000 (file 0x200),
// .rdata at RVA 0x2000 (file 0x400, 0x1000 bytes), then an overlay.
const (
	tLfanew   = 0xc0
	tOpt      = tLfanew + 24
	tSecTable = tOpt + 224
	tRdataRVA = 0x2000
	tRdataOff = 0x400
)

// rdata offsets (relative to the start of .rdata).
const (
	rImports = 0x000
	rExports = 0x400
	rDebug   = 0x600
	rRsrc    = 0x800
	rRsrcLen = 0x600
)

// buildImage returns a PE32 (or PE32+) image with two sections, a rich
// header, imports by name and ordinal, exports with a forwarder, a
// CodeView record, resources with version information and an overlay.
func buildImage(is64 bool) []byte {
	size := tRdataOff + 0x1000 + 0x30
	b := make(image, size)
	b.putStr(0, "MZ")
	b.put32(0x3c, tLfanew)
	// Rich header at 0x80: DanS, 3 pads, 2 entries, Rich, key.
	key := uint32(0x1234abcd)
	words := []uint32{0x536e6144, 0, 0, 0, 0x00de7809, 5, 0x00ff1c83, 12}
	for i, w := range words {
		b.put32(0x80+4*i, w^key)
	}
	b.putStr(0x80+4*len(words), "Rich")
	b.put32(0x80+4*len(words)+4, key)

	b.putStr(tLfanew, "PE\x00\x00")
	fh := tLfanew + 4
	optSize := 224
	machine := uint16(0x14c)
	if is64 {
		optSize, machine = 240, 0x8664
	}
	secTable := tOpt + optSize
	b.put16(fh, machine)
	b.put16(fh+2, 2)
	b.put32(fh+4, 0x5f000000)
	b.put16(fh+16, uint16(optSize))
	b.put16(fh+18, 0x2102)
	o := tOpt
	if is64 {
		b.put16(o, 0x20b)
		b.put32(o+24, 0x40000000) // ImageBase low
		b.put32(o+28, 1)          // ImageBase high
	} else {
		b.put16(o, 0x10b)
		b.put32(o+24, 0x2000)
		b.put32(o+28, 0x400000)
	}
	b[o+2], b[o+3] = 14, 29
	b.put32(o+4, 0x200)
	b.put32(o+8, 0x1000)
	b.put32(o+16, 0x1010) // entry point
	b.put32(o+20, 0x1000)
	b.put32(o+32, 0x1000)
	b.put32(o+36, 0x200)
	b.put16(o+40, 6)
	b.put16(o+48, 6)
	b.put32(o+56, 0x3000)
	b.put32(o+60, 0x400)
	b.put32(o+64, 0xdeadbeef)
	b.put16(o+68, 2)
	b.put16(o+70, 0x8140)
	dd := o + 96
	nd := o + 92
	if is64 {
		dd, nd = o+112, o+108
	}
	b.put32(nd, 16)
	dir := func(i int, rva, size uint32) { b.put32(dd+8*i, rva); b.put32(dd+8*i+4, size) }
	dir(dirExport, tRdataRVA+rExports, 0x100)
	dir(dirImport, tRdataRVA+rImports, 60)
	dir(dirResource, tRdataRVA+rRsrc, rRsrcLen)
	dir(dirDebug, tRdataRVA+rDebug, 28)

	sec := func(i int, name string, va, vsize, raw, rawSize, ch uint32) {
		h := secTable + 40*i
		b.putStr(h, name)
		b.put32(h+8, vsize)
		b.put32(h+12, va)
		b.put32(h+16, rawSize)
		b.put32(h+20, raw)
		b.put32(h+36, ch)
	}
	sec(0, ".text", 0x1000, 0x100, 0x200, 0x200, 0x60000020)
	sec(1, ".rdata", tRdataRVA, 0x1000, tRdataOff, 0x1000, 0x40000040)
	b[0x210] = 0xc3

	r := func(off int) int { return tRdataOff + off }              // file offset of an .rdata offset
	rva := func(off int) uint32 { return uint32(tRdataRVA + off) } // RVA of an .rdata offset
	thunk := 4
	ordFlag := uint64(1) << 31
	if is64 {
		thunk, ordFlag = 8, 1<<63
	}
	putThunk := func(off int, v uint64) {
		if is64 {
			binary.LittleEndian.PutUint64(b[off:], v)
		} else {
			b.put32(off, uint32(v))
		}
	}
	// Imports: KERNEL32.dll (2 by name), WS2_32.dll (ordinal 3, ordinal 999).
	type imp struct {
		dll   string
		funcs []any // string name or int ordinal
	}
	imps := []imp{{"KERNEL32.dll", []any{"ExitProcess", "VirtualAlloc"}}, {"WS2_32.dll", []any{3, 999}}}
	ilt, iat, names := 0x100, 0x180, 0x200
	for i, im := range imps {
		d := r(rImports + 20*i)
		b.put32(d, rva(ilt))
		b.put32(d+16, rva(iat))
		b.put32(d+12, rva(names))
		b.putStr(r(names), im.dll)
		names += len(im.dll) + 2
		for _, fn := range im.funcs {
			var v uint64
			switch fn := fn.(type) {
			case string:
				v = uint64(rva(names))
				b.putStr(r(names)+2, fn)
				names += 2 + len(fn) + 2
			case int:
				v = ordFlag | uint64(fn)
			}
			putThunk(r(ilt), v)
			putThunk(r(iat), v)
			ilt += thunk
			iat += thunk
		}
		ilt += thunk
		iat += thunk
	}

	// Exports: base 5, functions 0..2 (2 is a forwarder), names for 0 and 2.
	e := r(rExports)
	b.put32(e+4, 0x5f000001)
	b.put32(e+12, rva(rExports+0x80))
	b.put32(e+16, 5)
	b.put32(e+20, 3)
	b.put32(e+24, 2)
	b.put32(e+28, rva(rExports+0x40))
	b.put32(e+32, rva(rExports+0x50))
	b.put32(e+36, rva(rExports+0x60))
	b.put32(r(rExports+0x40), 0x1010)
	b.put32(r(rExports+0x44), 0x1020)
	b.put32(r(rExports+0x48), rva(rExports+0xa0))
	b.put32(r(rExports+0x50), rva(rExports+0x90))
	b.put32(r(rExports+0x54), rva(rExports+0x98))
	b.put16(r(rExports+0x60), 0)
	b.put16(r(rExports+0x62), 2)
	b.putStr(r(rExports+0x80), "test.dll")
	b.putStr(r(rExports+0x90), "Alpha")
	b.putStr(r(rExports+0x98), "Gamma")
	b.putStr(r(rExports+0xa0), "NTDLL.RtlZeroMemory")

	// Debug: one CodeView RSDS record.
	db := r(rDebug)
	b.put32(db+12, 2)
	b.put32(db+16, 0x40)
	b.put32(db+20, rva(rDebug+0x20))
	b.put32(db+24, uint32(r(rDebug+0x20)))
	b.putStr(r(rDebug+0x20), "RSDS")
	b.putStr(r(rDebug+0x20+24), `C:\build\test.pdb`)

	buildResources(b, r(rRsrc), rva(rRsrc))
	copy(b[tRdataOff+0x1000:], "OVERLAY-DATA")
	return b
}

// buildResources writes a resource tree at file offset off (RVA rva):
// a VERSION resource (id 1, language 0x409) and a named "DATA" type
// (name "CFG", language 0).
func buildResources(b image, off int, rva uint32) {
	dirHdr := func(at int, named, ids uint16) {
		b.put32(at+4, 7)
		b.put16(at+8, 4)
		b.put16(at+12, named)
		b.put16(at+14, ids)
	}
	entry := func(at int, name, target uint32) { b.put32(at, name); b.put32(at+4, target) }
	const sub = 0x80000000
	// Root: named entry "DATA" (0x100) and id entry 16.
	dirHdr(off, 1, 1)
	entry(off+16, sub|0x100, sub|0x30)
	entry(off+24, 16, sub|0x60)
	b.put16(off+0x100, 4)
	b.putWide(off+0x102, "DATA")
	b.put16(off+0x110, 3)
	b.putWide(off+0x112, "CFG")
	// "DATA" → name "CFG" → language 0 → data entry 0x180.
	dirHdr(off+0x30, 1, 0)
	entry(off+0x30+16, sub|0x110, sub|0x48)
	dirHdr(off+0x48, 0, 1)
	entry(off+0x48+16, 0, 0x180)
	// 16 → id 1 → language 0x409 → data entry 0x190.
	dirHdr(off+0x60, 0, 1)
	entry(off+0x60+16, 1, sub|0x78)
	dirHdr(off+0x78, 0, 1)
	entry(off+0x78+16, 0x409, 0x190)
	b.put32(off+0x180, rva+0x1a0)
	b.put32(off+0x184, 4)
	b.putStr(off+0x1a0, "cfg!")
	b.put32(off+0x190, rva+0x200)
	vlen := writeVersionInfo(b, off+0x200)
	b.put32(off+0x194, uint32(vlen))
}

// writeVersionInfo writes a VS_VERSIONINFO block with one string table
// and returns its length.
func writeVersionInfo(b image, at int) int {
	align := func(x int) int { return (x + 3) &^ 3 }
	p := at + 6
	p += b.putWide(p, "VS_VERSION_INFO")
	p = align(p)
	b.put16(at+2, 52)
	b.put32(p, 0xfeef04bd)
	p += 52
	p = align(p)
	sfi := p
	p += 6
	p += b.putWide(p, "StringFileInfo")
	p = align(p)
	st := p
	p += 6
	p += b.putWide(p, "040904b0")
	p = align(p)
	for _, kv := range [][2]string{{"CompanyName", "Overt Test"}, {"FileVersion", "1.2.3.4"}, {"ProductName", "PE fixture"}} {
		s := p
		p += 6
		p += b.putWide(p, kv[0])
		p = align(p)
		n := b.putWide(p, kv[1])
		b.put16(s+2, uint16(n/2))
		b.put16(s+4, 1)
		p += n
		b.put16(s, uint16(p-s))
		p = align(p)
	}
	b.put16(st, uint16(p-st))
	b.put16(sfi, uint16(p-sfi))
	b.put16(at, uint16(p-at))
	return p - at
}
