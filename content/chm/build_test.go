package chm

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/overt-sec/overt/content/internal/lzx/lzxtest"
)

// chmFile is one file of a test help file.
type chmFile struct {
	name    string
	data    []byte
	section int // 0 stored, 1 LZX
}

// chmOpts shapes a test help file.
type chmOpts struct {
	chunk       int // directory chunk size (default 4096)
	windowBits  int // default 16
	resetFrames int // default 2
	e8          uint32
	kinds       []int  // LZX block types used in turn
	controlV1   bool   // control data in bytes (version 1), not 32 KiB units
	version     uint32 // ITSF version (default 3)
	noReset     bool   // leave out the reset table
}

// encint appends an encoded integer.
func encintAppend(b []byte, v uint64) []byte {
	var tmp [10]byte
	i := len(tmp) - 1
	tmp[i] = byte(v & 0x7F)
	for v >>= 7; v != 0; v >>= 7 {
		i--
		tmp[i] = byte(v&0x7F) | 0x80
	}
	return append(b, tmp[i:]...)
}

// mkCHM writes an ITSF help file holding files, the section-1 ones
// LZX-compressed with the test encoder, plus the ::DataSpace machinery.
func mkCHM(t testing.TB, o chmOpts, files ...chmFile) []byte {
	t.Helper()
	if o.chunk == 0 {
		o.chunk = 4096
	}
	if o.windowBits == 0 {
		o.windowBits = 16
	}
	if o.resetFrames == 0 {
		o.resetFrames = 2
	}
	if o.version == 0 {
		o.version = 3
	}
	le := binary.LittleEndian
	type ent struct {
		name             string
		sec, off, length uint64
	}
	var ents []ent
	var sec0, sec1 []byte
	add0 := func(name string, data []byte) {
		ents = append(ents, ent{name, 0, uint64(len(sec0)), uint64(len(data))})
		sec0 = append(sec0, data...)
	}
	ents = append(ents, ent{"/", 0, 0, 0})
	for _, f := range files {
		if f.section == 1 {
			ents = append(ents, ent{f.name, 1, uint64(len(sec1)), uint64(len(f.data))})
			sec1 = append(sec1, f.data...)
		} else {
			add0(f.name, f.data)
		}
	}
	if len(sec1) > 0 {
		enc := lzxtest.Encode(sec1, lzxtest.Options{WindowBits: o.windowBits, ResetFrames: o.resetFrames, E8Size: o.e8, Kinds: o.kinds})
		cd := le.AppendUint32(nil, 6)
		cd = append(cd, "LZXC"...)
		reset, window := uint32(o.resetFrames), uint32(1)<<o.windowBits>>15
		ver := uint32(2)
		if o.controlV1 {
			ver, reset, window = 1, reset<<15, window<<15
		}
		for _, v := range []uint32{ver, reset, window, 1, 0} {
			cd = le.AppendUint32(cd, v)
		}
		add0(controlPath, cd)
		if !o.noReset {
			rt := le.AppendUint32(nil, 2)
			rt = le.AppendUint32(rt, uint32(len(enc.FrameEnds)))
			rt = le.AppendUint32(rt, 8)
			rt = le.AppendUint32(rt, 0x28)
			rt = le.AppendUint64(rt, uint64(len(sec1)))
			rt = le.AppendUint64(rt, uint64(len(enc.Stream)))
			rt = le.AppendUint64(rt, 0x8000)
			prev := 0
			for _, e := range enc.FrameEnds {
				rt = le.AppendUint64(rt, uint64(prev))
				prev = e
			}
			add0(resetPath, rt)
		}
		add0(contentPath, enc.Stream) // last: a truncated file loses it first
		ents = append(ents, ent{"::DataSpace/Storage/MSCompressed/Transform/{7FC28940-9D31-11D0-9B27-00A0C91E9C7C}/InstanceData/", 0, 0, 0})
	}
	// Listing chunks.
	var chunks [][]byte
	cur := []byte{}
	flush := func() {
		c := make([]byte, o.chunk)
		copy(c, "PMGL")
		le.PutUint32(c[4:], uint32(o.chunk-pmglHeader-len(cur)))
		le.PutUint32(c[12:], uint32(len(chunks)-1))
		le.PutUint32(c[16:], uint32(len(chunks)+1))
		copy(c[pmglHeader:], cur)
		chunks = append(chunks, c)
		cur = cur[:0]
	}
	for _, e := range ents {
		var b []byte
		b = encintAppend(b, uint64(len(e.name)))
		b = append(b, e.name...)
		b = encintAppend(b, e.sec)
		b = encintAppend(b, e.off)
		b = encintAppend(b, e.length)
		if pmglHeader+len(cur)+len(b) > o.chunk {
			flush()
		}
		cur = append(cur, b...)
	}
	flush()
	le.PutUint32(chunks[len(chunks)-1][16:], 0xFFFFFFFF)
	var dir bytes.Buffer
	dir.WriteString("ITSP")
	for _, v := range []uint32{1, itspSize, 0x0a, uint32(o.chunk), 2, 1, 0xFFFFFFFF, 0, uint32(len(chunks) - 1), 0xFFFFFFFF, uint32(len(chunks)), 0x409} {
		dir.Write(le.AppendUint32(nil, v))
	}
	dir.Write(make([]byte, 16)) // GUID
	for _, v := range []uint32{itspSize, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF} {
		dir.Write(le.AppendUint32(nil, v))
	}
	for _, c := range chunks {
		dir.Write(c)
	}
	hdrLen := headerV3
	if o.version == 2 {
		hdrLen = headerV2
	}
	const hs0 = 0x18
	dirOff := hdrLen + hs0
	contentOff := dirOff + dir.Len()
	total := contentOff + len(sec0)
	h := []byte("ITSF")
	for _, v := range []uint32{o.version, uint32(hdrLen), 1, 0, 0x409} {
		h = le.AppendUint32(h, v)
	}
	h = append(h, make([]byte, 32)...) // GUIDs
	for _, v := range []uint64{uint64(hdrLen), hs0, uint64(dirOff), uint64(dir.Len())} {
		h = le.AppendUint64(h, v)
	}
	if o.version >= 3 {
		h = le.AppendUint64(h, uint64(contentOff))
	}
	h = le.AppendUint32(h, 0x1FE)
	h = le.AppendUint32(h, 0)
	h = le.AppendUint64(h, uint64(total))
	h = append(h, make([]byte, 8)...)
	out := append(h, dir.Bytes()...)
	return append(out, sec0...)
}
