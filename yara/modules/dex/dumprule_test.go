package dex

import (
	"fmt"
	"strings"
)

// headerNames are the header fields logged by the dump rule.
var headerNames = []string{"magic", "checksum", "signature", "file_size", "header_size", "endian_tag",
	"link_size", "link_offset", "map_offset", "string_ids_size", "string_ids_offset", "type_ids_size",
	"type_ids_offset", "proto_ids_size", "proto_ids_offset", "field_ids_size", "field_ids_offset",
	"method_ids_size", "method_ids_offset", "class_defs_size", "class_defs_offset", "data_size", "data_offset"}

// dumpRule returns a rule whose condition logs every field of the dex
// module and the results of has_method and has_class for names found in
// the file; n bounds the array indexes logged.
func dumpRule(n int) string {
	var b strings.Builder
	b.WriteString("import \"dex\"\nimport \"console\"\nrule dump { condition: true")
	log := func(expr string) {
		fmt.Fprintf(&b, "\n and (console.log(%q, dex.%s) or true)", expr+"=", expr)
	}
	for _, f := range headerNames {
		log("header." + f)
	}
	log("map_list.size")
	log("number_of_fields")
	log("number_of_methods")
	for i := range n {
		for _, f := range []string{"offset", "size", "value"} {
			log(fmt.Sprintf("string_ids[%d].%s", i, f))
		}
		log(fmt.Sprintf("type_ids[%d].descriptor_idx", i))
		for _, f := range []string{"shorty_idx", "return_type_idx", "parameters_offset"} {
			log(fmt.Sprintf("proto_ids[%d].%s", i, f))
		}
		for _, f := range []string{"class_idx", "type_idx", "name_idx"} {
			log(fmt.Sprintf("field_ids[%d].%s", i, f))
		}
		for _, f := range []string{"class_idx", "proto_idx", "name_idx"} {
			log(fmt.Sprintf("method_ids[%d].%s", i, f))
		}
		for _, f := range []string{"class_idx", "access_flags", "super_class_idx", "interfaces_offset",
			"source_file_idx", "annotations_offset", "class_data_offset", "static_values_offset"} {
			log(fmt.Sprintf("class_defs[%d].%s", i, f))
		}
		for _, f := range []string{"static_fields_size", "instance_fields_size", "direct_methods_size", "virtual_methods_size"} {
			log(fmt.Sprintf("class_data_item[%d].%s", i, f))
		}
		for _, f := range []string{"type", "unused", "size", "offset"} {
			log(fmt.Sprintf("map_list.map_item[%d].%s", i, f))
		}
		for _, f := range []string{"class_name", "name", "proto", "field_idx_diff", "access_flags"} {
			log(fmt.Sprintf("field[%d].%s", i, f))
		}
		for _, f := range []string{"class_name", "name", "proto", "direct", "virtual", "method_idx_diff", "access_flags", "code_off",
			"code_item.registers_size", "code_item.ins_size", "code_item.outs_size", "code_item.tries_size",
			"code_item.debug_info_off", "code_item.insns_size", "code_item.insns", "code_item.padding"} {
			log(fmt.Sprintf("method[%d].%s", i, f))
		}
	}
	for _, q := range []string{`has_method("bar")`, `has_method("<init>")`, `has_method("LFoo;", "bar")`,
		`has_method("Foo", "bar")`, `has_method("Ljava/lang/Object;", "<init>")`, `has_method(/ba/)`,
		`has_method(/Foo/, /ba/)`, `has_method(/Object/, /init/)`, `has_class("LFoo;")`, `has_class("Foo")`,
		`has_class(/Foo/)`, `has_class("Ljava/lang/Object;")`, `has_class(/Object/)`} {
		log(q)
	}
	b.WriteString("\n}\n")
	return b.String()
}

// DumpRule is dumpRule for the external tests.
func DumpRule(n int) string { return dumpRule(n) }
