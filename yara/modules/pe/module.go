package pe

import (
	"github.com/overt-sec/overt/yara/modules/object"
)

// Module is the run-time pe module. For data that is not a PE file every
// field is undefined (constants aside) and every function returns
// undefined, as in yara.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(in *object.LoadInput) (*object.Value, error) {
	root := newNode(Schema)
	p := parse(in.Data)
	if p == nil {
		root.setInt("is_pe", 0)
		return root.v, nil
	}
	f := p.f
	f.setHeaders(root)
	f.setSections(root)
	setImports(root, p.imports, p.importCount, "number_of_imports", "number_of_imported_functions", "import_details")
	setImports(root, p.delayed, -1, "number_of_delayed_imports", "number_of_delayed_imported_functions", "delayed_import_details")
	p.exports.set(root)
	p.resources.set(root)
	vi := object.NewDict()
	vl := root.array("version_info_list")
	for _, e := range p.resources.versionEntries {
		vi.Set(e.key, object.String(e.value))
		n := vl.add()
		n.setStr("key", []byte(e.key))
		n.setStr("value", []byte(e.value))
	}
	root.set("version_info", vi)
	root.setInt("number_of_version_infos", int64(len(p.resources.versionEntries)))

	rs := root.sub("rich_signature")
	if r := p.rich; p.hasRich {
		rs.setInt("offset", r.offset)
		rs.setInt("length", int64(len(r.raw)))
		rs.setInt("key", int64(r.key))
		rs.setStr("raw_data", r.raw)
		rs.setStr("clear_data", r.clear)
		rs.setStr("version_data", r.versionData())
		ver, tool := p.richFuncs()
		rs.v.SetFunc(rs.s, "version", ver...)
		rs.v.SetFunc(rs.s, "toolid", tool...)
	}

	if path, ok := f.pdbPath(); ok {
		root.setStr("pdb_path", path)
	}

	setSignatures(root, f)

	root.v.SetFunc(Schema, "calculate_checksum", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return object.IntResult(f.calculateChecksum())
	})
	root.v.SetFunc(Schema, "exports", p.exportsFuncs(false)...)
	root.v.SetFunc(Schema, "exports_index", p.exportsFuncs(true)...)
	root.v.SetFunc(Schema, "imports", p.importsFuncs()...)
	root.v.SetFunc(Schema, "import_rva", rvaFuncs(p.imports)...)
	root.v.SetFunc(Schema, "delayed_import_rva", rvaFuncs(p.delayed)...)
	root.v.SetFunc(Schema, "imphash", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return object.StrResult(imphash(p.imports))
	})
	root.v.SetFunc(Schema, "locale", p.langFunc(0xffff))
	root.v.SetFunc(Schema, "language", p.langFunc(0xff))
	root.v.SetFunc(Schema, "section_index", p.sectionIndexFuncs()...)
	characteristics, _ := f.u16(f.nt + 4 + 18)
	magic, _ := f.u16(f.opt)
	root.v.SetFunc(Schema, "is_dll", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return object.IntResult(int64(characteristics & 0x2000)) // the flag's value, as yara
	})
	root.v.SetFunc(Schema, "is_32bit", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return boolResult(magic == 0x10b)
	})
	root.v.SetFunc(Schema, "is_64bit", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return boolResult(magic == magicPE32Plus)
	})
	root.v.SetFunc(Schema, "rva_to_offset", func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		if a[0].Int < 0 {
			return object.Undefined
		}
		off := f.rvaToOffset(uint64(a[0].Int))
		if off < 0 {
			return object.Undefined
		}
		return object.IntResult(off)
	})
	return root.v, nil
}

// parse parses data as a PE file, or returns nil when it is not one.
func parse(data []byte) *parsed {
	f := parseFile(data)
	if f == nil {
		return nil
	}
	p := &parsed{f: f}
	p.imports, p.importCount = f.parseImports()
	p.delayed = f.parseDelayedImports()
	p.exports = f.parseExports()
	p.resources = f.parseResources()
	p.rich, p.hasRich = f.parseRich()
	return p
}
