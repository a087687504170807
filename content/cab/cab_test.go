package cab

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
	"github.com/overt-sec/overt/content/internal/lzx/lzxtest"
)

// cabFile is one file of a test cabinet.
type cabFile struct {
	name   string
	data   []byte
	folder int
}

// cabOpts shapes a test cabinet.
type cabOpts struct {
	compress []uint16 // per folder
	reserve  bool     // add reserve fields (header 4, folder 2, data 3 bytes)
	block    int      // uncompressed bytes per CFDATA (default 32 KiB)
	e8       uint32   // LZX: E8 translation size
	lzxKinds []int    // LZX: block types used in turn
}

// mkCab writes a cabinet: each folder holds its files back to back,
// split into CFDATA blocks stored or MSZIP-compressed (other types are
// written stored, under their type code).
func mkCab(t testing.TB, o cabOpts, files ...cabFile) []byte {
	t.Helper()
	if o.block == 0 {
		o.block = 32 << 10
	}
	le := binary.LittleEndian
	var streams = make([][]byte, len(o.compress))
	type entry struct {
		off uint32
		cabFile
	}
	var entries []entry
	for _, f := range files {
		entries = append(entries, entry{uint32(len(streams[f.folder])), f})
		streams[f.folder] = append(streams[f.folder], f.data...)
	}
	var hdr, folders, ftab, data bytes.Buffer
	hdrLen := headerSize
	var resHdr, resFolder, resData int
	if o.reserve {
		resHdr, resFolder, resData = 4, 2, 3
		hdrLen += 4 + resHdr
	}
	folderLen := len(o.compress) * (folderSize + resFolder)
	for _, e := range entries {
		ftab.Write(le.AppendUint32(nil, uint32(len(e.data))))
		ftab.Write(le.AppendUint32(nil, e.off))
		ftab.Write(le.AppendUint16(nil, uint16(e.folder)))
		ftab.Write(make([]byte, 6)) // date, time, attribs
		ftab.WriteString(e.name + "\x00")
	}
	dataStart := hdrLen + folderLen + ftab.Len()
	for i, s := range streams {
		blocks := 0
		folders.Write(le.AppendUint32(nil, uint32(dataStart+data.Len())))
		var dict []byte
		if o.compress[i]&0xF == compLZX {
			// One CFDATA per 32 KiB frame, the bitstream running on.
			enc := lzxtest.Encode(s, lzxtest.Options{WindowBits: int(o.compress[i]>>8) & 0x1F, E8Size: o.e8, Kinds: o.lzxKinds})
			prev := 0
			for k, end := range enc.FrameEnds {
				data.Write(make([]byte, 4)) // checksum
				data.Write(le.AppendUint16(nil, uint16(end-prev)))
				data.Write(le.AppendUint16(nil, uint16(min(32<<10, len(s)-k*32<<10))))
				data.Write(make([]byte, resData))
				data.Write(enc.Stream[prev:end])
				prev = end
				blocks++
			}
		}
		for off := 0; o.compress[i]&0xF != compLZX && (off < len(s) || (off == 0 && len(s) == 0)); off += o.block {
			chunk := s[off:min(off+o.block, len(s))]
			payload := chunk
			if o.compress[i]&0xF == compMSZIP {
				var zb bytes.Buffer
				zb.WriteString("CK")
				zw, _ := flate.NewWriterDict(&zb, flate.BestCompression, dict)
				zw.Write(chunk)
				zw.Close()
				payload = zb.Bytes()
				dict = chunk
			}
			data.Write(make([]byte, 4)) // checksum
			data.Write(le.AppendUint16(nil, uint16(len(payload))))
			data.Write(le.AppendUint16(nil, uint16(len(chunk))))
			data.Write(make([]byte, resData))
			data.Write(payload)
			blocks++
			if len(s) == 0 {
				break
			}
		}
		folders.Write(le.AppendUint16(nil, uint16(blocks)))
		folders.Write(le.AppendUint16(nil, o.compress[i]))
		folders.Write(make([]byte, resFolder))
	}
	hdr.WriteString("MSCF")
	hdr.Write(make([]byte, 4))
	hdr.Write(le.AppendUint32(nil, uint32(dataStart+data.Len())))
	hdr.Write(make([]byte, 4))
	hdr.Write(le.AppendUint32(nil, uint32(hdrLen+folderLen)))
	hdr.Write(make([]byte, 4))
	hdr.Write([]byte{3, 1})
	hdr.Write(le.AppendUint16(nil, uint16(len(o.compress))))
	hdr.Write(le.AppendUint16(nil, uint16(len(files))))
	flags := uint16(0)
	if o.reserve {
		flags |= flagReserve
	}
	hdr.Write(le.AppendUint16(nil, flags))
	hdr.Write(make([]byte, 4)) // setID, iCabinet
	if o.reserve {
		hdr.Write([]byte{byte(resHdr), 0, byte(resFolder), byte(resData)})
		hdr.Write(make([]byte, resHdr))
	}
	return append(append(append(hdr.Bytes(), folders.Bytes()...), ftab.Bytes()...), data.Bytes()...)
}

