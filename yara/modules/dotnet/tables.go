package dotnet

// Metadata table numbers (ECMA-335 §II.22) used by the module.
const (
	tModule           = 0x00
	tTypeRef          = 0x01
	tTypeDef          = 0x02
	tField            = 0x04
	tMethodDef        = 0x06
	tParam            = 0x08
	tInterfaceImpl    = 0x09
	tMemberRef        = 0x0a
	tConstant         = 0x0b
	tCustomAttribute  = 0x0c
	tFieldRVA         = 0x1d
	tModuleRef        = 0x1a
	tTypeSpec         = 0x1b
	tAssembly         = 0x20
	tAssemblyRef      = 0x23
	tManifestResource = 0x28
	tNestedClass      = 0x29
	tGenericParam     = 0x2a
	numTables         = 0x2d
)

// Column kinds: fixed sizes are positive byte counts; the others depend on
// the heap sizes and row counts of the tables stream.
const (
	cStr  = -1 // #Strings index
	cGUID = -2 // #GUID index
	cBlob = -3 // #Blob index
	// Values below cTable+… are simple indexes into table (cTable - v).
	cTable = -100
	// Values below cCoded are coded indexes, cCoded - v indexing codedKinds.
	cCoded = -200
)

func tbl(t int) int   { return cTable - t }
func coded(k int) int { return cCoded - k }

// Coded index kinds (§II.24.2.6): the tag width and the tables tagged.
const (
	ciTypeDefOrRef = iota
	ciHasConstant
	ciHasCustomAttribute
	ciHasFieldMarshal
	ciHasDeclSecurity
	ciMemberRefParent
	ciHasSemantics
	ciMethodDefOrRef
	ciMemberForwarded
	ciImplementation
	ciCustomAttributeType
	ciResolutionScope
	ciTypeOrMethodDef
)

// none marks a tag value that names no table.
const none = -1

var codedKinds = [...]struct {
	bits   uint
	tables []int
}{
	ciTypeDefOrRef:        {2, []int{tTypeDef, tTypeRef, tTypeSpec}},
	ciHasConstant:         {2, []int{tField, tParam, 0x17}},
	ciHasCustomAttribute:  {5, []int{tMethodDef, tField, tTypeRef, tTypeDef, tParam, tInterfaceImpl, tMemberRef, tModule, 0x0e, 0x17, 0x14, 0x11, tModuleRef, tTypeSpec, tAssembly, tAssemblyRef, 0x26, 0x27, tManifestResource, tGenericParam, 0x2c, 0x2b}},
	ciHasFieldMarshal:     {1, []int{tField, tParam}},
	ciHasDeclSecurity:     {2, []int{tTypeDef, tMethodDef, tAssembly}},
	ciMemberRefParent:     {3, []int{tTypeDef, tTypeRef, tModuleRef, tMethodDef, tTypeSpec}},
	ciHasSemantics:        {1, []int{0x14, 0x17}},
	ciMethodDefOrRef:      {1, []int{tMethodDef, tMemberRef}},
	ciMemberForwarded:     {1, []int{tField, tMethodDef}},
	ciImplementation:      {2, []int{0x26, tAssemblyRef, 0x27}},
	ciCustomAttributeType: {3, []int{none, none, tMethodDef, tMemberRef, none}},
	ciResolutionScope:     {2, []int{tModule, tModuleRef, tAssemblyRef, tTypeRef}},
	ciTypeOrMethodDef:     {1, []int{tTypeDef, tMethodDef}},
}

