package pe

import (
	"crypto/md5"
	"encoding/hex"
	"strings"

	"github.com/overt-sec/overt/yara/modules/object"
)

// importedDLL is one library of an import table with its functions.
type importedDLL struct {
	name  string
	funcs []importedFunc
	// unlisted counts functions yara 4.2.3 counts in
	// number_of_imported_functions without listing them (see parseThunks).
	unlisted int
}

// importedFunc is one imported function: by name, or by ordinal (then
// name is "ordN").
type importedFunc struct {
	name       string
	ordinal    uint16
	hasOrdinal bool
	rva        uint32 // the address of its import address table slot
}

// validDLLName reports whether b (the bytes from a DLL name to the end of
// the data) holds a NUL-terminated, non-empty name made only of letters,
// digits, '_', '.' and '-', as yara requires of a library name.
func validDLLName(b []byte) (string, bool) {
	for i, c := range b {
		switch {
		case c == 0:
			return string(b[:i]), i > 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '.', c == '-':
		default:
			return "", false
		}
	}
	return "", false
}

// dllNameAt reads a library name at rva.
func (f *file) dllNameAt(rva uint64) (string, bool) {
	off := f.rvaToOffset(rva)
	if off < 0 {
		return "", false
	}
	b := f.data[off:]
	if len(b) > maxNameLen {
		b = b[:maxNameLen]
	}
	return validDLLName(b)
}

func (f *file) thunkSize() int64 {
	if f.is64 {
		return 8
	}
	return 4
}

// thunk reads an import thunk and reports whether it imports by ordinal.
func (f *file) thunk(off int64) (v uint64, byOrdinal bool, ok bool) {
	if f.is64 {
		v, ok = f.u64(off)
		return v, v&(1<<63) != 0, ok
	}
	x, ok := f.u32(off)
	return uint64(x), x&(1<<31) != 0, ok
}

// importName reads the hint/name entry at rva and returns the name.
func (f *file) importName(rva uint64) (string, bool) {
	off := f.rvaToOffset(rva)
	if off < 0 || !f.fits(off, 4) {
		return "", false
	}
	s, ok := f.cstring(off+2, maxNameLen)
	return string(s), ok
}

// parseImports reads the import directory. It returns the libraries that
// import at least one function, and the number of descriptors yara 4.2.3
// counts in number_of_imports: found by experiment (clam-upack.exe and
// patched copies of it), that is every descriptor before the first one
// with a zero Name, except those whose Name maps into the file but does
// not hold a valid library name. A descriptor whose Name cannot be mapped
// at all, or whose library imports nothing, is counted but not listed.
func (f *file) parseImports() ([]importedDLL, int) {
	va, _, ok := f.directory(dirImport)
	if !ok || va == 0 {
		return nil, 0
	}
	off := f.rvaToOffset(uint64(va))
	if off < 0 {
		return nil, 0
	}
	var dlls []importedDLL
	total, count := 0, 0
	work := 0
	for d := off; f.fits(d, 20) && count < maxImportDLLs && work < maxImportThunks; d += 20 {
		work++
		oft, _ := f.u32(d)
		nameRVA, _ := f.u32(d + 12)
		ft, _ := f.u32(d + 16)
		if nameRVA == 0 {
			break
		}
		if f.rvaToOffset(uint64(nameRVA)) < 0 {
			count++
			continue
		}
		name, ok := f.dllNameAt(uint64(nameRVA))
		if !ok {
			continue
		}
		count++
		funcs, unlisted := f.parseThunks(name, oft, ft, maxImportFunctions-total, &work)
		total += len(funcs)
		if len(funcs) > 0 {
			dlls = append(dlls, importedDLL{name: name, funcs: funcs, unlisted: unlisted})
		}
	}
	return dlls, count
}

// parseThunks reads the functions of one import descriptor from its
// lookup table (or its address table when the lookup table is missing).
// A by-name thunk whose hint/name address cannot be mapped to the file is
// not listed but is counted in unlisted: yara 4.2.3 counts it in
// number_of_imported_functions (found by experiment on an image whose
// garbage section headers unmap one name).
func (f *file) parseThunks(dll string, oft, ft uint32, limit int, work *int) (funcs []importedFunc, unlisted int) {
	off := f.rvaToOffset(uint64(oft))
	if off <= 0 {
		off = f.rvaToOffset(uint64(ft))
	}
	if off < 0 {
		return nil, 0
	}
	size := f.thunkSize()
	for i := int64(0); len(funcs)+unlisted < limit && *work < maxImportThunks; i++ {
		*work++
		v, byOrd, ok := f.thunk(off + i*size)
		if !ok || v == 0 {
			break
		}
		fn := importedFunc{rva: ft + uint32(i*size)}
		if byOrd {
			fn.ordinal = uint16(v)
			fn.hasOrdinal = true
			fn.name = ordinalName(dll, fn.ordinal)
		} else {
			if f.rvaToOffset(v) < 0 {
				unlisted++
				continue
			}
			name, ok := f.importName(v)
			if !ok {
				continue
			}
			fn.name = name
		}
		funcs = append(funcs, fn)
	}
	return funcs, unlisted
}

