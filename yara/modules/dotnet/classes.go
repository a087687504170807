package dotnet

import (
	"github.com/overt-sec/overt/yara/modules/object"
)

// Flags of TypeDef rows (ECMA-335 §II.23.1.15).
const (
	typeVisibilityMask = 0x07
	typeInterface      = 0x20
	typeAbstract       = 0x80
	typeSealed         = 0x100
)

// Flags of MethodDef rows (§II.23.1.10).
const (
	methodAccessMask = 0x07
	methodStatic     = 0x10
	methodFinal      = 0x20
	methodVirtual    = 0x40
	methodAbstract   = 0x400
)

// typeVisibility names a TypeDef's visibility, as C# spells it.
var typeVisibility = [8]string{
	0: "internal", // NotPublic
	1: "public",
	2: "public",             // NestedPublic
	3: "private",            // NestedPrivate
	4: "protected",          // NestedFamily
	5: "internal",           // NestedAssembly
	6: "private protected",  // NestedFamANDAssem
	7: "protected internal", // NestedFamORAssem
}

// methodVisibility names a method's member access, as C# spells it;
// compiler-controlled (0) and the undefined value 7 read as private.
var methodVisibility = [8]string{
	0: "private",
	1: "private",
	2: "private protected", // FamANDAssem
	3: "internal",          // Assem
	4: "protected",         // Family
	5: "protected internal",
	6: "public",
	7: "private",
}

// classes holds what naming types needs across the TypeDef table: the
// enclosing class of each nested class, the generic parameters of each
// owner, the interfaces of each class, and the budgets.
type classes struct {
	a          *assembly
	t          *tables
	enclosing  map[uint32]uint32   // nested TypeDef row → enclosing row (1-based)
	generics   map[uint32][]string // TypeOrMethodDef coded index → parameter names
	interfaces map[uint32][]uint32 // TypeDef row → TypeDefOrRef coded indexes
	budget     int                 // bytes of type names still allowed
	methods    int                 // methods listed so far
	params     int                 // parameters listed so far
}

// newClasses indexes the NestedClass, GenericParam and InterfaceImpl
// tables.
func newClasses(a *assembly) *classes {
	t := a.tables
	c := &classes{a: a, t: t, budget: maxNameBytes,
		enclosing: map[uint32]uint32{}, generics: map[uint32][]string{}, interfaces: map[uint32][]uint32{}}
	row := cols(tNestedClass)
	for i := range t.rows[tNestedClass] {
		if t.row(tNestedClass, i, row) {
			c.enclosing[row[0]] = row[1]
		}
	}
	row = cols(tGenericParam)
	for i := range t.rows[tGenericParam] {
		if !t.row(tGenericParam, i, row) || len(c.generics[row[2]]) >= maxGenericArgs {
			continue
		}
		name, _ := a.str(row[3])
		c.generics[row[2]] = append(c.generics[row[2]], string(name))
	}
	row = cols(tInterfaceImpl)
	for i := range t.rows[tInterfaceImpl] {
		if t.row(tInterfaceImpl, i, row) && len(c.interfaces[row[0]]) < maxGenericArgs {
			c.interfaces[row[0]] = append(c.interfaces[row[0]], row[1])
		}
	}
	return c
}

// join returns "namespace.name", or name when namespace is empty.
func join(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "." + name
}

// typeDefParts returns the namespace and name of TypeDef row idx
// (1-based): a nested class's namespace is the full name of its
// enclosing class.
func (c *classes) typeDefParts(idx uint32, depth int) (namespace, name string, ok bool) {
	row := cols(tTypeDef)
	if idx == 0 || !c.t.row(tTypeDef, idx-1, row) {
		return "", "", false
	}
	n, _ := c.a.str(row[1])
	ns, _ := c.a.str(row[2])
	namespace = string(ns)
	if enc, nested := c.enclosing[idx]; nested && depth < maxNesting && c.budget > 0 {
		namespace = c.charge(c.typeDefName(enc, depth+1))
	}
	return namespace, string(n), true
}

// charge counts the enclosing type's name against the budget and returns
// it, or "" when it is longer than maxTypeNameLen (enclosing classes can
// form a cycle).
func (c *classes) charge(name string) string {
	c.budget -= len(name) + 1
	if len(name) > maxTypeNameLen {
		return ""
	}
	return name
}

// typeDefName returns the full name of TypeDef row idx (1-based).
func (c *classes) typeDefName(idx uint32, depth int) string {
	ns, name, _ := c.typeDefParts(idx, depth)
	return join(ns, name)
}

// typeRefName returns the full name of TypeRef row idx (1-based); a
// type nested in another reference is named after it.
func (c *classes) typeRefName(idx uint32, depth int) string {
	row := cols(tTypeRef)
	if idx == 0 || !c.t.row(tTypeRef, idx-1, row) {
		return ""
	}
	n, _ := c.a.str(row[1])
	ns, _ := c.a.str(row[2])
	namespace := string(ns)
	if row[0]&3 == 3 && depth < maxNesting && c.budget > 0 { // ResolutionScope is a TypeRef
		namespace = c.charge(c.typeRefName(row[0]>>2, depth+1))
	}
	return join(namespace, string(n))
}

// typeSpec returns the signature blob of TypeSpec row idx (1-based).
func (c *classes) typeSpec(idx uint32) ([]byte, bool) {
	row := cols(tTypeSpec)
	if idx == 0 || !c.t.row(tTypeSpec, idx-1, row) {
		return nil, false
	}
	return c.a.blobAt(row[0])
}

// sig returns a reader of blob in the generic context of a class and a
// method.
func (c *classes) sig(blob []byte, classGen, methodGen []string) *sigReader {
	return &sigReader{c: c, b: blob, ok: true, classGen: classGen, methodGen: methodGen}
}

