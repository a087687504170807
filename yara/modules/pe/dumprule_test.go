package pe

import (
	"fmt"
	"strings"
)

// scalarFields are the integer and string fields printed by the dump rule.
var scalarFields = []string{
	"is_pe", "machine", "number_of_sections", "timestamp", "pointer_to_symbol_table",
	"number_of_symbols", "size_of_optional_header", "characteristics", "entry_point",
	"entry_point_raw", "image_base", "number_of_rva_and_sizes", "opthdr_magic", "size_of_code",
	"size_of_initialized_data", "size_of_uninitialized_data", "base_of_code", "base_of_data",
	"section_alignment", "file_alignment", "linker_version.major", "linker_version.minor",
	"os_version.major", "os_version.minor", "image_version.major", "image_version.minor",
	"subsystem_version.major", "subsystem_version.minor", "win32_version_value",
	"size_of_image", "size_of_headers", "checksum", "subsystem", "dll_characteristics",
	"size_of_stack_reserve", "size_of_stack_commit", "size_of_heap_reserve",
	"size_of_heap_commit", "loader_flags", "overlay.offset", "overlay.size",
	"rich_signature.offset", "rich_signature.length", "rich_signature.key",
	"rich_signature.raw_data", "rich_signature.clear_data", "pdb_path",
	"number_of_exports", "dll_name", "export_timestamp", "number_of_imports",
	"number_of_imported_functions", "number_of_delayed_imports",
	"number_of_delayed_imported_functions", "number_of_resources", "resource_timestamp",
	"resource_version.major", "resource_version.minor", "number_of_version_infos",
	"number_of_signatures",
	"calculate_checksum()", "imphash()", "is_dll()", "is_32bit()", "is_64bit()",
	"rva_to_offset(0)", "rva_to_offset(0x1000)", "rva_to_offset(pe.entry_point_raw)",
	"section_index(\".text\")", "section_index(\".data\")", "section_index(pe.entry_point)",
	"section_index(0)", "locale(0x409)", "language(9)", "locale(0)", "language(0)",
	"exports(\"main\")", "exports(1)", "exports(/^_/)", "exports_index(1)", "exports_index(/a/)",
	"imports(\"kernel32.dll\")", "imports(\"KERNEL32.DLL\", \"ExitProcess\")",
	"imports(\"kernel32.dll\", \"exitprocess\")", "imports(/kernel32/i, /Virtual/)",
	"imports(/./, /./)", "imports(pe.IMPORT_ANY, /./, /./)", "imports(pe.IMPORT_DELAYED, /./, /./)",
	"imports(pe.IMPORT_STANDARD, \"kernel32.dll\")", "imports(\"ws2_32.dll\", 3)",
	"rich_signature.version(0)", "rich_signature.toolid(0)",
}

