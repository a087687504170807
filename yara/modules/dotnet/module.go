package dotnet

import (
	"fmt"

	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/modules/pe"
)

// Module is the run-time dotnet module. For data that is not a PE file
// every field is undefined; for a PE file without CLI metadata only
// is_dotnet is set (to 0), as in yara.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(in *object.LoadInput) (*object.Value, error) {
	root := object.NewNode(Schema)
	if pe.Parse(in.Data) == nil {
		return root.Value, nil
	}
	a := parseAssembly(in.Data)
	if a == nil {
		root.SetInt("is_dotnet", 0)
		return root.Value, nil
	}
	root.SetInt("is_dotnet", 1)
	a.set(root)
	return root.Value, nil
}

// set fills root from the parsed metadata.
func (a *assembly) set(root object.Node) {
	if a.version != nil {
		root.SetStr("version", a.version)
	}
	streams := root.StructArray("streams")
	for _, s := range a.streams {
		n := streams.Add()
		n.SetStr("name", s.name)
		n.SetInt("offset", s.off)
		n.SetInt("size", s.size)
	}
	root.SetInt("number_of_streams", int64(len(a.streams)))
	a.setGUIDs(root)
	a.setUserStrings(root)
	if a.tilde != nil {
		a.tables = parseTables(a.r, a.tilde)
	}
	if a.tables != nil {
		a.setTables(root)
	}
}

// setGUIDs lists the #GUID heap.
func (a *assembly) setGUIDs(root object.Node) {
	if a.guid == nil {
		return
	}
	arr := root.Array("guids")
	n := 0
	for off := a.guid.off; off+16 <= a.guid.off+a.guid.size && n < maxGUIDs; off += 16 {
		if !a.r.fits(off, 16) {
			break
		}
		arr.Append(object.String(formatGUID(a.r[off : off+16])))
		n++
	}
	root.SetInt("number_of_guids", int64(n))
}

// formatGUID formats 16 GUID bytes in the registry form.
func formatGUID(b []byte) string {
	return fmt.Sprintf("%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		le.Uint32(b), le.Uint16(b[4:]), le.Uint16(b[6:]), b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])
}

// setUserStrings lists the #US heap: each blob's UTF-16 bytes without
// the trailing flag byte, empty strings left out.
func (a *assembly) setUserStrings(root object.Node) {
	if a.us == nil {
		return
	}
	arr := root.Array("user_strings")
	end := a.us.off + a.us.size
	n := 0
	for off := a.us.off + 1; off < end && n < maxUserStrings; {
		size, hl, ok := a.r.compressed(off)
		if !ok {
			break
		}
		off += hl
		if size <= 1 {
			// Padding, or the empty string (only the flag byte): yara
			// lists neither.
			off += int64(size)
			continue
		}
		if int64(size) > end-off || !a.r.fits(off, int64(size)) {
			break
		}
		arr.Append(object.String(string(a.r[off : off+int64(size)-1])))
		n++
		off += int64(size)
	}
	root.SetInt("number_of_user_strings", int64(n))
}
