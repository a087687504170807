package dotnet

import (
	"strconv"
	"strings"
)

// Element types of signatures (ECMA-335 §II.23.1.16).
const (
	etVoid        = 0x01
	etBoolean     = 0x02
	etChar        = 0x03
	etI1          = 0x04
	etU1          = 0x05
	etI2          = 0x06
	etU2          = 0x07
	etI4          = 0x08
	etU4          = 0x09
	etI8          = 0x0a
	etU8          = 0x0b
	etR4          = 0x0c
	etR8          = 0x0d
	etString      = 0x0e
	etPtr         = 0x0f
	etByRef       = 0x10
	etValueType   = 0x11
	etClass       = 0x12
	etVar         = 0x13
	etArray       = 0x14
	etGenericInst = 0x15
	etTypedByRef  = 0x16
	etI           = 0x18
	etU           = 0x19
	etFnPtr       = 0x1b
	etObject      = 0x1c
	etSZArray     = 0x1d
	etMVar        = 0x1e
	etCModReqd    = 0x1f
	etCModOpt     = 0x20
	etSentinel    = 0x41
	etPinned      = 0x45

	// sigGeneric flags a method signature with generic parameters
	// (§II.23.2.1).
	sigGeneric = 0x10
)

// primitives names the element types that stand alone, as C# spells
// them.
var primitives = map[byte]string{
	etVoid: "void", etBoolean: "bool", etChar: "char", etI1: "sbyte", etU1: "byte",
	etI2: "short", etU2: "ushort", etI4: "int", etU4: "uint", etI8: "long", etU8: "ulong",
	etR4: "float", etR8: "double", etString: "string", etTypedByRef: "TypedReference",
	etI: "IntPtr", etU: "UIntPtr", etObject: "object",
}

// sigReader decodes one signature blob. Failures are sticky: once a read
// fails, every later read fails too and names come out empty.
type sigReader struct {
	c         *classes
	b         []byte
	ok        bool
	depth     int      // nesting of the type being decoded
	classGen  []string // generic parameter names of the enclosing class
	methodGen []string // generic parameter names of the method
}

func (s *sigReader) u8() byte {
	if !s.ok || len(s.b) == 0 {
		s.ok = false
		return 0
	}
	c := s.b[0]
	s.b = s.b[1:]
	return c
}

// uint decodes a compressed unsigned integer (§II.23.2).
func (s *sigReader) unsigned() uint32 {
	v, n, ok := reader(s.b).compressed(0)
	if !s.ok || !ok {
		s.ok = false
		return 0
	}
	s.b = s.b[n:]
	return v
}

// int decodes a compressed signed integer (§II.23.2): the sign is the
// lowest bit of the rotated value.
func (s *sigReader) signed() int32 {
	n := len(s.b)
	v := s.unsigned()
	if !s.ok {
		return 0
	}
	width := uint(7)
	switch n - len(s.b) {
	case 2:
		width = 14
	case 4:
		width = 29
	}
	x := int32(v >> 1)
	if v&1 != 0 {
		x -= 1 << (width - 1)
	}
	return x
}

// typeName decodes one Type (§II.23.2.12) and returns its name: C#'s
// names of the primitive types, full names of classes, "Ptr<T>",
// "ref T", "T[]", "T[lo...hi,…]", "Name<A,B>", "FnPtr<R(A, B)>", and
// generic parameters by name. It returns "" and fails the reader for
// malformed or over-limit signatures.
func (s *sigReader) typeName() string {
	if !s.ok {
		return ""
	}
	if s.depth >= maxTypeDepth || s.c.budget <= 0 {
		s.ok = false
		return ""
	}
	s.depth++
	name := s.decodeType()
	s.depth--
	s.c.budget -= len(name) + 1
	if len(name) > maxTypeNameLen {
		s.ok = false
		return ""
	}
	return name
}

