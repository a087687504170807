// Package lzxtest is test support for the LZX decoder and its users,
// imported only by tests: a small LZX encoder that writes verbatim,
// aligned offset and uncompressed blocks with Huffman trees built from the
// data, greedy matches, repeated offsets, E8 call translation and CHM-style
// resets, so that round trips exercise every part of the decoder.
package lzxtest

import (
	"encoding/binary"

	"github.com/overt-sec/overt/content/internal/lzx/slots"
)

// Block types.
const (
	Verbatim     = 1
	Aligned      = 2
	Uncompressed = 3
)

// frameSize is LZX's frame.
const frameSize = 32 << 10

// Options shape an encoding.
type Options struct {
	WindowBits  int    // 15..21
	E8Size      uint32 // E8 translation size; 0 writes the header bit off
	BlockSize   int    // uncompressed bytes per block; 0 for 64 KiB
	Kinds       []int  // block types used in turn; nil for Verbatim only
	ResetFrames int    // reset the state every this many frames (CHM); 0 never
	Literals    bool   // no matches
}

// Result is an encoded stream.
type Result struct {
	Stream    []byte
	FrameEnds []int // offset in Stream where each frame's bits end
}

// encoder is the state of one encoding.
type encoder struct {
	o          Options
	w          bitWriter
	data       []byte // after E8 preprocessing
	slots      int
	r          [3]int
	mainLens   []uint8
	lenLens    []uint8
	frameEnd   int // output position of the current frame's end
	frameStart int
	res        Result
	heads      []int32 // hash of 4 bytes → last position + 1, within the segment
}

// hashBits sizes the table of the long-distance match finder.
const hashBits = 20

func hash4(b []byte) uint32 {
	return (uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24) * 2654435761 >> (32 - hashBits)
}

// insert records positions [from, to) in the hash table.
func (e *encoder) insert(from, to int) {
	for p := from; p < to && p+4 <= len(e.data); p++ {
		e.heads[hash4(e.data[p:])] = int32(p + 1)
	}
}

// Encode compresses data.
func Encode(data []byte, o Options) Result {
	if o.BlockSize == 0 {
		o.BlockSize = 64 << 10
	}
	if len(o.Kinds) == 0 {
		o.Kinds = []int{Verbatim}
	}
	e := &encoder{o: o, slots: slots.Count(o.WindowBits)}
	e.data = preprocessE8(data, o.E8Size)
	seg := len(data)
	if o.ResetFrames > 0 {
		seg = o.ResetFrames * frameSize
	}
	e.frameEnd = min(frameSize, len(data))
	kind := 0
	for start := 0; start < len(data); start += seg {
		end := min(start+seg, len(data))
		e.r = [3]int{1, 1, 1}
		e.heads = make([]int32, 1<<hashBits)
		e.mainLens = make([]uint8, 256+8*e.slots)
		e.lenLens = make([]uint8, 249)
		if o.E8Size != 0 {
			e.w.bits(1, 1)
			e.w.bits(o.E8Size>>16, 16)
			e.w.bits(o.E8Size&0xFFFF, 16)
		} else {
			e.w.bits(0, 1)
		}
		for b := start; b < end; b += o.BlockSize {
			bend := min(b+o.BlockSize, end)
			switch k := o.Kinds[kind%len(o.Kinds)]; k {
			case Uncompressed:
				e.uncompressed(b, bend)
			default:
				e.compressed(k, b, bend, start)
			}
			kind++
		}
	}
	e.w.align()
	e.res.Stream = e.w.out
	return e.res
}

// advance records that the output reached pos: at the end of a frame the
// bitstream is padded to a word.
func (e *encoder) advance(pos int) {
	if pos >= e.frameEnd && e.frameEnd > e.frameStart {
		e.w.align()
		e.res.FrameEnds = append(e.res.FrameEnds, len(e.w.out))
		e.frameStart = e.frameEnd
		e.frameEnd = min(e.frameEnd+frameSize, len(e.data))
	}
}

func (e *encoder) blockHeader(kind, size int) {
	e.w.bits(uint32(kind), 3)
	e.w.bits(uint32(size)>>8, 16)
	e.w.bits(uint32(size)&0xFF, 8)
}

