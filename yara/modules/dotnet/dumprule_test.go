package dotnet

import (
	"fmt"
	"strings"
)

// dumpRule returns a rule whose condition logs every field of the dotnet
// module for data; forYara leaves out the fields yara 4.2.3 lacks
// (classes, added in 4.3).
func dumpRule(data []byte, forYara bool) string {
	var b strings.Builder
	b.WriteString("import \"dotnet\"\nimport \"console\"\nrule dump { condition: true")
	log := func(expr string) {
		fmt.Fprintf(&b, "\n and (console.log(%q, dotnet.%s) or true)", expr+"=", expr)
	}
	for _, f := range []string{"is_dotnet", "version", "module_name", "number_of_streams", "number_of_guids",
		"number_of_resources", "assembly.version.major", "assembly.version.minor", "assembly.version.build_number",
		"assembly.version.revision_number", "assembly.name", "assembly.culture", "number_of_modulerefs", "typelib",
		"number_of_constants", "number_of_assembly_refs", "number_of_user_strings", "number_of_field_offsets"} {
		log(f)
	}
	a := parseAssembly(data)
	var counts [8]int
	if a != nil {
		counts[0] = len(a.streams)
		if a.tilde != nil && a.tables == nil {
			a.tables = parseTables(a.r, a.tilde)
		}
		if a.guid != nil {
			counts[1] = int(min(a.guid.size/16, 100))
		}
		if a.tables != nil {
			t := a.tables
			counts[2] = int(min(t.rows[tManifestResource], 100))
			counts[3] = int(min(t.rows[tModuleRef], 100))
			counts[4] = int(min(t.rows[tConstant], 100))
			counts[5] = int(min(t.rows[tAssemblyRef], 100))
			counts[6] = int(min(t.rows[tFieldRVA], 100))
		}
		counts[7] = 100
	}
	for i := range counts[0] + 2 {
		for _, f := range []string{"name", "offset", "size"} {
			log(fmt.Sprintf("streams[%d].%s", i, f))
		}
	}
	for i := range counts[1] + 2 {
		log(fmt.Sprintf("guids[%d]", i))
	}
	for i := range counts[2] + 2 {
		for _, f := range []string{"offset", "length", "name"} {
			log(fmt.Sprintf("resources[%d].%s", i, f))
		}
	}
	for i := range counts[3] + 2 {
		log(fmt.Sprintf("modulerefs[%d]", i))
	}
	for i := range counts[4] + 2 {
		log(fmt.Sprintf("constants[%d]", i))
	}
	for i := range counts[5] + 2 {
		for _, f := range []string{"version.major", "version.minor", "version.build_number", "version.revision_number", "name", "public_key_or_token"} {
			log(fmt.Sprintf("assembly_refs[%d].%s", i, f))
		}
	}
	for i := range counts[6] + 2 {
		log(fmt.Sprintf("field_offsets[%d]", i))
	}
	for i := range counts[7] + 2 {
		log(fmt.Sprintf("user_strings[%d]", i))
	}
	b.WriteString("\n}\n")
	return b.String()
}

// DumpRule is dumpRule for the external tests.
func DumpRule(data []byte, forYara bool) string { return dumpRule(data, forYara) }

// WideMemberRefParent reports whether data's MemberRef table uses 4-byte
// MemberRefParent indexes: yara 4.2.3 then fills nothing from table 0x0a
// on (see knownDiffs in diff_test.go).
func WideMemberRefParent(data []byte) bool {
	a := parseAssembly(data)
	if a == nil || a.tilde == nil {
		return false
	}
	t := parseTables(a.r, a.tilde)
	return t != nil && t.colSize[tMemberRef][0] == 4
}
