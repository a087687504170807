package yara

import "encoding/binary"

// maxEntrySections bounds the section and segment headers read to find the
// entry point: PE files have at most 96 sections by the loader's rules, and
// real ELF files a few dozen; a hostile count must not make the lookup long.
const maxEntrySections = 1024

// entryPoint returns the file offset of the entry point of a PE or ELF
// file, as yara's deprecated `entrypoint` keyword sees it, and false for
// other data (the keyword is then undefined).
func entryPoint(data []byte) (int64, bool) {
	if len(data) >= 2 && data[0] == 'M' && data[1] == 'Z' {
		return peEntryPoint(data)
	}
	if len(data) >= 4 && string(data[:4]) == "\x7fELF" {
		return elfEntryPoint(data)
	}
	return 0, false
}

// peEntryPoint converts a PE file's AddressOfEntryPoint to a file offset
// through its section table.
func peEntryPoint(data []byte) (int64, bool) {
	le := binary.LittleEndian
	if len(data) < 0x40 {
		return 0, false
	}
	nt := int64(le.Uint32(data[0x3c:]))
	if nt+24 > int64(len(data)) || string(data[nt:nt+4]) != "PE\x00\x00" {
		return 0, false
	}
	nsec := int(le.Uint16(data[nt+6:]))
	optSize := int64(le.Uint16(data[nt+20:]))
	opt := nt + 24
	if opt+20 > int64(len(data)) {
		return 0, false
	}
	rva := int64(le.Uint32(data[opt+16:]))
	sec := opt + optSize
	for i := 0; i < min(nsec, maxEntrySections); i++ {
		h := sec + int64(i)*40
		if h+40 > int64(len(data)) {
			break
		}
		vaddr := int64(le.Uint32(data[h+12:]))
		rawSize := int64(le.Uint32(data[h+16:]))
		rawPtr := int64(le.Uint32(data[h+20:]))
		if rva >= vaddr && rva < vaddr+rawSize {
			return rawPtr + (rva - vaddr), true
		}
	}
	return rva, true
}

// elfEntryPoint converts an ELF file's e_entry to a file offset through
// its section headers, or its loadable segments when no section holds it.
func elfEntryPoint(data []byte) (int64, bool) {
	if len(data) < 52 {
		return 0, false
	}
	var bo binary.ByteOrder
	switch data[5] {
	case 1:
		bo = binary.LittleEndian
	case 2:
		bo = binary.BigEndian
	default:
		return 0, false
	}
	is64 := data[4] == 2
	if data[4] != 1 && !is64 {
		return 0, false
	}
	word := func(off int64) (uint64, bool) {
		if is64 {
			if off < 0 || off+8 > int64(len(data)) {
				return 0, false
			}
			return bo.Uint64(data[off:]), true
		}
		if off < 0 || off+4 > int64(len(data)) {
			return 0, false
		}
		return uint64(bo.Uint32(data[off:])), true
	}
	var entry, shoff, phoff uint64
	var shentsize, shnum, phentsize, phnum int64
	if is64 {
		if len(data) < 64 {
			return 0, false
		}
		entry, phoff, shoff = bo.Uint64(data[24:]), bo.Uint64(data[32:]), bo.Uint64(data[40:])
		phentsize, phnum = int64(bo.Uint16(data[54:])), int64(bo.Uint16(data[56:]))
		shentsize, shnum = int64(bo.Uint16(data[58:])), int64(bo.Uint16(data[60:]))
	} else {
		entry, phoff, shoff = uint64(bo.Uint32(data[24:])), uint64(bo.Uint32(data[28:])), uint64(bo.Uint32(data[32:]))
		phentsize, phnum = int64(bo.Uint16(data[42:])), int64(bo.Uint16(data[44:]))
		shentsize, shnum = int64(bo.Uint16(data[46:])), int64(bo.Uint16(data[48:]))
	}
	ws := int64(4)
	if is64 {
		ws = 8
	}
	if shoff < uint64(len(data)) {
		for i := int64(0); i < min(shnum, maxEntrySections); i++ {
			h := int64(shoff) + i*shentsize
			if h+8 > int64(len(data)) {
				break
			}
			typ := bo.Uint32(data[h+4:])
			if typ == 0 || typ == 8 { // SHT_NULL, SHT_NOBITS
				continue
			}
			addr, ok1 := word(h + 8 + ws)
			off, ok2 := word(h + 8 + 2*ws)
			size, ok3 := word(h + 8 + 3*ws)
			if ok1 && ok2 && ok3 && entry >= addr && entry-addr < size {
				return int64(off + (entry - addr)), true
			}
		}
	}
	if phoff < uint64(len(data)) {
		for i := int64(0); i < min(phnum, maxEntrySections); i++ {
			h := int64(phoff) + i*phentsize
			if h+4 > int64(len(data)) || bo.Uint32(data[h:]) != 1 { // PT_LOAD
				continue
			}
			var off, vaddr, filesz uint64
			var ok1, ok2, ok3 bool
			if is64 {
				off, ok1 = word(h + 8)
				vaddr, ok2 = word(h + 16)
				filesz, ok3 = word(h + 32)
			} else {
				off, ok1 = word(h + 4)
				vaddr, ok2 = word(h + 8)
				filesz, ok3 = word(h + 16)
			}
			if ok1 && ok2 && ok3 && entry >= vaddr && entry-vaddr < filesz {
				return int64(off + (entry - vaddr)), true
			}
		}
	}
	return 0, false
}
