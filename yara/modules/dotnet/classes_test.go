package dotnet

import (
	"strings"
	"testing"
)

// hostileClasses returns classes.dll and variants of it whose metadata
// attacks the classes listing: a cycle of nested classes, a type
// specification that refers to itself, and overlapping method ranges.
func hostileClasses(good []byte) map[string][]byte {
	m := map[string][]byte{"classes.dll": good}
	a := parseAssembly(good)
	t := parseTables(a.r, a.tilde)
	variant := func(name string, edit func(b []byte)) {
		b := append([]byte(nil), good...)
		edit(b)
		m[name] = b
	}
	put := func(b []byte, tb int, row uint32, col int, v uint32) {
		off := t.start[tb] + int64(row)*t.rowSize[tb] + t.colOff[tb][col]
		if t.colSize[tb][col] == 2 {
			le.PutUint16(b[off:], uint16(v))
		} else {
			le.PutUint32(b[off:], v)
		}
	}
	variant("nested-cycle.dll", func(b []byte) {
		// Every nested class encloses the next, the last the first.
		n := t.rows[tNestedClass]
		c := cols(tNestedClass)
		for i := range n {
			t.row(tNestedClass, (i+1)%n, c)
			put(b, tNestedClass, i, 1, c[0])
		}
	})
	variant("typespec-loop.dll", func(b []byte) {
		// Each type specification i becomes
		// GENERICINST CLASS <TypeSpec i> 1 CLASS <TypeSpec i>.
		c := cols(tTypeSpec)
		for i := range t.rows[tTypeSpec] {
			t.row(tTypeSpec, i, c)
			off := a.blob.off + int64(c[0])
			if n := b[off]; n >= 6 && i < 31 {
				self := byte(i+1)<<2 | 2
				copy(b[off+1:], []byte{etGenericInst, etClass, self, 1, etClass, self})
				b[off] = 6
			}
		}
	})
	variant("method-overlap.dll", func(b []byte) {
		// Classes alternately start at the first method and past the
		// last: half of them list every method.
		for i := range t.rows[tTypeDef] {
			v := uint32(1)
			if i%2 == 1 {
				v = t.rows[tMethodDef] + 1
			}
			put(b, tTypeDef, i, 5, v)
		}
	})
	return m
}

// testClasses returns the classes helper of classes.dll.
func testClasses(t *testing.T) *classes {
	a := parseAssembly(classesAssembly())
	a.tables = parseTables(a.r, a.tilde)
	if a.tables == nil {
		t.Fatal("classes.dll has no tables")
	}
	return newClasses(a)
}

// TestTypeNames decodes hand-made signature blobs, in the context of
// classes.dll's tables (TypeRef and TypeDef rows 1 and 2 exist there).
func TestTypeNames(t *testing.T) {
	c := testClasses(t)
	typeRef1 := c.typeRefName(1, 0)
	typeDef2 := c.typeDefName(2, 0)
	if typeRef1 == "" || typeDef2 == "" {
		t.Fatalf("rows missing: %q %q", typeRef1, typeDef2)
	}
	deep := strings.Repeat(string(rune(etSZArray)), maxTypeDepth) + string(rune(etI4))
	for _, tc := range []struct {
		name string
		blob string
		want string // "" when decoding fails
	}{
		{"primitive", "\x08", "int"},
		{"void pointer", "\x0f\x01", "Ptr<void>"},
		{"byref", "\x10\x0e", "ref string"},
		{"typedbyref", "\x16", "TypedReference"},
		{"szarray of object", "\x1d\x1c", "object[]"},
		{"pinned", "\x45\x18", "IntPtr"},
		{"modifiers skipped", "\x1f\x05\x20\x05\x09", "uint"},
		{"class typeref", "\x12\x05", typeRef1},
		{"valuetype typedef", "\x11\x08", typeDef2},
		{"generic inst", "\x15\x12\x05\x02\x08\x1d\x0e", typeRef1 + "<int,string[]>"},
		{"class var", "\x13\x00", "K"},
		{"class var missing", "\x13\x07", "!7"},
		{"method var", "\x1e\x01", "U"},
		{"method var missing", "\x1e\x05", "!!5"},
		{"rank 2 no bounds", "\x14\x08\x02\x00\x00", "int[,]"},
		{"sized", "\x14\x08\x01\x01\x04\x00", "int[0...3]"},
		{"sized with bound", "\x14\x08\x02\x02\x04\x02\x01\x02", "int[1...4,0...1]"},
		{"negative bound", "\x14\x08\x01\x00\x01\x7d", "int[-2...]"},
		{"fnptr", "\x1b\x00\x02\x08\x0e\x1c", "FnPtr<int(string, object)>"},
		{"truncated", "\x0f", ""},
		{"unknown element", "\x17", ""},
		{"rank over limit", "\x14\x08\x7f\x00\x00", ""},
		{"sizes over rank", "\x14\x08\x01\x02\x01\x01\x00", ""},
		{"too deep", deep, ""},
		{"generic args over limit", "\x15\x12\x05\xc0\x01\x00\x00\x08", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := c.sig([]byte(tc.blob), []string{"K", "V"}, []string{"T", "U"})
			got := s.typeName()
			if !s.ok {
				got = ""
			}
			if got != tc.want {
				t.Errorf("typeName(% x) = %q (ok %v), want %q", tc.blob, got, s.ok, tc.want)
			}
		})
	}
}

func TestMethodSig(t *testing.T) {
	c := testClasses(t)
	for _, tc := range []struct {
		name   string
		blob   string
		ret    string
		params []string
		ok     bool
	}{
		{"static void()", "\x00\x00\x01", "void", []string{}, true},
		{"instance int(string, long)", "\x20\x02\x08\x0e\x0a", "int", []string{"string", "long"}, true},
		{"generic T(T)", "\x30\x01\x01\x1e\x00\x1e\x00", "T", []string{"T"}, true},
		{"vararg sentinel", "\x05\x02\x01\x08\x41\x0e", "void", []string{"int", "string"}, true},
		{"count past blob", "\x00\x05\x01\x08", "", nil, false},
		{"count over limit", "\x00\xc0\x01\x00\x00\x01", "", nil, false},
		{"empty", "", "", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := c.sig([]byte(tc.blob), nil, []string{"T"})
			ret, params := s.methodSig()
			if s.ok != tc.ok || (tc.ok && (ret != tc.ret || strings.Join(params, "|") != strings.Join(tc.params, "|"))) {
				t.Errorf("methodSig = %q %q ok %v, want %q %q ok %v", ret, params, s.ok, tc.ret, tc.params, tc.ok)
			}
		})
	}
}

// TestNameBudget checks that a self-referring type specification stops
// at the depth limit and that names stop once the byte budget is spent.
func TestNameBudget(t *testing.T) {
	c := testClasses(t)
	c.budget = 10
	s := c.sig([]byte("\x15\x12\x05\x03\x0e\x0e\x0e"), nil, nil)
	if name := s.typeName(); s.ok {
		t.Errorf("typeName over budget = %q, want failure", name)
	}
	c.budget = 0
	if s := c.sig([]byte("\x08"), nil, nil); s.typeName() != "" || s.ok {
		t.Error("typeName with no budget succeeded")
	}
}