func (e *encoder) uncompressed(b, end int) {
	e.blockHeader(Uncompressed, end-b)
	e.w.alignRaw()
	for _, r := range e.r {
		e.w.out = binary.LittleEndian.AppendUint32(e.w.out, uint32(r))
	}
	for i := b; i < end; i++ {
		e.w.out = append(e.w.out, e.data[i])
		if (end-b)%2 == 1 && i == end-1 {
			e.w.out = append(e.w.out, 0)
		}
		e.advance(i + 1)
	}
}

// symbol is one coded item of a compressed block.
type symbol struct {
	main     int
	lenFoot  int // -1 if none
	extra    uint32
	extraLen uint
	aligned  int // -1 if none
	size     int // bytes of output
}

func (e *encoder) compressed(kind, b, end, segStart int) {
	var syms []symbol
	mainFreq := make([]int, 256+8*e.slots)
	lenFreq := make([]int, 249)
	alFreq := make([]int, 8)
	for pos := b; pos < end; {
		length, off := e.match(pos, end, segStart)
		if length == 0 {
			syms = append(syms, symbol{main: int(e.data[pos]), lenFoot: -1, aligned: -1, size: 1})
			mainFreq[e.data[pos]]++
			e.insert(pos, pos+1)
			pos++
			continue
		}
		e.insert(pos, pos+length)
		s := symbol{lenFoot: -1, aligned: -1, size: length}
		slot := -1
		for i, r := range e.r {
			if r == off {
				slot = i
				break
			}
		}
		switch slot {
		case 0:
		case 1:
			e.r[0], e.r[1] = e.r[1], e.r[0]
		case 2:
			e.r[0], e.r[2] = e.r[2], e.r[0]
		default:
			f := uint32(off + 2)
			slot = 3
			for slot+1 < e.slots && slots.Base[slot+1] <= f {
				slot++
			}
			v := f - slots.Base[slot]
			x := uint(slots.ExtraBits[slot])
			if kind == Aligned && x >= 3 {
				s.extra, s.extraLen, s.aligned = v>>3, x-3, int(v&7)
				alFreq[s.aligned]++
			} else {
				s.extra, s.extraLen = v, x
			}
			e.r[2], e.r[1], e.r[0] = e.r[1], e.r[0], off
		}
		h := min(length-2, 7)
		if h == 7 {
			s.lenFoot = length - 9
			lenFreq[s.lenFoot]++
		}
		s.main = 256 + slot*8 + h
		mainFreq[s.main]++
		syms = append(syms, s)
		pos += length
	}
	mainLens := huffLens(mainFreq, 16)
	lenLens := huffLens(lenFreq, 16)
	if !anyUsed(lenFreq) {
		lenLens = make([]uint8, 249)
	}
	e.blockHeader(kind, end-b)
	var alLens []uint8
	if kind == Aligned {
		alLens = huffLens(alFreq, 7)
		for _, l := range alLens {
			e.w.bits(uint32(l), 3)
		}
	}
	e.writeLengths(e.mainLens[:256], mainLens[:256])
	e.writeLengths(e.mainLens[256:], mainLens[256:])
	e.writeLengths(e.lenLens, lenLens)
	copy(e.mainLens, mainLens)
	copy(e.lenLens, lenLens)
	mc, lc, ac := codes(mainLens), codes(lenLens), codes(alLens)
	pos := b
	for _, s := range syms {
		e.w.bits(mc[s.main], uint(mainLens[s.main]))
		if s.lenFoot >= 0 {
			e.w.bits(lc[s.lenFoot], uint(lenLens[s.lenFoot]))
		}
		if s.extraLen > 0 {
			e.w.bits(s.extra, s.extraLen)
		}
		if s.aligned >= 0 {
			e.w.bits(ac[s.aligned], uint(alLens[s.aligned]))
		}
		pos += s.size
		e.advance(pos)
	}
}

func anyUsed(f []int) bool {
	for _, v := range f {
		if v > 0 {
			return true
		}
	}
	return false
}

