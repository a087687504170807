package elf

import (
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// Module is the run-time elf module: it parses the scanned object as an
// ELF file (32 or 64 bits, either byte order) and exposes what yara 4.2.3
// exposes; for anything else every field is undefined.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(in *object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	f := Parse(in.Data)
	root.SetFunc(Schema, "telfhash", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return f.telfhash()
	})
	root.SetFunc(Schema, "import_md5", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return f.importMD5()
	})
	if f == nil {
		return root, nil
	}
	set := func(name string, v *object.Value) { root.SetField(Schema, name, v) }
	u := func(x uint64) *object.Value { return object.Int(int64(x)) }
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

	if f.Sections != nil {
		st := elemStruct("sections")
		arr := object.NewArray()
		arr.Elems = make([]*object.Value, 0, len(f.Sections))
		for _, s := range f.Sections {
			v := object.NewStruct(st)
			v.SetField(st, "type", u(uint64(s.Type)))
			v.SetField(st, "flags", u(s.Flags))
			v.SetField(st, "address", u(s.Addr))
			v.SetField(st, "size", u(s.Size))
			v.SetField(st, "offset", u(s.Offset))
			if s.HasName {
				v.SetField(st, "name", object.String(s.Name))
			}
			arr.Append(v)
		}
		set("sections", arr)
	}
	if f.Segments != nil {
		st := elemStruct("segments")
		arr := object.NewArray()
		arr.Elems = make([]*object.Value, 0, len(f.Segments))
		for _, s := range f.Segments {
			v := object.NewStruct(st)
			v.SetField(st, "type", u(uint64(s.Type)))
			v.SetField(st, "flags", u(uint64(s.Flags)))
			v.SetField(st, "offset", u(s.Offset))
			v.SetField(st, "virtual_address", u(s.VAddr))
			v.SetField(st, "physical_address", u(s.PAddr))
			v.SetField(st, "file_size", u(s.FileSz))
			v.SetField(st, "memory_size", u(s.MemSz))
			v.SetField(st, "alignment", u(s.Align))
			arr.Append(v)
		}
		set("segments", arr)
	}
	if f.HasDynamic {
		st := elemStruct("dynamic")
		arr := object.NewArray()
		for _, d := range f.Dynamic {
			v := object.NewStruct(st)
			v.SetField(st, "type", u(d.Tag))
			v.SetField(st, "val", u(d.Val))
			arr.Append(v)
		}
		set("dynamic", arr)
		set("dynamic_section_entries", object.Int(int64(f.DynCount)))
	}
	if f.HasSymtab {
		set("symtab", symbols(elemStruct("symtab"), f.Symtab))
		set("symtab_entries", object.Int(int64(len(f.Symtab))))
	}
	if f.HasDynsym {
		set("dynsym", symbols(elemStruct("dynsym"), f.Dynsym))
		set("dynsym_entries", object.Int(int64(len(f.Dynsym))))
	}
	return root, nil
}

// elemStruct returns the element structure of the array field name.
func elemStruct(name string) *types.Struct { return Schema.Field(name).Type.Elem.Struct }

func symbols(st *types.Struct, syms []Symbol) *object.Value {
	arr := object.NewArray()
	arr.Elems = make([]*object.Value, 0, len(syms))
	for _, s := range syms {
		v := object.NewStruct(st)
		if s.HasName {
			v.SetField(st, "name", object.String(s.Name))
		}
		v.SetField(st, "value", object.Int(int64(s.Value)))
		v.SetField(st, "size", object.Int(int64(s.Size)))
		v.SetField(st, "type", object.Int(int64(s.Info&0xf)))
		v.SetField(st, "bind", object.Int(int64(s.Info>>4)))
		v.SetField(st, "shndx", object.Int(int64(s.Shndx)))
		arr.Append(v)
	}
	return arr
}