// dumpRule returns a rule whose condition logs every field of p's file;
// forYara renames the fields yara 4.2.3 knows under another name and
// leaves out those it lacks.
func dumpRule(p *parsed, forYara bool) string {
	var b strings.Builder
	b.WriteString("import \"pe\"\nimport \"console\"\nrule dump { condition: true")
	log := func(label, expr string) {
		fmt.Fprintf(&b, "\n and (console.log(%q, pe.%s) or true)", label+"=", expr)
	}
	for _, f := range scalarFields {
		log(f, f)
	}
	n := len(p.f.sections) + 1
	for i := range n {
		for _, fld := range []string{"name", "full_name", "characteristics", "virtual_address", "virtual_size",
			"raw_data_offset", "raw_data_size", "pointer_to_relocations", "pointer_to_line_numbers",
			"number_of_relocations", "number_of_line_numbers"} {
			log(fmt.Sprintf("sections[%d].%s", i, fld), fmt.Sprintf("sections[%d].%s", i, fld))
		}
		if i < len(p.f.sections) {
			log(fmt.Sprintf("section_index(%s)", yq(string(p.f.sections[i].name))), fmt.Sprintf("section_index(%s)", yq(string(p.f.sections[i].name))))
			log(fmt.Sprintf("section_index(%d)", p.f.sections[i].rawPtr), fmt.Sprintf("section_index(%d)", p.f.sections[i].rawPtr))
			log(fmt.Sprintf("rva_to_offset(%d)", p.f.sections[i].virtualAddr+1), fmt.Sprintf("rva_to_offset(%d)", p.f.sections[i].virtualAddr+1))
		}
	}
	for i := range 17 {
		log(fmt.Sprintf("data_directories[%d].virtual_address", i), fmt.Sprintf("data_directories[%d].virtual_address", i))
		log(fmt.Sprintf("data_directories[%d].size", i), fmt.Sprintf("data_directories[%d].size", i))
	}
	imports := func(name string, dlls []importedDLL, yname string) {
		base := 0
		for i := range len(dlls) + 1 {
			pre := fmt.Sprintf("%s[%d]", name, i)
			ypre := fmt.Sprintf("%s[%d]", yname, i)
			log(pre+".library_name", ypre+".library_name")
			if !forYara || name == yname {
				log(pre+".number_of_functions", ypre+".number_of_functions")
			}
			if i == len(dlls) {
				continue
			}
			d := dlls[i]
			for j := base; j < base+len(d.funcs)+1; j++ {
				log(fmt.Sprintf("%s.functions[%d].name", pre, j), fmt.Sprintf("%s.functions[%d].name", ypre, j))
				log(fmt.Sprintf("%s.functions[%d].ordinal", pre, j), fmt.Sprintf("%s.functions[%d].ordinal", ypre, j))
				if !forYara {
					log(fmt.Sprintf("%s.functions[%d].rva", pre, j), fmt.Sprintf("%s.functions[%d].rva", ypre, j))
				}
				if j < base+len(d.funcs) {
					fn := d.funcs[j-base]
					q := fmt.Sprintf("imports(%q, %q)", d.name, fn.name)
					log(q, q)
					q = fmt.Sprintf("imports(%q)", strings.ToUpper(d.name))
					log(q, q)
					if fn.hasOrdinal {
						q = fmt.Sprintf("imports(%q, %d)", d.name, fn.ordinal)
						log(q, q)
					}
				}
			}
			base += len(d.funcs)
		}
	}
	imports("import_details", p.imports, "import_details")
	// yara 4.2.3 declares delay_import_details but never fills it in.
	if !forYara {
		imports("delayed_import_details", p.delayed, "delayed_import_details")
	}
	for i := range len(p.exports.entries) + 1 {
		for _, fld := range []string{"offset", "name", "forward_name", "ordinal"} {
			log(fmt.Sprintf("export_details[%d].%s", i, fld), fmt.Sprintf("export_details[%d].%s", i, fld))
		}
		if i < len(p.exports.entries) {
			e := p.exports.entries[i]
			q := fmt.Sprintf("exports_index(%d)", e.ordinal)
			log(q, q)
			if e.hasName {
				q = fmt.Sprintf("exports(%s)", yq(strings.ToLower(string(e.name))))
				log(q, q)
				q = fmt.Sprintf("exports_index(%s)", yq(string(e.name)))
				log(q, q)
			}
		}
	}
	for i := range len(p.resources.leaves) + 1 {
		for _, fld := range []string{"rva", "offset", "length", "type", "id", "language", "type_string", "name_string", "language_string"} {
			log(fmt.Sprintf("resources[%d].%s", i, fld), fmt.Sprintf("resources[%d].%s", i, fld))
		}
		if i < len(p.resources.leaves) {
			r := p.resources.leaves[i]
			q := fmt.Sprintf("locale(%d)", r.lang)
			log(q, q)
			q = fmt.Sprintf("language(%d)", r.lang&0xff)
			log(q, q)
		}
	}
	for i, e := range p.resources.versionEntries {
		log(fmt.Sprintf("version_info_list[%d].key", i), fmt.Sprintf("version_info_list[%d].key", i))
		log(fmt.Sprintf("version_info_list[%d].value", i), fmt.Sprintf("version_info_list[%d].value", i))
		q := fmt.Sprintf("version_info[%s]", yq(e.key))
		log(q, q)
	}
	if p.hasRich {
		for i := 16; i+8 <= len(p.rich.clear); i += 8 {
			id := le.Uint32(p.rich.clear[i:])
			for _, q := range []string{
				fmt.Sprintf("rich_signature.version(%d)", id&0xffff),
				fmt.Sprintf("rich_signature.version(%d, %d)", id&0xffff, id>>16),
				fmt.Sprintf("rich_signature.toolid(%d)", id>>16),
				fmt.Sprintf("rich_signature.toolid(%d, %d)", id>>16, id&0xffff),
			} {
				log(q, q)
			}
		}
	}
	b.WriteString("\n}\n")
	return b.String()
}

// DumpRule returns the dump rule for data (see dumpRule); for a file
// that is not a PE it dumps the scalar fields only.
func DumpRule(data []byte, forYara bool) string {
	p := parse(data)
	if p == nil {
		p = &parsed{f: &file{}, resources: &resourceTree{}}
	}
	return dumpRule(p, forYara)
}

// yq quotes s as a YARA string literal.
func yq(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\x%02x", c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