// writeLengths codes lens as changes from prev through a pretree.
func (e *encoder) writeLengths(prev, lens []uint8) {
	type item struct {
		code, extra int
		extraLen    uint
		second      int // code after a 19, or -1
	}
	var items []item
	delta := func(i int, v uint8) int { return (int(prev[i]) - int(v) + 17) % 17 }
	for i := 0; i < len(lens); {
		run := 1
		for i+run < len(lens) && lens[i+run] == lens[i] {
			run++
		}
		switch {
		case lens[i] == 0 && run >= 20:
			run = min(run, 51)
			items = append(items, item{18, run - 20, 5, -1})
		case lens[i] == 0 && run >= 4:
			run = min(run, 19)
			items = append(items, item{17, run - 4, 4, -1})
		case run >= 4:
			run = min(run, 5)
			items = append(items, item{19, run - 4, 1, delta(i, lens[i])})
		default:
			run = 1
			items = append(items, item{delta(i, lens[i]), 0, 0, -1})
		}
		i += run
	}
	freq := make([]int, 20)
	for _, it := range items {
		freq[it.code]++
		if it.second >= 0 {
			freq[it.second]++
		}
	}
	pl := huffLens(freq, 15)
	for _, l := range pl {
		e.w.bits(uint32(l), 4)
	}
	pc := codes(pl)
	for _, it := range items {
		e.w.bits(pc[it.code], uint(pl[it.code]))
		if it.extraLen > 0 {
			e.w.bits(uint32(it.extra), it.extraLen)
		}
		if it.second >= 0 {
			e.w.bits(pc[it.second], uint(pl[it.second]))
		}
	}
}

// match finds a match at pos, within the block (end) and the reset
// segment (segStart): a repeated offset if one matches, else the longest
// of a short brute-force search.
func (e *encoder) match(pos, end, segStart int) (length, off int) {
	if e.o.Literals {
		return 0, 0
	}
	win := 1 << e.o.WindowBits
	maxLen := min(257, end-pos)
	// The decoder holds a frame and what a match overruns in its window.
	maxLen = min(maxLen, win-pos%frameSize)
	if maxLen < 2 {
		return 0, 0
	}
	try := func(o int) int {
		if o < 1 || o > pos-segStart || o > win-3 {
			return 0
		}
		n := 0
		for n < maxLen && e.data[pos+n] == e.data[pos+n-o] {
			n++
		}
		return n
	}
	for _, r := range e.r {
		if n := try(r); n >= 3 {
			return n, r
		}
	}
	best, bestOff := 0, 0
	if pos+4 <= len(e.data) {
		if c := int(e.heads[hash4(e.data[pos:])]) - 1; c >= 0 {
			if n := try(pos - c); n > best {
				best, bestOff = n, pos-c
			}
		}
	}
	for o := 1; o <= min(pos-segStart, win-3, 512); o++ {
		if e.data[pos] != e.data[pos-o] {
			continue
		}
		if n := try(o); n > best {
			best, bestOff = n, o
			if n == maxLen {
				break
			}
		}
	}
	if best < 3 {
		return 0, 0
	}
	return best, bestOff
}

// preprocessE8 returns data with the operands of E8 bytes turned from
// relative into absolute addresses, as the decoder expects.
func preprocessE8(data []byte, size uint32) []byte {
	out := append([]byte(nil), data...)
	if size == 0 {
		return out
	}
	sz := int32(size)
	for fs := 0; fs < len(out) && fs/frameSize < 32768; fs += frameSize {
		f := out[fs:min(fs+frameSize, len(out))]
		if len(f) <= 10 {
			continue
		}
		for i := 0; i < len(f)-10; i++ {
			if f[i] != 0xE8 {
				continue
			}
			cur := int32(fs + i)
			rel := int32(binary.LittleEndian.Uint32(f[i+1:]))
			if rel >= -cur && rel < sz {
				abs := rel - sz
				if rel < sz-cur {
					abs = rel + cur
				}
				binary.LittleEndian.PutUint32(f[i+1:], uint32(abs))
			}
			i += 4
		}
	}
	return out
}
