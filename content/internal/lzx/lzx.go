// Package lzx decompresses LZX, the LZ77 and Huffman method of Microsoft
// cabinets (compression type 3) and of CHM help files (the LZXC transform of
// their MSCompressed section), written from Microsoft's public description
// of the format.
//
// The compressed data is a bitstream of blocks (verbatim, aligned offset,
// uncompressed) that yields output in frames of 32 KiB; the bitstream is
// padded to a 16-bit boundary after every frame. A Decoder is fed the
// whole stream through one Input and asked for one frame at a time: a
// cabinet's CFDATA blocks are its frames, a CHM's content is cut into
// FrameSize frames and the decoder state is reset every few frames.
//
// Hostile input is expected: the window is at most 2 MiB, a frame at most
// FrameSize bytes, and corrupt trees, offsets or lengths are errors, never
// panics.
package lzx

import (
	"errors"
	"fmt"

	"github.com/overt-sec/overt/content/internal/lzx/slots"
)

// Sizes of the format.
const (
	// FrameSize is the uncompressed size of every frame but the last.
	FrameSize = 32 << 10
	// MinWindowBits and MaxWindowBits bound the window, 32 KiB to 2 MiB:
	// the sizes cabinets and CHM files use.
	MinWindowBits = 15
	MaxWindowBits = 21
	// maxMatch is the longest match: 2 + 7 + 248.
	maxMatch = 257
	// numChars is the number of literal symbols of the main tree.
	numChars = 256
	// numLengths is the size of the length tree.
	numLengths = 249
	// numAligned is the size of the aligned offset tree.
	numAligned = 8
	// numPre is the size of the pretree that codes the other trees' lengths.
	numPre = 20
	// maxSlots is the number of position slots of the largest window.
	maxSlots = slots.Max
	// e8Frames is how many frames get the E8 call translation: only the
	// first 1 GiB of output.
	e8Frames = 32768
)

// Block types.
const (
	blockVerbatim     = 1
	blockAligned      = 2
	blockUncompressed = 3
)

// ErrCorrupt is wrapped by every error about malformed compressed data.
var ErrCorrupt = errors.New("lzx: corrupt data")

// Decoder decodes one LZX stream frame by frame.
type Decoder struct {
	br          bitReader
	window      []byte
	mask        int
	slots       int
	resetFrames int   // frames between state resets, 0 for never
	frames      int64 // frames decoded
	total       int64 // bytes decoded before the current frame
	frameStart  int   // window position of the current frame
	ahead       int   // bytes decoded past frameStart (a match may overrun a frame)

	headerRead bool
	e8Size     int32 // E8 translation size; 0 when off

	blockType  int
	blockSize  int
	blockLeft  int
	padPending bool // an odd-sized uncompressed block's padding byte is unread
	r0, r1, r2 int

	mainLens [numChars + 8*maxSlots]uint8
	lenLens  [numLengths]uint8
	main     huffman
	length   huffman
	aligned  huffman
	pre      huffman

	out []byte
	err error
}

// NewDecoder returns a decoder of the LZX stream in in, with a window of
// 2^windowBits bytes, whose state is reset every resetFrames frames (CHM;
// 0 never resets, as in a cabinet folder).
func NewDecoder(in Input, windowBits, resetFrames int) (*Decoder, error) {
	d := &Decoder{}
	if err := d.Reset(in, windowBits, resetFrames); err != nil {
		return nil, err
	}
	return d, nil
}

// Reset makes d a decoder of a new stream, as NewDecoder does, reusing its
// memory: a cabinet of many LZX folders decodes them all with one window.
func (d *Decoder) Reset(in Input, windowBits, resetFrames int) error {
	if windowBits < MinWindowBits || windowBits > MaxWindowBits {
		return fmt.Errorf("lzx: window of 2^%d bytes is outside 2^%d..2^%d", windowBits, MinWindowBits, MaxWindowBits)
	}
	if resetFrames < 0 {
		return fmt.Errorf("lzx: negative reset interval %d", resetFrames)
	}
	window, out := d.window, d.out
	if cap(window) < 1<<windowBits {
		window = make([]byte, 1<<windowBits)
	}
	if out == nil {
		out = make([]byte, FrameSize)
	}
	// The window's old content is never read: a match reaching before the
	// start of the stream is an error.
	*d = Decoder{
		window:      window[:1<<windowBits],
		mask:        1<<windowBits - 1,
		slots:       slots.Count(windowBits),
		resetFrames: resetFrames,
		out:         out,
		main:        d.main,
		length:      d.length,
		aligned:     d.aligned,
		pre:         d.pre,
	}
	d.br.init(in)
	d.reset()
	return nil
}

