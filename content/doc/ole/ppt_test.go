package ole

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

const pptMarker = "OVERT-PPT-MARKER"

// pptRecord writes a record header and body.
func pptRecord(ver, inst, typ uint16, body []byte) []byte {
	le := binary.LittleEndian
	h := le.AppendUint16(nil, ver|inst<<4)
	h = le.AppendUint16(h, typ)
	h = le.AppendUint32(h, uint32(len(body)))
	return append(h, body...)
}

// exOleObjStg writes an embedded object record, compressed or stored.
func exOleObjStg(obj []byte, compressed bool) []byte {
	if !compressed {
		return pptRecord(0, 0, recExOleObjStg, obj)
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(obj)
	w.Close()
	body := append(binary.LittleEndian.AppendUint32(nil, uint32(len(obj))), z.Bytes()...)
	return pptRecord(0, 1, recExOleObjStg, body)
}

// ole10Native writes an Ole10Native stream carrying a package of file.
func ole10Native(label string, file []byte) []byte {
	le := binary.LittleEndian
	p := le.AppendUint16(nil, 2)
	p = append(p, label+"\x00"+`C:\src\`+label+"\x00"...)
	p = append(p, 0, 0, 3, 0)
	tmp := `C:\tmp\` + label + "\x00"
	p = le.AppendUint32(p, uint32(len(tmp)))
	p = append(p, tmp...)
	p = le.AppendUint32(p, uint32(len(file)))
	p = append(p, file...)
	p = append(p, 0, 0) // trailing fields of newer packagers
	return append(le.AppendUint32(nil, uint32(len(p))), p...)
}

// embedded is an OLE object holding a package of a file with the marker.
func embedded(label string) []byte {
	return buildCFB(stream("\x01Ole10Native", ole10Native(label, []byte("MZ payload "+pptMarker))), stream("\x01CompObj", []byte("Package")))
}

// pptDoc writes a presentation whose stream holds a document container
// with an atom, then the given records.
func pptDoc(records ...[]byte) []byte {
	doc := pptRecord(0xF, 0, 0x03E8, pptRecord(0, 0, 0x03E9, make([]byte, 40)))
	s := append(doc, bytes.Join(records, nil)...)
	return buildCFB(stream("PowerPoint Document", s), stream("Current User", []byte("user")))
}

// walkOLE extracts data with the walker, nested compound files included.
func walkOLE(t *testing.T, data []byte) (map[string][]byte, []content.Event) {
	return ctest.WalkSniff(t, Sniff, "d.ppt", data)
}

func TestPowerPointObjects(t *testing.T) {
	nested := pptRecord(0xF, 0, 0x0FF0, pptRecord(0xF, 0, 0x0FF1, exOleObjStg(embedded("deep.exe"), true)))
	tests := []struct {
		name   string
		data   []byte
		want   []string // objects holding the marker
		events []content.EventKind
	}{
		{"compressed", pptDoc(exOleObjStg(embedded("a.exe"), true)),
			[]string{"d.ppt!#ppt/object1", "d.ppt!#ppt/object1!#package/a.exe", `d.ppt!#ppt/object1!\x01Ole10Native`}, nil},
		{"stored-and-nested", pptDoc(exOleObjStg(embedded("b.exe"), false), nested),
			[]string{"d.ppt!#ppt/object1", "d.ppt!#ppt/object1!#package/b.exe", `d.ppt!#ppt/object1!\x01Ole10Native`,
				"d.ppt!#ppt/object2", "d.ppt!#ppt/object2!#package/deep.exe", `d.ppt!#ppt/object2!\x01Ole10Native`,
				"d.ppt!PowerPoint Document"}, nil}, // the stored object is in the stream as is
		{"record-overruns", pptDoc(exOleObjStg(embedded("c.exe"), false)[:300]),
			nil, []content.EventKind{content.EventCorrupt, content.EventCorrupt}}, // the record, then the cut object
		{"bad-zlib", pptDoc(pptRecord(0, 1, recExOleObjStg, []byte{9, 0, 0, 0, 0x78, 0x9c, 0xff, 0xff, 0xff})),
			nil, []content.EventKind{content.EventCorrupt}},
		{"compressed-without-size", pptDoc(pptRecord(0, 1, recExOleObjStg, []byte{1, 2})),
			nil, []content.EventKind{content.EventCorrupt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ev := walkOLE(t, tt.data)
			var found []string
			for p, d := range got {
				if bytes.Contains(d, []byte(pptMarker)) {
					found = append(found, p)
				}
			}
			slices.Sort(found)
			slices.Sort(tt.want)
			if !slices.Equal(found, tt.want) {
				t.Errorf("marker in %q, want %q", found, tt.want)
			}
			if !slices.Equal(ctest.Kinds(ev), tt.events) {
				t.Errorf("events %v, want kinds %v", ev, tt.events)
			}
		})
	}
}

func TestPackageFile(t *testing.T) {
	good := ole10Native(`dir\x.exe`, []byte("content"))
	tests := []struct {
		name  string
		data  []byte
		label string
		file  string
		ok    bool
	}{
		{"good", good, "x.exe", "content", true},
		{"truncated", good[:len(good)-6], "", "", false},
		{"no strings", []byte{9, 0, 0, 0, 2, 0, 'a', 'b'}, "", "", false},
		{"empty", nil, "", "", false},
		{"huge temp path", func() []byte {
			d := bytes.Clone(good)
			k := bytes.Index(d, []byte{3, 0}) + 2
			binary.LittleEndian.PutUint32(d[k:], 0xFFFFFFF0)
			return d
		}(), "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			label, file, ok := packageFile(tt.data)
			if ok != tt.ok || label != tt.label || string(file) != tt.file {
				t.Errorf("got %q %q %v, want %q %q %v", label, file, ok, tt.label, tt.file, tt.ok)
			}
		})
	}
}

func TestClamAVPowerPoint(t *testing.T) {
	exe, data := ctest.ClamAV(t, "clam.ppt")
	got, ev := walkOLE(t, data)
	if !bytes.Equal(got["d.ppt!#ppt/object1!#package/clam.exe"], exe) {
		t.Errorf("clam.ppt: objects %d, events %v; want #ppt/object1!#package/clam.exe = clam.exe", len(got), ev)
	}
}

func FuzzPowerPoint(f *testing.F) {
	f.Add(pptDoc(exOleObjStg(embedded("a.exe"), true)))
	f.Add(pptDoc(exOleObjStg(embedded("b.exe"), false), pptRecord(0xF, 0, 1, pptRecord(0xF, 0, 2, nil))))
	f.Add(embedded("c.exe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ctest.FuzzWalk(t, content.Walker{Sniff: Sniff, Limits: content.Limits{MaxExpanded: 16 << 20, MaxObject: 4 << 20}}, data)
	})
}