// extract runs the extractor on data and returns "name=content" per
// object and the events.
func extract(t testing.TB, data []byte, lim content.Limits) ([]string, []content.Event) {
	r := ctest.Walk(t, content.Walker{Sniff: Sniff, Limits: lim}, "x.cab", data)
	return r.Pairs(), r.Events
}

func TestExtract(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 10000) // 160,000 bytes: 5 blocks
	tests := []struct {
		name   string
		opts   cabOpts
		files  []cabFile
		want   []string
		events string
	}{
		{"stored", cabOpts{compress: []uint16{compNone}},
			[]cabFile{{"a.txt", []byte("alpha"), 0}, {`dir\b.txt`, []byte("beta"), 0}},
			[]string{"a.txt=alpha", "dir/b.txt=beta"}, ""},
		{"mszip over several blocks", cabOpts{compress: []uint16{compMSZIP}},
			[]cabFile{{"big", big, 0}, {"small", []byte("tail"), 0}},
			[]string{"big=" + string(big), "small=tail"}, ""},
		{"mszip small blocks", cabOpts{compress: []uint16{compMSZIP}, block: 7},
			[]cabFile{{"a", []byte("hello hello hello world"), 0}, {"b", []byte("hello again"), 0}},
			[]string{"a=hello hello hello world", "b=hello again"}, ""},
		{"two folders and reserves", cabOpts{compress: []uint16{compNone, compMSZIP}, reserve: true},
			[]cabFile{{"one", []byte("1"), 0}, {"two", []byte("22"), 1}, {"three", []byte("333"), 1}},
			[]string{"one=1", "two=22", "three=333"}, ""},
		{"lzx", cabOpts{compress: []uint16{compLZX | 15<<8, compNone}},
			[]cabFile{{"l", []byte("lzx lzx lzx lzx"), 0}, {"s", []byte("stored"), 1}},
			[]string{"l=lzx lzx lzx lzx", "s=stored"}, ""},
		{"lzx over several blocks", cabOpts{compress: []uint16{compLZX | 21<<8}, e8: 1 << 20,
			lzxKinds: []int{lzxtest.Verbatim, lzxtest.Aligned, lzxtest.Uncompressed}},
			[]cabFile{{"big", big, 0}, {"small", []byte("tail\xe8\x01\x02\x03\x04 call"), 0}},
			[]string{"big=" + string(big), "small=tail\xe8\x01\x02\x03\x04 call"}, ""},
		{"two lzx folders", cabOpts{compress: []uint16{compLZX | 21<<8, compLZX | 16<<8}},
			[]cabFile{{"a", big[:70000], 0}, {"b", big[5:50000], 1}, {"c", []byte("cc"), 1}},
			[]string{"a=" + string(big[:70000]), "b=" + string(big[5:50000]), "c=cc"}, ""},
		{"lzx window too big", cabOpts{compress: []uint16{compLZX | 22<<8}},
			[]cabFile{{"l", []byte("lzx"), 0}}, nil, "unsupported x.cab!l: cab: LZX window of 2^22 bytes is not supported"},
		{"quantum is unsupported", cabOpts{compress: []uint16{compQuantum}},
			[]cabFile{{"q", []byte("q"), 0}}, nil, "unsupported x.cab!q: cab: Quantum compression is not supported"},
		{"empty file", cabOpts{compress: []uint16{compNone}},
			[]cabFile{{"e", nil, 0}, {"f", []byte("x"), 0}}, []string{"e=", "f=x"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evs := extract(t, mkCab(t, tt.opts, tt.files...), content.Limits{})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("objects:\n%.300s\nwant:\n%.300s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if ctest.EventString(evs) != tt.events {
				t.Errorf("events:\n%s\nwant:\n%s", ctest.EventString(evs), tt.events)
			}
		})
	}
}

