package dex

import (
	"github.com/overt-sec/overt/yara/modules/object"
)

// Module is the run-time dex module. For data that is not a DEX file
// (magic "dex\n035" to "dex\n039") every field is undefined, as in yara.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(in *object.LoadInput) (*object.Value, error) {
	root := object.NewNode(Schema)
	if !isDex(in.Data) {
		return root.Value, nil
	}
	f := &file{r: reader(in.Data)}
	f.setHeader(root)
	ms := &methodSet{}
	if f.setIDs(root) {
		f.setMapList(root)
		f.setClasses(root, ms)
	}
	ms.setFuncs(root)
	return root.Value, nil
}

// headerFields are the integer header fields from checksum on, in file
// order, with their offsets.
var headerFields = []struct {
	name string
	off  int64
}{
	{"checksum", 0x08}, {"file_size", 0x20}, {"header_size", 0x24}, {"endian_tag", 0x28},
	{"link_size", 0x2c}, {"link_offset", 0x30}, {"map_offset", 0x34},
	{"string_ids_size", 0x38}, {"string_ids_offset", 0x3c}, {"type_ids_size", 0x40},
	{"type_ids_offset", 0x44}, {"proto_ids_size", 0x48}, {"proto_ids_offset", 0x4c},
	{"field_ids_size", 0x50}, {"field_ids_offset", 0x54}, {"method_ids_size", 0x58},
	{"method_ids_offset", 0x5c}, {"class_defs_size", 0x60}, {"class_defs_offset", 0x64},
	{"data_size", 0x68}, {"data_offset", 0x6c},
}

func (f *file) setHeader(root object.Node) {
	h := root.Sub("header")
	magic := f.r[:8]
	if i := bytesIndex0(magic); i >= 0 {
		magic = magic[:i]
	}
	h.SetStr("magic", magic)
	h.SetStr("signature", f.r[12:32])
	for _, fl := range headerFields {
		v, _ := f.r.u32(fl.off)
		h.SetInt(fl.name, int64(v))
	}
}

func bytesIndex0(b []byte) int {
	for i, c := range b {
		if c == 0 {
			return i
		}
	}
	return -1
}

// setIDs reads the five identifier tables in file order. Like yara, it
// stops at the first table that does not lie wholly within the data and
// then reports false: nothing after it (map, classes) is read.
func (f *file) setIDs(root object.Node) bool {
	n, off, ok := f.table(hStringIDs, stringIDSize)
	if !ok {
		return false
	}
	n = min(n, maxIDs)
	f.strings = make([][]byte, n)
	f.defined = make([]bool, n)
	arr := root.StructArray("string_ids")
	for i := range n {
		so, _ := f.r.u32(off + int64(i)*stringIDSize)
		size, v, ok := f.readString(int64(so))
		if !ok {
			arr.Value.Append(nil)
			continue
		}
		f.strings[i], f.defined[i] = v, true
		e := arr.Add()
		e.SetInt("offset", int64(so))
		e.SetInt("size", int64(size))
		e.SetStr("value", v)
	}

	n, off, ok = f.table(hTypeIDs, typeIDSize)
	if !ok {
		return false
	}
	n = min(n, maxIDs)
	arr = root.StructArray("type_ids")
	for i := range n {
		d, _ := f.r.u32(off + int64(i)*typeIDSize)
		f.types = append(f.types, d)
		arr.Add().SetInt("descriptor_idx", int64(d))
	}

	n, off, ok = f.table(hProtoIDs, protoIDSize)
	if !ok {
		return false
	}
	n = min(n, maxIDs)
	arr = root.StructArray("proto_ids")
	for i := range n {
		e := off + int64(i)*protoIDSize
		shorty, _ := f.r.u32(e)
		ret, _ := f.r.u32(e + 4)
		params, _ := f.r.u32(e + 8)
		f.protos = append(f.protos, shorty)
		p := arr.Add()
		p.SetInt("shorty_idx", int64(shorty))
		p.SetInt("return_type_idx", int64(ret))
		p.SetInt("parameters_offset", int64(params))
	}

	for _, tb := range []struct {
		h     int64
		name  string
		cols  [3]string
		store *[][3]uint32
	}{
		{hFieldIDs, "field_ids", [3]string{"class_idx", "type_idx", "name_idx"}, &f.fields},
		{hMethodIDs, "method_ids", [3]string{"class_idx", "proto_idx", "name_idx"}, &f.methods},
	} {
		n, off, ok = f.table(tb.h, fieldIDSize)
		if !ok {
			return false
		}
		n = min(n, maxIDs)
		arr = root.StructArray(tb.name)
		for i := range n {
			e := off + int64(i)*fieldIDSize
			a, _ := f.r.u16(e)
			b, _ := f.r.u16(e + 2)
			c, _ := f.r.u32(e + 4)
			*tb.store = append(*tb.store, [3]uint32{uint32(a), uint32(b), c})
			x := arr.Add()
			x.SetInt(tb.cols[0], int64(a))
			x.SetInt(tb.cols[1], int64(b))
			x.SetInt(tb.cols[2], int64(c))
		}
	}
	return true
}

// setMapList reads the map list when it lies wholly within the data.
func (f *file) setMapList(root object.Node) {
	off, _ := f.r.u32(hMapOff)
	n, ok := f.r.u32(int64(off))
	if !ok || !f.r.fits(int64(off)+4, int64(n)*mapItemSize) {
		return
	}
	m := root.Sub("map_list")
	m.SetInt("size", int64(n))
	arr := m.StructArray("map_item")
	for i := range min(n, maxMapItems) {
		e := int64(off) + 4 + int64(i)*mapItemSize
		typ, _ := f.r.u16(e)
		unused, _ := f.r.u16(e + 2)
		size, _ := f.r.u32(e + 4)
		o, _ := f.r.u32(e + 8)
		x := arr.Add()
		x.SetInt("type", int64(typ))
		x.SetInt("unused", int64(unused))
		x.SetInt("size", int64(size))
		x.SetInt("offset", int64(o))
	}
}
