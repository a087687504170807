package dotnet

import (
	"iter"

	"github.com/overt-sec/overt/yara/modules/object"
)

// elementTypeString is ELEMENT_TYPE_STRING, the type of string constants.
const elementTypeString = 0x0e

// setTables fills the fields read from the metadata tables.
func (a *assembly) setTables(root object.Node) {
	t := a.tables
	c := cols(tModule)
	if t.row(tModule, 0, c) {
		if s, ok := a.str(c[1]); ok {
			root.SetStr("module_name", s)
		}
	}
	a.setAssembly(root)
	a.setAssemblyRefs(root)
	a.setModuleRefs(root)
	a.setConstants(root)
	a.setFieldOffsets(root)
	a.setResources(root)
	a.setTypelib(root)
	a.setClasses(root)
}

// setVersion sets the four version numbers found at columns c[i:i+4].
func setVersion(n object.Node, c []uint32) {
	v := n.Sub("version")
	v.SetInt("major", int64(c[0]))
	v.SetInt("minor", int64(c[1]))
	v.SetInt("build_number", int64(c[2]))
	v.SetInt("revision_number", int64(c[3]))
}

func (a *assembly) setAssembly(root object.Node) {
	c := cols(tAssembly)
	if !a.tables.row(tAssembly, 0, c) {
		return
	}
	n := root.Sub("assembly")
	setVersion(n, c[1:5])
	if s, ok := a.str(c[7]); ok {
		n.SetStr("name", s)
	}
	if s, ok := a.str(c[8]); ok && len(s) > 0 {
		n.SetStr("culture", s)
	}
}

func (a *assembly) setAssemblyRefs(root object.Node) {
	if a.tables.rows[tAssemblyRef] == 0 {
		return
	}
	arr := root.StructArray("assembly_refs")
	n := 0
	for c := range a.rows(tAssemblyRef) {
		e := arr.Add()
		setVersion(e, c[0:4])
		if b, ok := a.blobAt(c[5]); ok && len(b) > 0 {
			e.SetStr("public_key_or_token", b[:len(b)-1])
		}
		if s, ok := a.str(c[6]); ok {
			e.SetStr("name", s)
		}
		n++
	}
	root.SetInt("number_of_assembly_refs", int64(n))
}

func (a *assembly) setModuleRefs(root object.Node) {
	if a.tables.rows[tModuleRef] == 0 {
		return
	}
	arr := root.Array("modulerefs")
	n := 0
	for c := range a.rows(tModuleRef) {
		if s, ok := a.str(c[0]); ok {
			arr.Append(object.String(string(s)))
			n++
		}
	}
	root.SetInt("number_of_modulerefs", int64(n))
}

func (a *assembly) setConstants(root object.Node) {
	if a.tables.rows[tConstant] == 0 {
		return
	}
	arr := root.Array("constants")
	n := 0
	for c := range a.rows(tConstant) {
		if c[0]&0xff != elementTypeString {
			continue
		}
		if b, ok := a.blobAt(c[2]); ok && len(b) > 0 {
			arr.Append(object.String(string(b[:len(b)-1])))
			n++
		}
	}
	root.SetInt("number_of_constants", int64(n))
}

func (a *assembly) setFieldOffsets(root object.Node) {
	if a.tables.rows[tFieldRVA] == 0 {
		return
	}
	arr := root.Array("field_offsets")
	n := 0
	for c := range a.rows(tFieldRVA) {
		if off := a.img.Offset(uint64(c[0])); off >= 0 {
			arr.Append(object.Int(off))
			n++
		}
	}
	root.SetInt("number_of_field_offsets", int64(n))
}

func (a *assembly) setResources(root object.Node) {
	if a.tables.rows[tManifestResource] == 0 {
		return
	}
	base := a.img.Offset(uint64(a.resRVA))
	arr := root.StructArray("resources")
	n := 0
	for c := range a.rows(tManifestResource) {
		if c[3] != 0 || base < 0 {
			continue
		}
		off := base + int64(c[0])
		length, ok := a.r.u32(off)
		if !ok {
			continue
		}
		e := arr.Add()
		e.SetInt("offset", off+4)
		e.SetInt("length", int64(length))
		if s, ok := a.str(c[2]); ok {
			e.SetStr("name", s)
		}
		n++
	}
	root.SetInt("number_of_resources", int64(n))
}

// setTypelib sets typelib from the assembly's GuidAttribute: a custom
// attribute whose constructor is a member of a type reference named
// "GuidAttribute", its value the attribute's string argument.
func (a *assembly) setTypelib(root object.Node) {
	t := a.tables
	mr := cols(tMemberRef)
	tr := cols(tTypeRef)
	for c := range a.rows(tCustomAttribute) {
		if c[0]&0x1f != 14 { // parent is not the Assembly
			continue
		}
		if c[1]&7 != 3 { // constructor is not a MemberRef
			continue
		}
		if idx := c[1] >> 3; idx == 0 || !t.row(tMemberRef, idx-1, mr) {
			continue
		}
		if mr[0]&7 != 1 { // member of a TypeRef
			continue
		}
		if idx := mr[0] >> 3; idx == 0 || !t.row(tTypeRef, idx-1, tr) {
			continue
		}
		if name, ok := a.str(tr[1]); !ok || string(name) != "GuidAttribute" {
			continue
		}
		b, ok := a.blobAt(c[2])
		if !ok || len(b) < 3 || b[0] != 1 || b[1] != 0 {
			continue
		}
		n := int(b[2])
		if n > len(b)-3 {
			continue
		}
		root.SetStr("typelib", b[3:3+n])
		return
	}
}

// rows yields the columns of the rows of table tb, at most maxValues of
// them, and stops at the first row that cannot be read. The slice is
// reused from row to row.
func (a *assembly) rows(tb int) iter.Seq[[]uint32] {
	return func(yield func([]uint32) bool) {
		t := a.tables
		c := cols(tb)
		for i := range min(t.rows[tb], maxValues) {
			if !t.row(tb, i, c) || !yield(c) {
				return
			}
		}
	}
}
