package pe

// pdbPath returns the PDB path of the first CodeView (type 2) debug
// directory entry with an "RSDS" or "NB10" record.
func (f *file) pdbPath() ([]byte, bool) {
	va, size, ok := f.directory(dirDebug)
	if !ok || va == 0 {
		return nil, false
	}
	off := f.rvaToOffset(uint64(va))
	if off < 0 {
		return nil, false
	}
	n := min(int64(size)/28, maxDebugEntries)
	for i := int64(0); i < n; i++ {
		e := off + i*28
		if !f.fits(e, 28) {
			break
		}
		typ, _ := f.u32(e + 12)
		if typ != 2 {
			continue
		}
		addr, _ := f.u32(e + 20)
		ptr, _ := f.u32(e + 24)
		cv := int64(-1)
		if addr != 0 {
			cv = f.rvaToOffset(uint64(addr))
		} else if ptr != 0 {
			cv = int64(ptr)
		}
		if cv < 0 || !f.fits(cv, 4) {
			continue
		}
		var pathOff int64
		switch string(f.data[cv : cv+4]) {
		case "RSDS":
			pathOff = cv + 24
		case "NB10":
			pathOff = cv + 16
		default:
			continue
		}
		if p, ok := f.cstring(pathOff, maxPathLen); ok {
			return p, true
		}
	}
	return nil, false
}

// calculateChecksum computes the PE image checksum: the one's-complement
// style sum of the file's 16-bit words, the CheckSum field skipped,
// folded to 16 bits, plus the file length.
func (f *file) calculateChecksum() int64 {
	csumOff := f.opt + 64
	var sum uint64
	n := int64(len(f.data))
	for i := int64(0); i < n; i += 4 {
		if i/4 == csumOff/4 {
			continue
		}
		var w uint64
		if i+4 <= n {
			w = uint64(le.Uint32(f.data[i:]))
		} else {
			for j := n - 1; j >= i; j-- {
				w = w<<8 | uint64(f.data[j])
			}
		}
		sum += w
		if sum > 0xffffffff {
			sum = (sum & 0xffffffff) + (sum >> 32)
		}
	}
	sum = (sum & 0xffff) + (sum >> 16)
	sum += sum >> 16
	sum &= 0xffff
	return int64(sum) + n
}