// schemas lists the columns of every table, in order.
var schemas = [numTables][]int{
	0x00: {2, cStr, cGUID, cGUID, cGUID},
	0x01: {coded(ciResolutionScope), cStr, cStr},
	0x02: {4, cStr, cStr, coded(ciTypeDefOrRef), tbl(tField), tbl(tMethodDef)},
	0x03: {tbl(tField)},
	0x04: {2, cStr, cBlob},
	0x05: {tbl(tMethodDef)},
	0x06: {4, 2, 2, cStr, cBlob, tbl(tParam)},
	0x07: {tbl(tParam)},
	0x08: {2, 2, cStr},
	0x09: {tbl(tTypeDef), coded(ciTypeDefOrRef)},
	0x0a: {coded(ciMemberRefParent), cStr, cBlob},
	0x0b: {2, coded(ciHasConstant), cBlob},
	0x0c: {coded(ciHasCustomAttribute), coded(ciCustomAttributeType), cBlob},
	0x0d: {coded(ciHasFieldMarshal), cBlob},
	0x0e: {2, coded(ciHasDeclSecurity), cBlob},
	0x0f: {2, 4, tbl(tTypeDef)},
	0x10: {4, tbl(tField)},
	0x11: {cBlob},
	0x12: {tbl(tTypeDef), tbl(0x14)},
	0x13: {tbl(0x14)},
	0x14: {2, cStr, coded(ciTypeDefOrRef)},
	0x15: {tbl(tTypeDef), tbl(0x17)},
	0x16: {tbl(0x17)},
	0x17: {2, cStr, cBlob},
	0x18: {2, tbl(tMethodDef), coded(ciHasSemantics)},
	0x19: {tbl(tTypeDef), coded(ciMethodDefOrRef), coded(ciMethodDefOrRef)},
	0x1a: {cStr},
	0x1b: {cBlob},
	0x1c: {2, coded(ciMemberForwarded), cStr, tbl(tModuleRef)},
	0x1d: {4, tbl(tField)},
	0x1e: {4, 4},
	0x1f: {4},
	0x20: {4, 2, 2, 2, 2, 4, cBlob, cStr, cStr},
	0x21: {4},
	0x22: {4, 4, 4},
	0x23: {2, 2, 2, 2, 4, cBlob, cStr, cStr, cBlob},
	0x24: {4, tbl(tAssemblyRef)},
	0x25: {4, 4, 4, tbl(tAssemblyRef)},
	0x26: {4, cStr, cBlob},
	0x27: {4, 4, cStr, cStr, coded(ciImplementation)},
	0x28: {4, 4, cStr, coded(ciImplementation)},
	0x29: {tbl(tTypeDef), tbl(tTypeDef)},
	0x2a: {2, 2, coded(ciTypeOrMethodDef), cStr},
	0x2b: {coded(ciMethodDefOrRef), cBlob},
	0x2c: {tbl(tGenericParam), coded(ciTypeDefOrRef)},
}

// tables is the parsed header of the "#~" stream: where each table
// starts, its row count and the size of each column.
type tables struct {
	r       reader
	rows    [numTables]uint32
	start   [numTables]int64
	rowSize [numTables]int64
	colOff  [numTables][]int64 // offset of each column within a row
	colSize [numTables][]int
}

// parseTables reads the tables header of the stream s. Like yara, it
// gives up (nil) when a table's rows run past the end of the data.
func parseTables(r reader, s *stream) *tables {
	t := &tables{r: r}
	heapSizes, ok := r.u8(s.off + 6)
	valid1, ok1 := r.u32(s.off + 8)
	valid2, ok2 := r.u32(s.off + 12)
	if !ok || !ok1 || !ok2 {
		return nil
	}
	valid := uint64(valid2)<<32 | uint64(valid1)
	off := s.off + 24
	for i := range 64 {
		if valid&(1<<i) == 0 {
			continue
		}
		n, ok := r.u32(off)
		if !ok {
			return nil
		}
		off += 4
		if i < numTables {
			if n > maxRows {
				return nil
			}
			t.rows[i] = n
		}
	}
	idx := func(big bool) int {
		if big {
			return 4
		}
		return 2
	}
	for i := range numTables {
		cols := schemas[i]
		t.colOff[i] = make([]int64, len(cols))
		t.colSize[i] = make([]int, len(cols))
		var size int64
		for j, c := range cols {
			var n int
			switch {
			case c > 0:
				n = c
			case c == cStr:
				n = idx(heapSizes&1 != 0)
			case c == cGUID:
				n = idx(heapSizes&2 != 0)
			case c == cBlob:
				n = idx(heapSizes&4 != 0)
			case c > cCoded:
				n = idx(t.rows[cTable-c] > 0xffff)
			default:
				k := codedKinds[cCoded-c]
				var most uint32
				for _, tt := range k.tables {
					if tt != none {
						most = max(most, t.rows[tt])
					}
				}
				n = idx(uint64(most) >= 1<<(16-k.bits))
			}
			t.colOff[i][j] = size
			t.colSize[i][j] = n
			size += int64(n)
		}
		t.rowSize[i] = size
		t.start[i] = off
		off += size * int64(t.rows[i])
		if off > int64(len(r)) {
			return nil
		}
	}
	return t
}

// row returns the columns of row i (0-based) of table tb, or false when
// the row lies outside the data.
func (t *tables) row(tb int, i uint32, out []uint32) bool {
	if i >= t.rows[tb] {
		return false
	}
	base := t.start[tb] + int64(i)*t.rowSize[tb]
	if !t.r.fits(base, t.rowSize[tb]) {
		return false
	}
	for j := range t.colSize[tb] {
		out[j], _ = t.r.uint(base+t.colOff[tb][j], t.colSize[tb][j])
	}
	return true
}

// cols returns a buffer for the columns of a row of table tb.
func cols(tb int) []uint32 { return make([]uint32, len(schemas[tb])) }
