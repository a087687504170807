// Package macho declares the schema of YARA's "macho" module: the header,
// segments and sections of Mach-O files, the architectures of fat
// (universal) binaries and the Mach-O format's named constants.
package macho

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "macho"`.
const Name = "macho"

// Schema is the declared schema of the macho module (YARA 4.5). The
// top-level header fields describe a thin Mach-O file; for a fat binary
// they are undefined and file[i] holds each architecture's fields.
var Schema = NewStruct(Name, append(constants(), append(headerFields(),
	IntField("fat_magic"),
	IntField("nfat_arch"),
	StructArrayField("fat_arch",
		IntField("cputype"),
		IntField("cpusubtype"),
		IntField("offset"),
		IntField("size"),
		IntField("align"),
	),
	StructArrayField("file", headerFields()...),
	FuncField("file_index_for_arch", Sig(Integer, Integer), Sig(Integer, Integer, Integer)),
	FuncField("entry_point_for_arch", Sig(Integer, Integer), Sig(Integer, Integer, Integer)),
)...)...)

// headerFields are the fields of one Mach-O image: at the top level for a
// thin file and in each file[i] of a fat one.
func headerFields() []*Field {
	return []*Field{
		IntField("magic"),
		IntField("cputype"),
		IntField("cpusubtype"),
		IntField("filetype"),
		IntField("ncmds"),
		IntField("sizeofcmds"),
		IntField("flags"),
		IntField("reserved"),
		IntField("number_of_segments"),
		StructArrayField("segments",
			StringField("segname"),
			IntField("vmaddr"),
			IntField("vmsize"),
			IntField("fileoff"),
			IntField("fsize"),
			IntField("maxprot"),
			IntField("initprot"),
			IntField("nsects"),
			IntField("flags"),
			StructArrayField("sections",
				StringField("sectname"),
				StringField("segname"),
				IntField("addr"),
				IntField("size"),
				IntField("offset"),
				IntField("align"),
				IntField("reloff"),
				IntField("nreloc"),
				IntField("flags"),
				IntField("reserved1"),
				IntField("reserved2"),
				IntField("reserved3"),
			),
		),
		IntField("entry_point"),
		IntField("stack_size"),
	}
}
