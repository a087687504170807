package dex

import (
	"github.com/overt-sec/overt/yara/modules/object"
)

// member is one described method, kept for has_method and has_class;
// a nil name or class is undefined.
type member struct {
	class, name []byte
	hasClass    bool
	hasName     bool
}

// methodSet collects the described methods.
type methodSet struct {
	methods []member
	// parsed is set once the class definitions were read: before that
	// (number_of_methods undefined) the functions are undefined.
	parsed bool
}

// setClasses reads the class definitions (when the table lies wholly
// within the data) and describes the fields and methods of their class
// data.
func (f *file) setClasses(root object.Node, ms *methodSet) {
	n, off, ok := f.table(hClassDefs, classDefSize)
	if !ok {
		return
	}
	n = min(n, maxClassDefs)
	ms.parsed = true
	defs := root.StructArray("class_defs")
	items := root.StructArray("class_data_item")
	fields := root.StructArray("field")
	methods := root.StructArray("method")
	budget := maxMembers
	for i := range n {
		e := off + int64(i)*classDefSize
		d := defs.Add()
		var v [8]uint32
		for j, name := range []string{"class_idx", "access_flags", "super_class_idx", "interfaces_offset",
			"source_file_idx", "annotations_offset", "class_data_offset", "static_values_offset"} {
			v[j], _ = f.r.u32(e + int64(j)*4)
			d.SetInt(name, int64(v[j]))
		}
		if v[6] == 0 {
			continue
		}
		f.classData(int64(v[6]), items, fields, methods, ms, &budget)
	}
	root.SetInt("number_of_fields", int64(fields.Value.Len()))
	root.SetInt("number_of_methods", int64(methods.Value.Len()))
}

// classData reads one class_data_item at off.
func (f *file) classData(off int64, items, fields, methods object.Structs, ms *methodSet, budget *int) {
	var sizes [4]uint32
	for j := range sizes {
		v, n, ok := f.r.uleb128(off)
		if !ok {
			return
		}
		sizes[j] = v
		off += n
	}
	it := items.Add()
	it.SetInt("static_fields_size", int64(sizes[0]))
	it.SetInt("instance_fields_size", int64(sizes[1]))
	it.SetInt("direct_methods_size", int64(sizes[2]))
	it.SetInt("virtual_methods_size", int64(sizes[3]))
	for list := range 2 {
		idx := uint32(0)
		for range sizes[list] {
			diff, n1, ok1 := f.r.uleb128(off)
			acc, n2, ok2 := f.r.uleb128(off + n1)
			if !ok1 || !ok2 || *budget <= 0 {
				return
			}
			*budget--
			off += n1 + n2
			idx += diff
			if int64(idx) >= int64(len(f.fields)) {
				break // yara ends the list at a field it cannot name
			}
			x := fields.Add()
			fd := f.fields[idx]
			setName(x, "class_name", f.typeName, fd[0])
			setName(x, "name", f.str, fd[2])
			setName(x, "proto", f.typeName, fd[1])
			x.SetInt("field_idx_diff", int64(diff))
			x.SetInt("access_flags", int64(acc))
		}
	}
	for list := range 2 {
		idx := uint32(0)
		for range sizes[2+list] {
			diff, n1, ok1 := f.r.uleb128(off)
			acc, n2, ok2 := f.r.uleb128(off + n1)
			code, n3, ok3 := f.r.uleb128(off + n1 + n2)
			if !ok1 || !ok2 || !ok3 || *budget <= 0 {
				return
			}
			*budget--
			off += n1 + n2 + n3
			idx += diff
			if int64(idx) >= int64(len(f.methods)) {
				break // yara ends the list at a method it cannot name
			}
			x := methods.Add()
			var m member
			md := f.methods[idx]
			m.class, m.hasClass = setName(x, "class_name", f.typeName, md[0])
			m.name, m.hasName = setName(x, "name", f.str, md[2])
			if int64(md[1]) < int64(len(f.protos)) {
				setName(x, "proto", f.str, f.protos[md[1]])
			}
			ms.methods = append(ms.methods, m)
			x.SetInt("direct", int64(1-list))
			x.SetInt("virtual", int64(list))
			x.SetInt("method_idx_diff", int64(diff))
			x.SetInt("access_flags", int64(acc))
			x.SetInt("code_off", int64(code))
			if code != 0 {
				f.codeItem(x, int64(code))
			}
		}
	}
}

// setName sets field name of x to the string lookup(i) returns, if any.
func setName(x object.Node, name string, lookup func(uint32) ([]byte, bool), i uint32) ([]byte, bool) {
	s, ok := lookup(i)
	if ok {
		x.SetStr(name, s)
	}
	return s, ok
}

// codeItem describes the code_item at off when its header and
// instructions lie within the data.
func (f *file) codeItem(x object.Node, off int64) {
	if !f.r.fits(off, codeItemFixed) {
		return
	}
	insnsSize, _ := f.r.u32(off + 12)
	c := x.Sub("code_item")
	for j, name := range []string{"registers_size", "ins_size", "outs_size", "tries_size"} {
		v, _ := f.r.u16(off + int64(j)*2)
		c.SetInt(name, int64(v))
	}
	dbg, _ := f.r.u32(off + 8)
	c.SetInt("debug_info_off", int64(dbg))
	c.SetInt("insns_size", int64(insnsSize))
	if n := int64(insnsSize) * 2; n <= maxInsns && f.r.fits(off+codeItemFixed, n) {
		c.SetStr("insns", f.r[off+codeItemFixed:off+codeItemFixed+n])
	}
}

// setFuncs sets has_method and has_class over the described methods. A
// method whose class or name is unreadable matches any class or name
// given alongside, as in yara.
func (ms *methodSet) setFuncs(root object.Node) {
	found := func(match func(m *member) bool) object.Result {
		if !ms.parsed {
			return object.Undefined
		}
		for i := range ms.methods {
			if match(&ms.methods[i]) {
				return object.IntResult(1)
			}
		}
		return object.IntResult(0)
	}
	root.Value.SetFunc(Schema, "has_method",
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return found(func(m *member) bool { return m.hasName && string(m.name) == a[0].Str })
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return found(func(m *member) bool {
				return (!m.hasClass || string(m.class) == a[0].Str) && m.hasName && string(m.name) == a[1].Str
			})
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return found(func(m *member) bool { return m.hasName && a[0].Re.Match(m.name) })
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return found(func(m *member) bool {
				return (!m.hasClass || a[0].Re.Match(m.class)) && m.hasName && a[1].Re.Match(m.name)
			})
		},
	)
	root.Value.SetFunc(Schema, "has_class",
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return found(func(m *member) bool { return m.hasClass && string(m.class) == a[0].Str })
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return found(func(m *member) bool { return m.hasClass && a[0].Re.Match(m.class) })
		},
	)
}
