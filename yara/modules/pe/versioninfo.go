package pe

// versionEntry is one string of a StringFileInfo table.
type versionEntry struct{ key, value string }

// Sizes yara uses when reading version strings: keys are clipped to 63
// characters and values to 255.
const (
	versionKeyMax   = 63
	versionValueMax = 255
)

// wideEquals reports whether the UTF-16LE string at off is s followed by
// a NUL character.
func (f *file) wideEquals(off int64, s string) bool {
	if !f.fits(off, int64(len(s)+1)*2) {
		return false
	}
	for i := 0; i <= len(s); i++ {
		c := le.Uint16(f.data[off+int64(i)*2:])
		var want uint16
		if i < len(s) {
			want = uint16(s[i])
		}
		if c != want {
			return false
		}
	}
	return true
}

// wideLen returns the number of UTF-16 characters before the NUL at off,
// stopping at the end of the data.
func (f *file) wideLen(off int64) int64 {
	n := int64(0)
	for n < maxNameLen && f.fits(off+n*2, 2) && le.Uint16(f.data[off+n*2:]) != 0 {
		n++
	}
	return n
}

// narrow copies the UTF-16 string at off to bytes (the low byte of each
// character), stopping at a NUL, the end of the data or max characters.
func (f *file) narrow(off int64, max int) string {
	var b []byte
	for i := int64(0); len(b) < max && f.fits(off+i*2, 2); i++ {
		c := le.Uint16(f.data[off+i*2:])
		if c == 0 {
			break
		}
		b = append(b, byte(c))
	}
	return string(b)
}

func align4(x int64) int64 { return (x + 3) &^ 3 }

// parseVersionInfo reads the VS_VERSIONINFO block at off and appends the
// strings of its StringFileInfo tables to out.
func (f *file) parseVersionInfo(off int64, out []versionEntry) []versionEntry {
	if !f.fits(off, 6) || !f.wideEquals(off+6, "VS_VERSION_INFO") {
		return out
	}
	blk := off + 92 // header, key, padding and VS_FIXEDFILEINFO
	length := func(o int64) int64 { l, _ := f.u16(o); return int64(l) }
	for f.wideEquals(blk+6, "VarFileInfo") && length(blk) != 0 {
		blk += length(blk)
	}
	for f.wideEquals(blk+6, "StringFileInfo") && length(blk) != 0 {
		table := blk + 36
		blk += length(blk)
		for table < blk {
			tl := length(table)
			str := table + 24
			tend := table + tl
			for str < tend {
				if len(out) >= maxVersionInfoEntries || !f.fits(str, 6) {
					return out
				}
				sl := length(str)
				vl := length(str + 2)
				keyLen := f.wideLen(str + 6)
				val := str + align4(6+2*(keyLen+1))
				if f.fits(val, 2) {
					k := f.narrow(str+6, versionKeyMax)
					v := ""
					if vl != 0 {
						v = f.narrow(val, versionValueMax)
					}
					out = append(out, versionEntry{k, v})
				}
				if sl == 0 {
					break
				}
				str += align4(sl)
			}
			if tl == 0 {
				break
			}
			table += align4(tl)
		}
	}
	return out
}
