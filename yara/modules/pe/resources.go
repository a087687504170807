package pe

import "github.com/overt-sec/overt/yara/modules/object"

// resource is one leaf of the resource tree.
type resource struct {
	rva, length          uint32
	offset               int64 // -1 when the RVA does not map into the file
	typ, id, lang        int64
	typeStr, nameStr     []byte
	langStr              []byte
	hasType, hasName     bool // the level is named by a string
	hasLang              bool
	typeSet, idSet, lSet bool // the level was reached
}

// resourceTree is the parsed resource directory.
type resourceTree struct {
	present        bool
	timestamp      uint32
	major, minor   uint16
	leaves         []resource
	work           int // directory entries visited, bounded by maxResourceWork
	versionEntries []versionEntry
}

const rtVersion = 16

// parseResources walks the three levels (type, name, language) of the
// resource directory.
func (f *file) parseResources() *resourceTree {
	t := &resourceTree{}
	va, _, ok := f.directory(dirResource)
	if !ok || va == 0 {
		return t
	}
	base := f.rvaToOffset(uint64(va))
	if base < 0 || !f.fits(base, 16) {
		return t
	}
	t.present = true
	t.timestamp, _ = f.u32(base + 4)
	t.major, _ = f.u16(base + 8)
	t.minor, _ = f.u16(base + 10)
	f.walkResources(t, base, base, 0, resource{})
	return t
}

// resourceName reads a length-prefixed UTF-16 name at off; the raw bytes
// are returned, as yara exposes them.
func (f *file) resourceName(off int64) ([]byte, bool) {
	n, ok := f.u16(off)
	if !ok || !f.fits(off+2, int64(n)*2) {
		return nil, false
	}
	return f.data[off+2 : off+2+int64(n)*2], true
}

func (f *file) walkResources(t *resourceTree, base, dir int64, level int, cur resource) {
	named, _ := f.u16(dir + 12)
	ids, _ := f.u16(dir + 14)
	total := min(int(named)+int(ids), maxResourceDirEntries)
	for i := 0; i < total; i++ {
		if t.work >= maxResourceWork || len(t.leaves) >= maxResources {
			return
		}
		t.work++
		e := dir + 16 + int64(i)*8
		if !f.fits(e, 8) {
			return
		}
		name, _ := f.u32(e)
		target, _ := f.u32(e + 4)
		r := cur
		var str []byte
		isStr := false
		if name&0x80000000 != 0 {
			if s, ok := f.resourceName(base + int64(name&0x7fffffff)); ok {
				str, isStr = s, true
			}
		}
		switch level {
		case 0:
			r.typ, r.typeStr, r.hasType, r.typeSet = int64(name), str, isStr, true
		case 1:
			r.id, r.nameStr, r.hasName, r.idSet = int64(name), str, isStr, true
		case 2:
			r.lang, r.langStr, r.hasLang, r.lSet = int64(name), str, isStr, true
		}
		if target&0x80000000 != 0 && level < 2 {
			sub := base + int64(target&0x7fffffff)
			if f.fits(sub, 16) {
				f.walkResources(t, base, sub, level+1, r)
			}
			continue
		}
		de := base + int64(target&0x7fffffff)
		if !f.fits(de, 16) {
			continue
		}
		r.rva, _ = f.u32(de)
		r.length, _ = f.u32(de + 4)
		r.offset = f.rvaToOffset(uint64(r.rva))
		t.leaves = append(t.leaves, r)
		if r.typ == rtVersion && !r.hasType && r.offset >= 0 {
			t.versionEntries = f.parseVersionInfo(r.offset, t.versionEntries)
		}
	}
}

// set sets the resource fields.
func (t *resourceTree) set(root object.Node) {
	root.SetInt("number_of_resources", int64(len(t.leaves)))
	if !t.present {
		return
	}
	root.SetInt("resource_timestamp", int64(t.timestamp))
	v := root.Sub("resource_version")
	v.SetInt("major", int64(t.major))
	v.SetInt("minor", int64(t.minor))
	arr := root.StructArray("resources")
	for _, r := range t.leaves {
		n := arr.Add()
		n.SetInt("rva", int64(r.rva))
		if r.offset >= 0 {
			n.SetInt("offset", r.offset)
		}
		n.SetInt("length", int64(r.length))
		if r.hasType {
			n.SetStr("type_string", r.typeStr)
		} else if r.typeSet {
			n.SetInt("type", r.typ)
		}
		if r.hasName {
			n.SetStr("name_string", r.nameStr)
		} else if r.idSet {
			n.SetInt("id", r.id)
		}
		if r.hasLang {
			n.SetStr("language_string", r.langStr)
		} else if r.lSet {
			n.SetInt("language", r.lang)
		}
	}
}
