package pe

import (
	"github.com/overt-sec/overt/yara/modules/object"
)

// Module is the run-time pe module. For data that is not a PE file every
// field is undefined (constants aside) and every function returns
// undefined, as in yara.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(in *object.LoadInput) (*object.Value, error) {
	root := object.NewNode(Schema)
	p := parse(in.Data)
	if p == nil {
		root.SetInt("is_pe", 0)
		return root.Value, nil
	}
	f := p.f
	f.setHeaders(root)
	f.setSections(root)
	setImports(root, p.imports, p.importCount, "number_of_imports", "number_of_imported_functions", "import_details")
	setImports(root, p.delayed, -1, "number_of_delayed_imports", "number_of_delayed_imported_functions", "delayed_import_details")
	p.exports.set(root)
	p.resources.set(root)
	vi := object.NewDict()
	vl := root.StructArray("version_info_list")
	for _, e := range p.resources.versionEntries {
		vi.Set(e.key, object.String(e.value))
		n := vl.Add()
		n.SetStr("key", []byte(e.key))
		n.SetStr("value", []byte(e.value))
	}
	root.Set("version_info", vi)
	root.SetInt("number_of_version_infos", int64(len(p.resources.versionEntries)))

	rs := root.Sub("rich_signature")
	if r := p.rich; p.hasRich {
		rs.SetInt("offset", r.offset)
		rs.SetInt("length", int64(len(r.raw)))
		rs.SetInt("key", int64(r.key))
		rs.SetStr("raw_data", r.raw)
		rs.SetStr("clear_data", r.clear)
		rs.SetStr("version_data", r.versionData())
		ver, tool := p.richFuncs()
		rs.Value.SetFunc(rs.Schema, "version", ver...)
		rs.Value.SetFunc(rs.Schema, "toolid", tool...)
	}

	if path, ok := f.pdbPath(); ok {
		root.SetStr("pdb_path", path)
	}

	setSignatures(root, f)

	root.Value.SetFunc(Schema, "calculate_checksum", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return object.IntResult(f.calculateChecksum())
	})
	root.Value.SetFunc(Schema, "exports", p.exportsFuncs(false)...)
	root.Value.SetFunc(Schema, "exports_index", p.exportsFuncs(true)...)
	root.Value.SetFunc(Schema, "imports", p.importsFuncs()...)
	root.Value.SetFunc(Schema, "import_rva", rvaFuncs(p.imports)...)
	root.Value.SetFunc(Schema, "delayed_import_rva", rvaFuncs(p.delayed)...)
	root.Value.SetFunc(Schema, "imphash", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return object.StrResult(imphash(p.imports))
	})
	root.Value.SetFunc(Schema, "locale", p.langFunc(0xffff))
	root.Value.SetFunc(Schema, "language", p.langFunc(0xff))
	root.Value.SetFunc(Schema, "section_index", p.sectionIndexFuncs()...)
	characteristics, _ := f.u16(f.nt + 4 + 18)
	magic, _ := f.u16(f.opt)
	root.Value.SetFunc(Schema, "is_dll", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return object.IntResult(int64(characteristics & 0x2000)) // the flag's value, as yara
	})
	root.Value.SetFunc(Schema, "is_32bit", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return boolResult(magic == 0x10b)
	})
	root.Value.SetFunc(Schema, "is_64bit", func(*object.Env, *object.Value, []object.Arg) object.Result {
		return boolResult(magic == magicPE32Plus)
	})
	root.Value.SetFunc(Schema, "rva_to_offset", func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		if a[0].Int < 0 {
			return object.Undefined
		}
		off := f.rvaToOffset(uint64(a[0].Int))
		if off < 0 {
			return object.Undefined
		}
		return object.IntResult(off)
	})
	return root.Value, nil
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