// reset returns the state to that of the start of a stream, but for the
// window and position, which go on.
func (d *Decoder) reset() {
	d.headerRead = false
	d.e8Size = 0
	d.blockType, d.blockSize, d.blockLeft = 0, 0, 0
	d.r0, d.r1, d.r2 = 1, 1, 1
	d.mainLens = [len(d.mainLens)]uint8{}
	d.lenLens = [numLengths]uint8{}
}

// Resume sets a decoder fresh from Reset to decode from frame frames of
// a stream on, a reset point where the caller placed its input (a CHM
// decoder skipping a damaged frame): frames are counted from there, as
// is the output offset that the E8 translation uses.
func (d *Decoder) Resume(frames int64) {
	d.frames = frames
	d.total = frames * FrameSize
}

// Offset returns how many bytes the decoder has produced.
func (d *Decoder) Offset() int64 { return d.total }

// Frame decodes the next frame, of size bytes (FrameSize but for the last
// frame of a stream or a cabinet folder), and returns it; the slice is
// valid until the next call. An error is sticky.
func (d *Decoder) Frame(size int) ([]byte, error) {
	if d.err != nil {
		return nil, d.err
	}
	out, err := d.frame(size)
	if err != nil {
		d.err = fmt.Errorf("%w: frame %d (output offset %d, input offset %d): %w", ErrCorrupt, d.frames, d.total, d.br.inBytes, err)
		return nil, d.err
	}
	return out, nil
}

func (d *Decoder) frame(size int) ([]byte, error) {
	if size <= 0 || size > FrameSize {
		return nil, fmt.Errorf("frame size %d is outside 1..%d", size, FrameSize)
	}
	if d.resetFrames > 0 && d.frames > 0 && d.frames%int64(d.resetFrames) == 0 {
		if d.blockLeft != 0 {
			return nil, fmt.Errorf("a block runs %d bytes past a reset point", d.blockLeft)
		}
		d.skipPadding()
		d.reset()
	}
	if !d.headerRead {
		if err := d.readHeader(); err != nil {
			return nil, err
		}
	}
	for d.ahead < size {
		if d.blockLeft == 0 {
			if err := d.readBlockHeader(); err != nil {
				return nil, err
			}
			continue
		}
		var err error
		if d.blockType == blockUncompressed {
			err = d.copyRaw(size)
		} else {
			err = d.decodeSymbols(size)
		}
		if err != nil {
			return nil, err
		}
	}
	out := d.out[:size]
	n := copy(out, d.window[d.frameStart:min(d.frameStart+size, len(d.window))])
	copy(out[n:], d.window)
	if d.e8Size != 0 && d.frames < e8Frames && size > 10 {
		translateE8(out, d.total, d.e8Size)
	}
	d.frameStart = (d.frameStart + size) & d.mask
	d.ahead -= size
	d.frames++
	d.total += int64(size)
	d.br.align()
	return out, nil
}

// readHeader reads the E8 translation header at the start of a stream and
// after each reset.
func (d *Decoder) readHeader() error {
	on, err := d.br.read(1)
	if err != nil {
		return err
	}
	if on == 1 {
		hi, err := d.br.read(16)
		if err != nil {
			return err
		}
		lo, err := d.br.read(16)
		if err != nil {
			return err
		}
		d.e8Size = int32(hi<<16 | lo)
	}
	d.headerRead = true
	return nil
}

// skipPadding consumes the byte that pads an odd-sized uncompressed block,
// if one is due.
func (d *Decoder) skipPadding() {
	if d.padPending {
		d.padPending = false
		var b [1]byte
		d.br.raw(b[:]) // a missing final pad byte is not an error
	}
}