// parseDelayedImports reads the delay-load import directory.
func (f *file) parseDelayedImports() []importedDLL {
	va, _, ok := f.directory(dirDelayImport)
	if !ok || va == 0 {
		return nil
	}
	off := f.rvaToOffset(uint64(va))
	if off < 0 {
		return nil
	}
	var base uint64
	if f.is64 {
		base, _ = f.u64(f.opt + 24)
	} else {
		b, _ := f.u32(f.opt + 28)
		base = uint64(b)
	}
	var dlls []importedDLL
	total, work := 0, 0
	for d := off; f.fits(d, 32) && len(dlls) < maxImportDLLs && total < maxImportFunctions && work < maxImportThunks; d += 32 {
		work++
		var fld [8]uint32
		zero := true
		for i := range fld {
			fld[i], _ = f.u32(d + int64(i)*4)
			zero = zero && fld[i] == 0
		}
		if zero {
			break
		}
		attrs, nameRVA, iat, intab := fld[0], uint64(fld[1]), uint64(fld[3]), uint64(fld[4])
		if attrs&1 == 0 { // addresses are virtual addresses, not RVAs
			nameRVA -= base
			iat -= base
			intab -= base
		}
		name, ok := f.dllNameAt(nameRVA)
		if !ok {
			continue
		}
		nameOff := f.rvaToOffset(intab)
		if nameOff < 0 {
			continue
		}
		size := f.thunkSize()
		var funcs []importedFunc
		for i := int64(0); total+len(funcs) < maxImportFunctions && work < maxImportThunks; i++ {
			work++
			v, byOrd, ok := f.thunk(nameOff + i*size)
			if !ok || v == 0 {
				break
			}
			fn := importedFunc{rva: uint32(iat + uint64(i*size))}
			if byOrd {
				fn.ordinal = uint16(v)
				fn.hasOrdinal = true
				fn.name = ordinalName(name, fn.ordinal)
			} else {
				if attrs&1 == 0 {
					v -= base
				}
				name, ok := f.importName(v)
				if !ok {
					continue
				}
				fn.name = name
			}
			funcs = append(funcs, fn)
		}
		total += len(funcs)
		dlls = append(dlls, importedDLL{name: name, funcs: funcs})
	}
	return dlls
}

// setImports sets the import fields of one table (standard or delayed).
// As in yara 4.2.3, a library's number_of_functions is the running total
// of functions up to and including it, and its functions sit at the
// indexes that running total gives them (earlier indexes undefined).
//
// n is the number of libraries to report in count (see parseImports), or
// -1 for len(dlls).
func setImports(root object.Node, dlls []importedDLL, n int, count, countFuncs, details string) {
	arr := root.StructArray(details)
	total, unlisted := 0, 0
	for _, d := range dlls {
		n := arr.Add()
		n.SetStr("library_name", []byte(d.name))
		fa := n.StructArray("functions")
		for j, fn := range d.funcs {
			fe := object.NewNode(fa.Elem)
			fe.SetStr("name", []byte(fn.name))
			if fn.hasOrdinal {
				fe.SetInt("ordinal", int64(fn.ordinal))
			}
			fe.SetInt("rva", int64(fn.rva))
			fa.Value.SetIndex(total+j, fe.Value)
		}
		total += len(d.funcs)
		n.SetInt("number_of_functions", int64(total))
		unlisted += d.unlisted
	}
	if n < 0 {
		n = len(dlls)
	}
	root.SetInt(count, int64(n))
	root.SetInt(countFuncs, int64(total+unlisted))
}

// imphash computes the import hash: the MD5 of "dll.function" pairs in
// lower case joined by commas, the DLL's .dll/.ocx/.sys extension removed.
func imphash(dlls []importedDLL) string {
	h := md5.New()
	first := true
	for _, d := range dlls {
		name := d.name
		if i := strings.IndexByte(name, '.'); i >= 0 {
			ext := strings.ToLower(name[i:])
			if strings.HasPrefix(ext, ".dll") || strings.HasPrefix(ext, ".ocx") || strings.HasPrefix(ext, ".sys") {
				name = name[:i]
			}
		}
		for _, fn := range d.funcs {
			if !first {
				h.Write([]byte{','})
			}
			first = false
			h.Write([]byte(strings.ToLower(name + "." + fn.name)))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