// patchFile rewrites field at byte offset fieldOff of the i-th CFFILE.
func patchFile(data []byte, i int, fieldOff int, v uint32, width int) {
	off := int(binary.LittleEndian.Uint32(data[16:]))
	for range i {
		off += fileSize + bytes.IndexByte(data[off+fileSize:], 0) + 1
	}
	if width == 2 {
		binary.LittleEndian.PutUint16(data[off+fieldOff:], uint16(v))
	} else {
		binary.LittleEndian.PutUint32(data[off+fieldOff:], v)
	}
}

func TestDamage(t *testing.T) {
	base := func() []byte {
		return mkCab(t, cabOpts{compress: []uint16{compNone}},
			cabFile{"a", []byte("aaaa"), 0}, cabFile{"b", []byte("bbbb"), 0})
	}
	tests := []struct {
		name   string
		patch  func([]byte) []byte
		want   []string
		events string
	}{
		{"overlapping files", func(d []byte) []byte { patchFile(d, 1, 4, 0, 4); return d },
			[]string{"a=aaaa"}, "corrupt x.cab!b: cab: file overlaps the previous file of its folder; skipped"},
		{"file past the folder's end", func(d []byte) []byte { patchFile(d, 1, 0, 100, 4); return d },
			[]string{"a=aaaa", "b=bbbb"}, "corrupt x.cab!b: cab: folder data ends 96 bytes before the end of the file"},
		{"empty file inside another", func(d []byte) []byte { patchFile(d, 1, 0, 0, 4); patchFile(d, 1, 4, 1, 4); return d },
			[]string{"a=aaaa", "b="}, ""},
		{"bad folder index", func(d []byte) []byte { patchFile(d, 0, 8, 5, 2); return d },
			[]string{"b=bbbb"}, "corrupt x.cab!a: cab: file in folder 5 of 1"},
		{"continued from previous cabinet", func(d []byte) []byte { patchFile(d, 0, 8, contFromPrev, 2); return d },
			[]string{"b=bbbb"}, "unsupported x.cab!a: cab: file continued from a previous cabinet; skipped"},
		{"truncated data", func(d []byte) []byte { return d[:len(d)-3] },
			[]string{"a="}, "corrupt x.cab!a: cab: data block at offset 80 runs past the end of the cabinet"},
		{"huge file count", func(d []byte) []byte { binary.LittleEndian.PutUint16(d[28:], 0xFFFF); return d },
			[]string{"a=aaaa", "b=bbbb"}, "corrupt x.cab: cab: file 2 at offset 80: string at offset 96 has no terminator within 256 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evs := extract(t, tt.patch(base()), content.Limits{})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("objects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if ctest.EventString(evs) != tt.events {
				t.Errorf("events:\n%s\nwant:\n%s", ctest.EventString(evs), tt.events)
			}
		})
	}
}

