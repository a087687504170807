package macho

import (
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// Module is the run-time macho module: it parses the scanned object as a
// thin Mach-O image (32 or 64 bits, either byte order) or a fat binary and
// exposes what yara 4.2.3 exposes; for anything else every field is
// undefined.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(in *object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	f := Parse(in.Data)
	root.SetFunc(Schema, "file_index_for_arch",
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return f.indexForArch(a[0].Int, 0, false)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return f.indexForArch(a[0].Int, a[1].Int, true)
		})
	root.SetFunc(Schema, "entry_point_for_arch",
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return f.entryForArch(a[0].Int, 0, false)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return f.entryForArch(a[0].Int, a[1].Int, true)
		})
	if f == nil {
		return root, nil
	}
	if f.Thin != nil {
		setImage(root, Schema, f.Thin)
		return root, nil
	}
	set := func(name string, v *object.Value) { root.SetField(Schema, name, v) }
	set("fat_magic", u32(f.FatMagic))
	set("nfat_arch", u32(f.NFatArch))
	at := elemStruct(Schema, "fat_arch")
	arches := object.NewArray()
	for _, a := range f.Arch {
		v := object.NewStruct(at)
		v.SetField(at, "cputype", u32(a.CPUType))
		v.SetField(at, "cpusubtype", u32(a.CPUSubtype))
		v.SetField(at, "offset", object.Int(int64(a.Offset)))
		v.SetField(at, "size", object.Int(int64(a.Size)))
		v.SetField(at, "align", u32(a.Align))
		arches.Append(v)
	}
	set("fat_arch", arches)
	ft := elemStruct(Schema, "file")
	files := object.NewArray()
	for _, im := range f.Images {
		v := object.NewStruct(ft)
		if im != nil {
			setImage(v, ft, im)
		}
		files.Append(v)
	}
	set("file", files)
	return root, nil
}

// yrUndefined is yara's in-band marker of an undefined integer.
const yrUndefined = -1483400188077313 // 0xFFFABADAFABADAFF

func u32(x uint32) *object.Value { return object.Int(int64(x)) }

// elemStruct returns the element structure of the array field name of s.
func elemStruct(s *types.Struct, name string) *types.Struct { return s.Field(name).Type.Elem.Struct }

// setImage sets the header fields of one image on v, whose schema is s.
func setImage(v *object.Value, s *types.Struct, im *Image) {
	set := func(name string, x *object.Value) { v.SetField(s, name, x) }
	set("magic", u32(im.Magic))
	set("cputype", u32(im.CPUType))
	set("cpusubtype", u32(im.CPUSubtype))
	set("filetype", u32(im.FileType))
	set("ncmds", u32(im.NCmds))
	set("sizeofcmds", u32(im.SizeOfCmds))
	set("flags", u32(im.Flags))
	if im.Is64 {
		set("reserved", u32(im.Reserved))
	}
	set("number_of_segments", object.Int(int64(len(im.Segments))))
	if im.HasEntry {
		set("entry_point", object.Int(int64(im.Entry)))
	}
	if im.HasStack {
		set("stack_size", object.Int(int64(im.StackSize)))
	}
	st := elemStruct(s, "segments")
	sct := elemStruct(st, "sections")
	segs := object.NewArray()
	for _, g := range im.Segments {
		sv := object.NewStruct(st)
		sv.SetField(st, "segname", object.String(g.SegName))
		sv.SetField(st, "vmaddr", object.Int(int64(g.VMAddr)))
		sv.SetField(st, "vmsize", object.Int(int64(g.VMSize)))
		sv.SetField(st, "fileoff", object.Int(int64(g.FileOff)))
		sv.SetField(st, "fsize", object.Int(int64(g.FileSize)))
		sv.SetField(st, "maxprot", u32(g.MaxProt))
		sv.SetField(st, "initprot", u32(g.InitProt))
		sv.SetField(st, "nsects", u32(g.NSects))
		sv.SetField(st, "flags", u32(g.Flags))
		secs := object.NewArray()
		for _, c := range g.Sections {
			cv := object.NewStruct(sct)
			cv.SetField(sct, "sectname", object.String(c.SectName))
			cv.SetField(sct, "segname", object.String(c.SegName))
			cv.SetField(sct, "addr", object.Int(int64(c.Addr)))
			cv.SetField(sct, "size", object.Int(int64(c.Size)))
			cv.SetField(sct, "offset", u32(c.Offset))
			cv.SetField(sct, "align", u32(c.Align))
			cv.SetField(sct, "reloff", u32(c.RelOff))
			cv.SetField(sct, "nreloc", u32(c.NReloc))
			cv.SetField(sct, "flags", u32(c.Flags))
			cv.SetField(sct, "reserved1", u32(c.Reserved1))
			cv.SetField(sct, "reserved2", u32(c.Reserved2))
			if im.Is64 {
				cv.SetField(sct, "reserved3", u32(c.Reserved3))
			}
			secs.Append(cv)
		}
		sv.SetField(st, "sections", secs)
		segs.Append(sv)
	}
	set("segments", segs)
}

// archIndex returns the index of the first architecture of a fat file
// with the given CPU type (and subtype when withSub), or -1.
func (f *File) archIndex(cpu, sub int64, withSub bool) int {
	if f == nil || f.Thin != nil {
		return -1
	}
	for i, a := range f.Arch {
		if int64(a.CPUType) == cpu && (!withSub || int64(a.CPUSubtype) == sub) {
			return i
		}
	}
	return -1
}

// indexForArch returns the index of the first parsed image of a fat file
// whose own header has the CPU type (and subtype): unlike
// entry_point_for_arch, yara matches the images, not the fat_arch table.
func (f *File) indexForArch(cpu, sub int64, withSub bool) object.Result {
	if f == nil || f.Thin != nil {
		return object.Undefined
	}
	for i, im := range f.Images {
		if im != nil && int64(im.CPUType) == cpu && (!withSub || int64(im.CPUSubtype) == sub) {
			return object.IntResult(int64(i))
		}
	}
	return object.Undefined
}

// entryForArch returns the entry point of an architecture as an offset in
// the fat file.
func (f *File) entryForArch(cpu, sub int64, withSub bool) object.Result {
	i := f.archIndex(cpu, sub, withSub)
	if i < 0 {
		return object.Undefined
	}
	if f.Images[i] == nil || !f.Images[i].HasEntry {
		// yara 4.2.3 adds the offset to its undefined marker and returns
		// the sum as a defined integer.
		return object.IntResult(int64(f.Arch[i].Offset) + yrUndefined)
	}
	return object.IntResult(int64(f.Arch[i].Offset + f.Images[i].Entry))
}