// decodeType is typeName without the limits.
func (s *sigReader) decodeType() string {
	et := s.u8()
	if name, ok := primitives[et]; ok {
		return name
	}
	switch et {
	case etPtr:
		return "Ptr<" + s.typeName() + ">"
	case etByRef:
		return "ref " + s.typeName()
	case etPinned:
		return s.typeName()
	case etCModReqd, etCModOpt:
		s.unsigned() // the modifier's type is not part of the name
		return s.typeName()
	case etValueType, etClass:
		return s.typeRef(s.unsigned())
	case etVar:
		return genericName(s.classGen, s.unsigned(), "!")
	case etMVar:
		return genericName(s.methodGen, s.unsigned(), "!!")
	case etSZArray:
		return s.typeName() + "[]"
	case etArray:
		return s.array()
	case etGenericInst:
		s.u8() // CLASS or VALUETYPE
		name := s.typeRef(s.unsigned())
		n := s.unsigned()
		if n > maxGenericArgs {
			s.ok = false
			return ""
		}
		args := make([]string, 0, n)
		for range n {
			args = append(args, s.typeName())
		}
		return name + "<" + strings.Join(args, ",") + ">"
	case etFnPtr:
		ret, params := s.methodSig()
		return "FnPtr<" + ret + "(" + strings.Join(params, ", ") + ")>"
	}
	s.ok = false
	return ""
}

// typeRef returns the name of the type a TypeDefOrRefOrSpecEncoded
// value (§II.23.2.8) designates: a type definition, a type reference or
// a type specification, decoded in the same generic context.
func (s *sigReader) typeRef(v uint32) string {
	if !s.ok {
		return ""
	}
	idx := v >> 2
	switch v & 3 {
	case 0:
		return s.c.typeDefName(idx, 0)
	case 1:
		return s.c.typeRefName(idx, 0)
	case 2:
		blob, ok := s.c.typeSpec(idx)
		if !ok {
			return ""
		}
		saved := s.b
		s.b = blob
		name := s.typeName()
		s.b = saved
		return name
	}
	return ""
}

// array decodes the rest of an ARRAY type: element type, rank, sizes and
// lower bounds. A dimension prints empty when it has no size and a zero
// (or no) lower bound, as C# writes "int[,]"; otherwise as "lo...hi"
// when its size is known and "lo..." when not.
func (s *sigReader) array() string {
	elem := s.typeName()
	rank := s.unsigned()
	nsizes := s.unsigned()
	if rank > maxArrayRank || nsizes > rank {
		s.ok = false
		return ""
	}
	sizes := make([]uint32, nsizes)
	for i := range sizes {
		sizes[i] = s.unsigned()
	}
	nlo := s.unsigned()
	if nlo > rank {
		s.ok = false
		return ""
	}
	lo := make([]int32, nlo)
	for i := range lo {
		lo[i] = s.signed()
	}
	dims := make([]string, rank)
	for i := range dims {
		var low int64
		if i < len(lo) {
			low = int64(lo[i])
		}
		switch {
		case i < len(sizes):
			dims[i] = strconv.FormatInt(low, 10) + "..." + strconv.FormatInt(low+int64(sizes[i])-1, 10)
		case low != 0:
			dims[i] = strconv.FormatInt(low, 10) + "..."
		}
	}
	return elem + "[" + strings.Join(dims, ",") + "]"
}

// method decodes a method signature (MethodDefSig, §II.23.2.1) after
// nothing has been read: calling convention, generic parameter count,
// parameter count, return type and parameter types. A vararg
// signature's SENTINEL is skipped.
func (s *sigReader) methodSig() (ret string, params []string) {
	conv := s.u8()
	if conv&sigGeneric != 0 {
		s.unsigned()
	}
	n := s.unsigned()
	if n > maxParams || int(n) > len(s.b) {
		s.ok = false
		return "", nil
	}
	ret = s.typeName()
	params = make([]string, 0, n)
	for range n {
		if s.ok && len(s.b) > 0 && s.b[0] == etSentinel {
			s.b = s.b[1:]
		}
		params = append(params, s.typeName())
	}
	return ret, params
}

// genericName returns the name of generic parameter i, or prefix and
// its number when the owner declares no such parameter.
func genericName(names []string, i uint32, prefix string) string {
	if int64(i) < int64(len(names)) {
		return names[i]
	}
	return prefix + strconv.FormatUint(uint64(i), 10)
}