// TestLZXDamage checks that a damaged LZX folder yields what decoded
// before the damage, with an event, and never panics.
func TestLZXDamage(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 6000) // 3 frames
	base := func() []byte {
		return mkCab(t, cabOpts{compress: []uint16{compLZX | 17<<8}}, cabFile{"a", big, 0}, cabFile{"b", []byte("bb"), 0})
	}
	dataOff := func(d []byte) int { return int(binary.LittleEndian.Uint32(d[headerSize:])) }
	tests := []struct {
		name   string
		patch  func([]byte) []byte
		want   []string // names and sizes
		events string
	}{
		{"truncated", func(d []byte) []byte { return d[:len(d)-20] },
			[]string{"a:65536"}, "corrupt x.cab!a: cab: data block at offset"},
		{"garbage stream", func(d []byte) []byte {
			o := dataOff(d) + dataSize
			for i := o; i < o+16; i++ {
				d[i] = 0xFF
			}
			return d
		}, []string{"a:0"}, "lzx: corrupt data: frame 0"},
		{"oversized block", func(d []byte) []byte { binary.LittleEndian.PutUint16(d[dataOff(d)+6:], 40000); return d },
			[]string{"a:0"}, "expands to 40000 bytes, outside 1..32768"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evs := extract(t, tt.patch(base()), content.Limits{})
			var sizes []string
			for _, g := range got {
				n, d, _ := strings.Cut(g, "=")
				sizes = append(sizes, fmt.Sprintf("%s:%d", n, len(d)))
			}
			if strings.Join(sizes, " ") != strings.Join(tt.want, " ") {
				t.Errorf("objects %q, want %q", sizes, tt.want)
			}
			if !strings.Contains(ctest.EventString(evs), tt.events) {
				t.Errorf("events:\n%s\nwant %q", ctest.EventString(evs), tt.events)
			}
		})
	}
}

// TestBomb checks that a cabinet of many zero-filled MSZIP blocks stops at
// the expansion limits, and that a file bigger than MaxObject is cut and
// the next file still read.
func TestBomb(t *testing.T) {
	zeros := make([]byte, 16<<20)
	data := mkCab(t, cabOpts{compress: []uint16{compMSZIP}}, cabFile{"z", zeros, 0}, cabFile{"after", []byte("after"), 0})
	got, evs := extract(t, data, content.Limits{MaxExpanded: 4 << 20})
	if len(got) != 1 || !strings.HasPrefix(got[0], "z=") || len(got[0]) > 4<<20+2+maxBlockOut {
		t.Errorf("got %d objects, first %d bytes", len(got), len(got[0]))
	}
	if !strings.Contains(ctest.EventString(evs), "limit x.cab: expanded size limit") {
		t.Errorf("events: %s", ctest.EventString(evs))
	}
	got, evs = extract(t, data, content.Limits{MaxObject: 1 << 20, MaxExpanded: 1 << 30, MaxRatio: 1 << 20})
	if len(got) != 2 || got[1] != "after=after" || len(got[0]) != 2+1<<20 {
		t.Errorf("got %d objects; events %s", len(got), ctest.EventString(evs))
	}
}

func TestSniff(t *testing.T) {
	good := mkCab(t, cabOpts{compress: []uint16{compNone}}, cabFile{"a", []byte("a"), 0})
	if Sniff(good, "") == nil {
		t.Error("cabinet not recognised")
	}
	for _, bad := range [][]byte{[]byte("MSCF"), append([]byte("MSCF\x01"), good[5:]...), append([]byte("MSCX"), good[4:]...)} {
		if Sniff(bad, "") != nil {
			t.Errorf("%q recognised", bad[:5])
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(mkCab(f, cabOpts{compress: []uint16{compNone}}, cabFile{"a", []byte("alpha"), 0}, cabFile{"b", []byte("beta"), 0}))
	f.Add(mkCab(f, cabOpts{compress: []uint16{compMSZIP}, block: 5}, cabFile{"a", []byte("hello hello hello"), 0}))
	f.Add(mkCab(f, cabOpts{compress: []uint16{compNone, compMSZIP}, reserve: true}, cabFile{"a", []byte("1"), 0}, cabFile{"b", []byte("2"), 1}))
	f.Add(mkCab(f, cabOpts{compress: []uint16{compLZX | 16<<8}, lzxKinds: []int{lzxtest.Aligned}}, cabFile{"a", bytes.Repeat([]byte("lzx "), 9000), 0}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if Sniff(data, "") == nil {
			return
		}
		w := content.Walker{Sniff: Sniff, Limits: content.Limits{MaxExpanded: 1 << 24}}
		w.Walk(context.Background(), "f", bytes.NewReader(data), int64(len(data)), func([]string, []byte) error { return nil })
	})
}
