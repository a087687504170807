package elf

import (
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// Module is the run-time elf module: it parses the scanned object as an
// ELF file (32 or 64 bits, either byte order) and exposes what yara 4.2.3
// exposes; for anything else every field is undefined. The sections,
// segments, dynamic entries and symbols are turned into values only as
// rules read them (object.NewLazyArray): the symbol tables of a large
// library hold hundreds of thousands of entries that most rules never read.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(in *object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	f := parse(in.Data)
	root.SetFunc(Schema, "telfhash", func(*object.Env, *object.Value, []object.Arg) object.Result {
		f.readAllSymbols()
		return f.telfhash()
	})
	root.SetFunc(Schema, "import_md5", func(*object.Env, *object.Value, []object.Arg) object.Result {
		f.readAllSymbols()
		return f.importMD5()
	})
	if f == nil {
		return root, nil
	}
	set := func(name string, v *object.Value) { root.SetField(Schema, name, v) }
	set("type", u(uint64(f.Type)))
	set("machine", u(uint64(f.Machine)))
	if f.HasEntry {
		set("entry_point", u(f.EntryOff))
	}
	set("sh_offset", u(f.ShOff))
	set("sh_entry_size", u(uint64(f.ShEntSize)))
	set("number_of_sections", u(uint64(f.ShNum)))
	set("ph_offset", u(f.PhOff))
	set("ph_entry_size", u(uint64(f.PhEntSize)))
	set("number_of_segments", u(uint64(f.PhNum)))

	// The tables are built element by element as rules read them (most
	// rules read none): a large library's symbol tables would otherwise
	// cost hundreds of MB of values per scan.
	if f.Sections != nil {
		set("sections", object.NewLazyArray(len(f.Sections), func(i int) *object.Value {
			return sectionValue(&f.Sections[i])
		}))
	}
	if f.Segments != nil {
		set("segments", object.NewLazyArray(len(f.Segments), func(i int) *object.Value {
			return segmentValue(&f.Segments[i])
		}))
	}
	if f.HasDynamic {
		// Entries past DynCount, left by an earlier and longer PT_DYNAMIC
		// segment, stay readable as in yara.
		set("dynamic", object.NewLazyArray(len(f.Dynamic), func(i int) *object.Value {
			return dynValue(f.Dynamic[i])
		}))
		set("dynamic_section_entries", object.Int(int64(f.DynCount)))
	}
	if f.HasSymtab {
		set("symtab", symbols(f, &f.symtab, symtabStruct))
		set("symtab_entries", object.Int(int64(f.symtab.n)))
	}
	if f.HasDynsym {
		set("dynsym", symbols(f, &f.dynsym, dynsymStruct))
		set("dynsym_entries", object.Int(int64(f.dynsym.n)))
	}
	return root, nil
}

// u returns an integer value of an unsigned ELF field, as yara stores it.
func u(x uint64) *object.Value { return object.Int(int64(x)) }

// elemStruct returns the element structure of the array field name.
func elemStruct(name string) *types.Struct { return Schema.Field(name).Type.Elem.Struct }

// The element structures of the module's arrays.
var (
	sectionStruct = elemStruct("sections")
	segmentStruct = elemStruct("segments")
	dynamicStruct = elemStruct("dynamic")
	symtabStruct  = elemStruct("symtab")
	dynsymStruct  = elemStruct("dynsym")
)

func sectionValue(s *Section) *object.Value {
	st := sectionStruct
	v := object.NewStruct(st)
	v.SetField(st, "type", u(uint64(s.Type)))
	v.SetField(st, "flags", u(s.Flags))
	v.SetField(st, "address", u(s.Addr))
	v.SetField(st, "size", u(s.Size))
	v.SetField(st, "offset", u(s.Offset))
	if s.HasName {
		v.SetField(st, "name", object.String(s.Name))
	}
	return v
}

func segmentValue(s *Segment) *object.Value {
	st := segmentStruct
	v := object.NewStruct(st)
	v.SetField(st, "type", u(uint64(s.Type)))
	v.SetField(st, "flags", u(uint64(s.Flags)))
	v.SetField(st, "offset", u(s.Offset))
	v.SetField(st, "virtual_address", u(s.VAddr))
	v.SetField(st, "physical_address", u(s.PAddr))
	v.SetField(st, "file_size", u(s.FileSz))
	v.SetField(st, "memory_size", u(s.MemSz))
	v.SetField(st, "alignment", u(s.Align))
	return v
}

func dynValue(d Dyn) *object.Value {
	st := dynamicStruct
	v := object.NewStruct(st)
	v.SetField(st, "type", u(d.Tag))
	v.SetField(st, "val", u(d.Val))
	return v
}

// symbols returns the array of the symbol table t, read entry by entry
// from the data as rules index it.
func symbols(f *File, t *symTable, st *types.Struct) *object.Value {
	return object.NewLazyArray(t.n, func(i int) *object.Value {
		s := f.symbol(t, i)
		v := object.NewStruct(st)
		if s.HasName {
			v.SetField(st, "name", object.String(s.Name))
		}
		v.SetField(st, "value", object.Int(int64(s.Value)))
		v.SetField(st, "size", object.Int(int64(s.Size)))
		v.SetField(st, "type", object.Int(int64(s.Info&0xf)))
		v.SetField(st, "bind", object.Int(int64(s.Info>>4)))
		v.SetField(st, "shndx", object.Int(int64(s.Shndx)))
		return v
	})
}
