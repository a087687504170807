package sis

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"slices"
	"testing"
	"unicode/utf16"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

const marker = "OVERT-SIS-MARKER"

// sisFile is one file record of a test package.
type sisFile struct {
	dst   string
	data  [][]byte // one per language
	ftype uint32
}

// sisOpts shapes a test package.
type sisOpts struct {
	release6 bool
	options  uint16
	langs    int
	extra    [][]byte // raw records (type included) written before the files
}

// mkSIS writes a package: header, file records, names, then data.
func mkSIS(o sisOpts, files ...sisFile) []byte {
	le := binary.LittleEndian
	if o.langs == 0 {
		o.langs = 1
	}
	str := func(s string) []byte {
		if o.options&optUnicode != 0 {
			var b []byte
			for _, u := range utf16.Encode([]rune(s)) {
				b = le.AppendUint16(b, u)
			}
			return b
		}
		return []byte(s)
	}
	enc := func(d []byte) []byte {
		if o.options&optNoCompress != 0 {
			return d
		}
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(d)
		w.Close()
		return z.Bytes()
	}
	hdrLen := 100
	recLen := 0
	for _, e := range o.extra {
		recLen += len(e)
	}
	for _, f := range files {
		recLen += 28 + 8*len(f.data)
		if o.release6 {
			recLen += 4*len(f.data) + 8
		}
	}
	var recs, blob bytes.Buffer
	blobAt := hdrLen + recLen
	for _, e := range o.extra {
		recs.Write(e)
	}
	for _, f := range files {
		typ := uint32(recSimple)
		if len(f.data) > 1 {
			typ = recMultiLng
		}
		dst := str(f.dst)
		dstPtr := blobAt + blob.Len()
		blob.Write(dst)
		recs.Write(le.AppendUint32(nil, typ))
		recs.Write(le.AppendUint32(nil, f.ftype))
		recs.Write(le.AppendUint32(nil, 0))
		recs.Write(le.AppendUint32(nil, 0)) // no source name
		recs.Write(le.AppendUint32(nil, 0))
		recs.Write(le.AppendUint32(nil, uint32(len(dst))))
		recs.Write(le.AppendUint32(nil, uint32(dstPtr)))
		var ptrs []byte
		for _, d := range f.data {
			c := enc(d)
			recs.Write(le.AppendUint32(nil, uint32(len(c))))
			ptrs = le.AppendUint32(ptrs, uint32(blobAt+blob.Len()))
			blob.Write(c)
		}
		recs.Write(ptrs)
		if o.release6 {
			for _, d := range f.data {
				recs.Write(le.AppendUint32(nil, uint32(len(d))))
			}
			recs.Write(make([]byte, 8))
		}
	}
	h := make([]byte, hdrLen)
	uid2 := uint32(uid2Release3)
	if o.release6 {
		uid2 = uid2Release6
	}
	le.PutUint32(h[0:], 0x10001234)
	le.PutUint32(h[4:], uid2)
	le.PutUint32(h[8:], uid3SIS)
	le.PutUint16(h[18:], uint16(o.langs))
	le.PutUint16(h[20:], uint16(len(o.extra)+len(files)))
	le.PutUint16(h[36:], o.options)
	le.PutUint32(h[52:], uint32(hdrLen))
	return append(append(h, recs.Bytes()...), blob.Bytes()...)
}

func walk(t *testing.T, data []byte) (map[string][]byte, []content.Event) {
	return ctest.WalkSniff(t, Sniff, "p.sis", data)
}

