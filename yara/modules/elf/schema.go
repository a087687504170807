// Package elf declares the schema of YARA's "elf" module: the header,
// sections, segments, dynamic entries and symbol tables of ELF files, and
// the ELF format's named constants.
package elf

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "elf"`.
const Name = "elf"

// Schema is the declared schema of the elf module (YARA 4.5).
var Schema = NewStruct(Name, append(constants(), fields()...)...)

// symbolFields are the members of a symtab or dynsym entry.
func symbolFields() []*Field {
	return []*Field{
		StringField("name"),
		IntField("value"),
		IntField("size"),
		IntField("type"),
		IntField("bind"),
		IntField("shndx"),
	}
}

func fields() []*Field {
	return []*Field{
		IntField("type"),
		IntField("machine"),
		IntField("entry_point"),
		IntField("sh_offset"),
		IntField("sh_entry_size"),
		IntField("number_of_sections"),
		IntField("ph_offset"),
		IntField("ph_entry_size"),
		IntField("number_of_segments"),
		StructArrayField("sections",
			IntField("type"),
			IntField("flags"),
			IntField("address"),
			StringField("name"),
			IntField("size"),
			IntField("offset"),
		),
		StructArrayField("segments",
			IntField("type"),
			IntField("flags"),
			IntField("offset"),
			IntField("virtual_address"),
			IntField("physical_address"),
			IntField("file_size"),
			IntField("memory_size"),
			IntField("alignment"),
		),
		IntField("dynamic_section_entries"),
		StructArrayField("dynamic",
			IntField("type"),
			IntField("val"),
		),
		IntField("symtab_entries"),
		StructArrayField("symtab", symbolFields()...),
		IntField("dynsym_entries"),
		StructArrayField("dynsym", symbolFields()...),
		FuncField("telfhash", Sig(String)).Added("4.3"),
		FuncField("import_md5", Sig(String)).Added("4.3"),
	}
}
