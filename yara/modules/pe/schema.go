// Package pe declares the schema of YARA's "pe" module: the headers,
// sections, imports, exports, resources, version information, Authenticode
// signatures and rich signature of Portable Executable files, the
// functions that query them, and the PE format's named constants.
package pe

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "pe"`.
const Name = "pe"

// Schema is the declared schema of the pe module (YARA 4.5). Values the
// documentation calls boolean (is_pe, is_signed, verified …) are integers.
var Schema = NewStruct(Name, append(constants(), fields()...)...)

// authenticodeSince marks the fields of YARA's newer Authenticode parser
// (verification, digests, certificate chains, countersignatures), which the
// reference yara 4.2.3 build lacks.
const authenticodeSince = "4.3"

// version returns the {major, minor} struct used by linker_version,
// os_version and friends.
func version(name string) *Field {
	return StructField(name, IntField("major"), IntField("minor"))
}

// certificateFields are the members of a certificate in
// signatures[i].certificates and in signer and countersigner chains.
func certificateFields() []*Field {
	return []*Field{
		StringField("thumbprint"),
		StringField("issuer"),
		StringField("subject"),
		IntField("version"),
		StringField("algorithm"),
		StringField("algorithm_oid"),
		StringField("serial"),
		IntField("not_before"),
		IntField("not_after"),
	}
}

// importFunctionFields are the members of import_details[i].functions[j].
func importFunctionFields() []*Field {
	return []*Field{
		StringField("name"),
		IntField("ordinal"),
		IntField("rva").Added("4.3"),
	}
}

func fields() []*Field {
	return []*Field{
		IntField("is_pe"),

		// File header.
		IntField("machine"),
		IntField("number_of_sections"),
		IntField("timestamp"),
		IntField("pointer_to_symbol_table"),
		IntField("number_of_symbols"),
		IntField("size_of_optional_header"),
		IntField("characteristics"),

		// Optional header.
		IntField("entry_point"),
		IntField("entry_point_raw"),
		IntField("image_base"),
		IntField("number_of_rva_and_sizes"),
		IntField("opthdr_magic"),
		IntField("size_of_code"),
		IntField("size_of_initialized_data"),
		IntField("size_of_uninitialized_data"),
		IntField("base_of_code"),
		IntField("base_of_data"),
		IntField("section_alignment"),
		IntField("file_alignment"),
		version("linker_version"),
		version("os_version"),
		version("image_version"),
		version("subsystem_version"),
		IntField("win32_version_value"),
		IntField("size_of_image"),
		IntField("size_of_headers"),
		IntField("checksum"),
		FuncField("calculate_checksum", Sig(Integer)),
		IntField("subsystem"),
		IntField("dll_characteristics"),
		IntField("size_of_stack_reserve"),
		IntField("size_of_stack_commit"),
		IntField("size_of_heap_reserve"),
		IntField("size_of_heap_commit"),
		IntField("loader_flags"),
		StructArrayField("data_directories",
			IntField("virtual_address"),
			IntField("size"),
		),

		// Sections and overlay.
		StructArrayField("sections",
			StringField("name"),
			StringField("full_name"),
			IntField("characteristics"),
			IntField("virtual_address"),
			IntField("virtual_size"),
			IntField("raw_data_offset"),
			IntField("raw_data_size"),
			IntField("pointer_to_relocations"),
			IntField("pointer_to_line_numbers"),
			IntField("number_of_relocations"),
			IntField("number_of_line_numbers"),
		),
		StructField("overlay",
			IntField("offset"),
			IntField("size"),
		),

		// Rich signature.
		StructField("rich_signature",
			IntField("offset"),
			IntField("length"),
			IntField("key"),
			StringField("raw_data"),
			StringField("clear_data"),
			StringField("version_data").Added("4.3"),
			FuncField("version", Sig(Integer, Integer), Sig(Integer, Integer, Integer)),
			FuncField("toolid", Sig(Integer, Integer), Sig(Integer, Integer, Integer)),
		),

		// Debug directory.
		StringField("pdb_path"),

		// Exports.
		IntField("number_of_exports"),
		StringField("dll_name"),
		IntField("export_timestamp"),
		StructArrayField("export_details",
			IntField("offset"),
			StringField("name"),
			StringField("forward_name"),
			IntField("ordinal"),
		),
		FuncField("exports",
			Sig(Integer, String),
			Sig(Integer, Integer),
			Sig(Integer, Regexp),
		),
		FuncField("exports_index",
			Sig(Integer, String),
			Sig(Integer, Integer),
			Sig(Integer, Regexp),
		),

		// Imports.
		IntField("number_of_imports"),
		IntField("number_of_imported_functions"),
		IntField("number_of_delayed_imports"),
		IntField("number_of_delayed_imported_functions"),
		StructArrayField("import_details",
			StringField("library_name"),
			IntField("number_of_functions"),
			StructArrayField("functions", importFunctionFields()...),
		),
		StructArrayField("delayed_import_details",
			StringField("library_name"),
			IntField("number_of_functions"),
			StructArrayField("functions", importFunctionFields()...),
		).Added("4.3").Noted("yara 4.2 names it delay_import_details"),
		FuncField("imports",
			Sig(Integer, String, String),
			Sig(Integer, String, Integer),
			Sig(Integer, String),
			Sig(Integer, Regexp, Regexp),
			Sig(Integer, Integer, String, String),
			Sig(Integer, Integer, String, Integer),
			Sig(Integer, Integer, String),
			Sig(Integer, Integer, Regexp, Regexp),
		),
		FuncField("import_rva", Sig(Integer, String, String), Sig(Integer, String, Integer)).Added("4.3"),
		FuncField("delayed_import_rva", Sig(Integer, String, String), Sig(Integer, String, Integer)).Added("4.3"),
		FuncField("imphash", Sig(String)),

		// Resources and version information.
		IntField("number_of_resources"),
		IntField("resource_timestamp"),
		version("resource_version"),
		StructArrayField("resources",
			IntField("rva"),
			IntField("offset"),
			IntField("length"),
			IntField("type"),
			IntField("id"),
			IntField("language"),
			StringField("type_string"),
			StringField("name_string"),
			StringField("language_string"),
		),
		FuncField("locale", Sig(Integer, Integer)),
		FuncField("language", Sig(Integer, Integer)),
		DictField("version_info", StringType),
		IntField("number_of_version_infos"),
		StructArrayField("version_info_list",
			StringField("key"),
			StringField("value"),
		),

		// Authenticode signatures.
		IntField("number_of_signatures"),
		IntField("is_signed").Added(authenticodeSince),
		StructArrayField("signatures", append(certificateFields(),
			IntField("verified").Added(authenticodeSince),
			StringField("digest_alg").Added(authenticodeSince),
			StringField("digest").Added(authenticodeSince),
			StringField("file_digest").Added(authenticodeSince),
			IntField("number_of_certificates").Added(authenticodeSince),
			StructArrayField("certificates", certificateFields()...).Added(authenticodeSince),
			StructField("signer_info",
				StringField("program_name"),
				StringField("digest"),
				StringField("digest_alg"),
				IntField("length_of_chain"),
				StructArrayField("chain", certificateFields()...),
			).Added(authenticodeSince),
			IntField("number_of_countersignatures").Added(authenticodeSince),
			StructArrayField("countersignatures",
				IntField("verified"),
				IntField("sign_time"),
				StringField("digest"),
				StringField("digest_alg"),
				IntField("length_of_chain"),
				StructArrayField("chain", certificateFields()...),
			).Added(authenticodeSince),
			FuncField("valid_on", Sig(Integer, Integer)),
		)...),

		// Other functions.
		FuncField("section_index", Sig(Integer, String), Sig(Integer, Integer)),
		FuncField("is_dll", Sig(Integer)),
		FuncField("is_32bit", Sig(Integer)),
		FuncField("is_64bit", Sig(Integer)),
		FuncField("rva_to_offset", Sig(Integer, Integer)),
	}
}
