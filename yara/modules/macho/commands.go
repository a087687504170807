package macho

// CPU types whose LC_UNIXTHREAD state the parser reads the entry point of.
const (
	cpuX86     = 7
	cpuX86_64  = 0x01000007
	cpuARM     = 12
	cpuARM64   = 0x0100000c
	cpuPPC     = 18
	cpuPPC64   = 0x01000012
	threadBase = 16 // cmd, cmdsize, flavor, count precede the thread state
)

func (im *Image) parseCommands(r *imageReader, off uint64) {
	var threadPC uint64
	hasThread := false
	for i := uint64(0); i < uint64(im.NCmds) && i < maxCommands; i++ {
		if !r.fits(off, 8) {
			break
		}
		cmd, size := r.u32(off), uint64(r.u32(off+4))
		if size < 8 || !r.fits(off, size) {
			break
		}
		switch cmd {
		case lcSegment, lcSegment64:
			if seg, ok := im.parseSegment(r, off, size, cmd == lcSegment64); ok {
				im.Segments = append(im.Segments, seg)
			}
		case lcUnixThread:
			if pc, ok := im.threadPC(r, off, size); ok {
				threadPC, hasThread = pc, true
			}
		case lcMain:
			// yara reads the fields even past a short command.
			im.Entry, im.HasEntry = r.u64(off+8), true
			im.StackSize, im.HasStack = r.u64(off+16), true
		}
		off += size
	}
	if hasThread {
		im.Entry, im.HasEntry = im.rvaToOffset(threadPC)
	}
}

// threadPC reads the program counter of an LC_UNIXTHREAD command: its
// offset in the thread state by CPU type, read as zero when the command is
// shorter than yara's thread state for that CPU (sizes observed with
// yara 4.2.3: x86 64, x86_64 168, ARM 68, ARM64 272 bytes) or, for
// PowerPC, when the data ends before the state (160 and 304 bytes).
func (im *Image) threadPC(r *imageReader, off, size uint64) (uint64, bool) {
	var at, width, state uint64
	switch im.CPUType {
	case cpuX86:
		at, width, state = 10*4, 4, 64
	case cpuX86_64:
		at, width, state = 16*8, 8, 168
	case cpuARM:
		at, width, state = 15*4, 4, 68
	case cpuARM64:
		at, width, state = 32*8, 8, 272
	case cpuPPC:
		at, width, state = 0, 4, 160
	case cpuPPC64:
		at, width, state = 0, 8, 304
	default:
		return 0, false
	}
	if im.CPUType == cpuPPC || im.CPUType == cpuPPC64 {
		// For PowerPC yara checks the state against the data instead.
		if !r.fits(off+threadBase, state) {
			return 0, true
		}
	} else if size < threadBase+state {
		return 0, true
	}
	at += threadBase
	if width == 4 {
		return uint64(r.u32(off + at)), true
	}
	return r.u64(off + at), true
}

// rvaToOffset converts a virtual address to a file offset through the
// segments.
func (im *Image) rvaToOffset(rva uint64) (uint64, bool) {
	for _, s := range im.Segments {
		if rva >= s.VMAddr && rva-s.VMAddr < s.VMSize {
			return s.FileOff + (rva - s.VMAddr), true
		}
	}
	return 0, false
}

func (im *Image) parseSegment(r *imageReader, off, size uint64, is64 bool) (Segment, bool) {
	var s Segment
	hdr, sect := uint64(56), uint64(68)
	if is64 {
		hdr, sect = 72, 80
	}
	// yara reads the segment header even past a short command, but only
	// the sections inside the command.
	if !r.fits(off, hdr) {
		return s, false
	}
	s.SegName = r.name(off + 8)
	p := off + 24
	if is64 {
		s.VMAddr, s.VMSize, s.FileOff, s.FileSize = r.u64(p), r.u64(p+8), r.u64(p+16), r.u64(p+24)
		p += 32
	} else {
		s.VMAddr, s.VMSize, s.FileOff, s.FileSize = uint64(r.u32(p)), uint64(r.u32(p+4)), uint64(r.u32(p+8)), uint64(r.u32(p+12))
		p += 16
	}
	s.MaxProt, s.InitProt, s.NSects, s.Flags = r.u32(p), r.u32(p+4), r.u32(p+8), r.u32(p+12)
	// Sections must lie inside the command, which lies inside the data.
	var n uint64
	if size > hdr {
		n = min(uint64(s.NSects), (size-hdr)/sect)
	}
	s.Sections = make([]Section, 0, n)
	for i := uint64(0); i < n; i++ {
		q := off + hdr + i*sect
		var c Section
		c.SectName, c.SegName = r.name(q), r.name(q+16)
		q += 32
		if is64 {
			c.Addr, c.Size = r.u64(q), r.u64(q+8)
			q += 16
		} else {
			c.Addr, c.Size = uint64(r.u32(q)), uint64(r.u32(q+4))
			q += 8
		}
		c.Offset, c.Align, c.RelOff, c.NReloc = r.u32(q), r.u32(q+4), r.u32(q+8), r.u32(q+12)
		c.Flags, c.Reserved1, c.Reserved2 = r.u32(q+16), r.u32(q+20), r.u32(q+24)
		if is64 {
			c.Reserved3 = r.u32(q + 28)
		}
		s.Sections = append(s.Sections, c)
	}
	return s, true
}