func TestExtract(t *testing.T) {
	m := []byte("prefix " + marker)
	le := binary.LittleEndian
	cond := append(le.AppendUint32(le.AppendUint32(nil, recIf), 3), 1, 2, 3)
	tests := []struct {
		name   string
		data   []byte
		want   map[string]string // path → marker-bearing content
		events []content.EventKind
	}{
		{"release6-unicode", mkSIS(sisOpts{release6: true, options: optUnicode}, sisFile{dst: `!:\system\apps\x\x.app`, data: [][]byte{m}}),
			map[string]string{"p.sis!system/apps/x/x.app": string(m)}, nil},
		{"release3-ascii", mkSIS(sisOpts{}, sisFile{dst: `c:\a.txt`, data: [][]byte{[]byte("no")}}, sisFile{dst: `c:\b.bin`, data: [][]byte{m}}),
			map[string]string{"p.sis!b.bin": string(m)}, nil},
		{"stored", mkSIS(sisOpts{options: optNoCompress}, sisFile{dst: `!:\s.dat`, data: [][]byte{m}}),
			map[string]string{"p.sis!s.dat": string(m)}, nil},
		{"languages", mkSIS(sisOpts{langs: 2, release6: true, extra: [][]byte{cond, le.AppendUint32(nil, recElse), le.AppendUint32(nil, recEndIf)}}, sisFile{dst: `!:\l.rsc`, data: [][]byte{[]byte("en"), m}}),
			map[string]string{"p.sis!l.rsc#2": string(m)}, nil},
		{"null-file", mkSIS(sisOpts{}, sisFile{dst: `!:\n.ini`, ftype: fileNull, data: [][]byte{m}}), map[string]string{}, nil},
		{"truncated-data", func() []byte { d := mkSIS(sisOpts{}, sisFile{dst: `!:\t.bin`, data: [][]byte{m}}); return d[:len(d)-3] }(),
			map[string]string{}, []content.EventKind{content.EventCorrupt}},
		{"truncated-records", mkSIS(sisOpts{}, sisFile{dst: `!:\t.bin`, data: [][]byte{m}})[:110],
			map[string]string{}, []content.EventKind{content.EventCorrupt}},
		{"bad-record", mkSIS(sisOpts{extra: [][]byte{le.AppendUint32(nil, 99)}}, sisFile{dst: `x`, data: [][]byte{m}}),
			map[string]string{}, []content.EventKind{content.EventCorrupt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ev := walk(t, tt.data)
			found := map[string]string{}
			for p, d := range got {
				if bytes.Contains(d, []byte(marker)) {
					found[p] = string(d)
				}
			}
			if len(found) != len(tt.want) {
				t.Errorf("marker found in %v, want %v", found, tt.want)
			}
			for p, d := range tt.want {
				if found[p] != d {
					t.Errorf("%s: got %q, want %q (objects %v)", p, found[p], d, ctest.Keys(got))
				}
			}
			if !slices.Equal(ctest.Kinds(ev), tt.events) {
				t.Errorf("events %v, want kinds %v", ev, tt.events)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	good := mkSIS(sisOpts{}, sisFile{dst: "a", data: [][]byte{{1}}})
	if Sniff(good, "") == nil {
		t.Error("release 3 package not recognised")
	}
	bad := append([]byte(nil), good...)
	bad[8] ^= 1
	if Sniff(bad, "") != nil {
		t.Error("wrong UID3 recognised")
	}
	if Sniff(good[:headerSize-1], "") != nil {
		t.Error("short head recognised")
	}
}

func TestClamAV(t *testing.T) {
	exe, data := ctest.ClamAV(t, "clam.sis")
	got, ev := walk(t, data)
	if !bytes.Equal(got["p.sis!clam.exe"], exe) {
		t.Errorf("clam.sis: objects %v, events %v; want p.sis!clam.exe = clam.exe", ctest.Keys(got), ev)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(mkSIS(sisOpts{release6: true, options: optUnicode}, sisFile{dst: `!:\a`, data: [][]byte{[]byte("hello")}}))
	f.Add(mkSIS(sisOpts{langs: 3, options: optNoCompress}, sisFile{dst: `b`, data: [][]byte{{1}, {2}, {3}}}))
	f.Add(mkSIS(sisOpts{extra: [][]byte{binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, recOptions), 1)}}, sisFile{dst: "c", data: [][]byte{{1}}}))
	ctest.AddClamAV(f, "clam.sis")
	lim := content.Limits{MaxExpanded: 8 << 20, MaxObject: 4 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctest.FuzzWalk(t, content.Walker{Sniff: Sniff, Limits: lim}, data)
	})
}