// setClasses fills classes and number_of_classes from the TypeDef table,
// leaving out the <Module> pseudo-class.
func (a *assembly) setClasses(root object.Node) {
	t := a.tables
	if t.rows[tTypeDef] == 0 {
		return
	}
	c := newClasses(a)
	arr := root.StructArray("classes")
	row := cols(tTypeDef)
	n := 0
	for i := range t.rows[tTypeDef] {
		if n >= maxClasses || !t.row(tTypeDef, i, row) {
			break
		}
		ns, name, _ := c.typeDefParts(i+1, 0)
		if name == "<Module>" && ns == "" {
			continue
		}
		c.setClass(arr.Add(), i, row, ns, name)
		n++
	}
	root.SetInt("number_of_classes", int64(n))
}

// setClass fills one class from TypeDef row i (0-based) and its columns.
func (c *classes) setClass(e object.Node, i uint32, row []uint32, ns, name string) {
	flags := row[0]
	e.SetStr("fullname", []byte(join(ns, name)))
	e.SetStr("name", []byte(name))
	e.SetStr("namespace", []byte(ns))
	e.SetStr("visibility", []byte(typeVisibility[flags&typeVisibilityMask]))
	kind := "class"
	if flags&typeInterface != 0 {
		kind = "interface"
	}
	e.SetStr("type", []byte(kind))
	e.SetInt("abstract", boolInt(flags&typeAbstract != 0))
	e.SetInt("sealed", boolInt(flags&typeSealed != 0))

	gen := c.generics[(i+1)<<1] // TypeOrMethodDef tag 0: TypeDef
	setStrings(e, "generic_parameters", "number_of_generic_parameters", gen)

	var bases []string
	for _, v := range append([]uint32{row[3]}, c.interfaces[i+1]...) {
		if v>>2 == 0 {
			continue // no base type (interfaces, System.Object)
		}
		s := c.sig(nil, gen, nil)
		if name := s.typeRef(v); s.ok && name != "" {
			bases = append(bases, name)
		}
	}
	setStrings(e, "base_types", "number_of_base_types", bases)
	c.setMethods(e, i, row[5], gen)
}

// setMethods lists the methods of TypeDef row i (0-based), whose first
// MethodDef row is first (1-based): they run to the next class's first.
func (c *classes) setMethods(e object.Node, i, first uint32, classGen []string) {
	t := c.t
	end := t.rows[tMethodDef] + 1
	next := cols(tTypeDef)
	if t.row(tTypeDef, i+1, next) {
		end = min(end, next[5])
	}
	arr := e.StructArray("methods")
	m := cols(tMethodDef)
	n := 0
	for idx := max(first, 1); idx < end && c.methods < maxMethods; idx++ {
		if !t.row(tMethodDef, idx-1, m) {
			break
		}
		c.methods++
		c.setMethod(arr.Add(), idx, m, classGen)
		n++
	}
	e.SetInt("number_of_methods", int64(n))
}

// setMethod fills one method from MethodDef row idx (1-based).
func (c *classes) setMethod(e object.Node, idx uint32, m []uint32, classGen []string) {
	flags := m[2]
	if name, ok := c.a.str(m[3]); ok {
		e.SetStr("name", name)
	}
	e.SetStr("visibility", []byte(methodVisibility[flags&methodAccessMask]))
	e.SetInt("static", boolInt(flags&methodStatic != 0))
	e.SetInt("virtual", boolInt(flags&methodVirtual != 0))
	e.SetInt("final", boolInt(flags&methodFinal != 0))
	e.SetInt("abstract", boolInt(flags&methodAbstract != 0))
	gen := c.generics[idx<<1|1] // TypeOrMethodDef tag 1: MethodDef
	setStrings(e, "generic_parameters", "number_of_generic_parameters", gen)

	blob, ok := c.a.blobAt(m[4])
	if !ok {
		return
	}
	s := c.sig(blob, classGen, gen)
	ret, params := s.methodSig()
	if !s.ok || c.params+len(params) > maxParamsTotal {
		return
	}
	c.params += len(params)
	e.SetStr("return_type", []byte(ret))
	names := c.paramNames(idx, m[5], len(params))
	arr := e.StructArray("parameters")
	for j, typ := range params {
		p := arr.Add()
		if names[j] != nil {
			p.SetStr("name", names[j])
		}
		p.SetStr("type", []byte(typ))
	}
	e.SetInt("number_of_parameters", int64(len(params)))
}

// paramNames returns the names of the n parameters of MethodDef row idx
// (1-based) from its Param rows, which start at first and run to the
// next method's first; Sequence 1 is the first parameter (0 the return
// value). Parameters without a row have nil names.
func (c *classes) paramNames(idx, first uint32, n int) [][]byte {
	t := c.t
	names := make([][]byte, n)
	end := t.rows[tParam] + 1
	next := cols(tMethodDef)
	if t.row(tMethodDef, idx, next) {
		end = min(end, next[5])
	}
	p := cols(tParam)
	// A method has at most n+1 rows (the return value and each
	// parameter): more would be a hostile overlap of ranges.
	for r := max(first, 1); r < end && r < max(first, 1)+uint32(n)+1; r++ {
		if !t.row(tParam, r-1, p) {
			break
		}
		if seq := int(p[1]); seq >= 1 && seq <= n {
			if s, ok := c.a.str(p[2]); ok {
				names[seq-1] = s
			}
		}
	}
	return names
}

// setStrings sets an array of strings and its count.
func setStrings(e object.Node, name, count string, values []string) {
	arr := e.Array(name)
	for _, v := range values {
		arr.Append(object.String(v))
	}
	e.SetInt(count, int64(len(values)))
}

// boolInt is 1 for true and 0 for false.
func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
