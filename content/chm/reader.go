package chm

import (
	"bufio"
	"io"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/lzx"
)

// inputBuffer is the read buffer of the compressed stream.
const inputBuffer = 64 << 10

// sectionReader reads the decompressed MSCompressed section, FrameSize
// bytes at a time. When a frame fails to decode it resumes at the next
// reset point the reset table locates: the bytes in between read as zeros
// and are reported, so that the files after the damage are still found.
type sectionReader struct {
	src     io.ReaderAt
	sec     *section
	b       *content.Budget
	in      *bufio.Reader
	dec     *lzx.Decoder
	frame   uint64 // index of the next frame
	total   uint64 // decompressed length
	rest    []byte
	hole    uint64 // zero bytes still to hand out
	current string // the file being read, for events
}

func newSectionReader(src io.ReaderAt, sec *section, total uint64, b *content.Budget) (*sectionReader, error) {
	in := bufio.NewReaderSize(io.NewSectionReader(src, sec.start, sec.length), inputBuffer)
	dec, err := lzx.NewDecoder(in, sec.windowBits, sec.resetFrames)
	if err != nil {
		return nil, err
	}
	return &sectionReader{src: src, sec: sec, b: b, in: in, dec: dec, total: total}, nil
}

// Read implements io.Reader.
func (s *sectionReader) Read(p []byte) (int, error) {
	for len(s.rest) == 0 && s.hole == 0 {
		pos := s.frame * lzx.FrameSize
		if pos >= s.total {
			return 0, io.EOF
		}
		f, err := s.dec.Frame(int(min(lzx.FrameSize, s.total-pos)))
		if err != nil {
			if !s.resync(err) {
				return 0, err
			}
			continue
		}
		s.rest = f
		s.frame++
	}
	if s.hole > 0 {
		n := int(min(uint64(len(p)), s.hole))
		clear(p[:n])
		s.hole -= uint64(n)
		return n, nil
	}
	n := copy(p, s.rest)
	s.rest = s.rest[n:]
	return n, nil
}

// resync restarts decoding at the reset point after the damaged frame,
// if the reset table gives one inside the section.
func (s *sectionReader) resync(cause error) bool {
	rf := uint64(s.sec.resetFrames)
	next := (s.frame/rf + 1) * rf
	if next > s.total/lzx.FrameSize {
		return false
	}
	off, ok := s.sec.resets.frameStart(s.src, next)
	if !ok || off >= uint64(s.sec.length) {
		return false
	}
	s.in.Reset(io.NewSectionReader(s.src, s.sec.start+int64(off), s.sec.length-int64(off)))
	if s.dec.Reset(s.in, s.sec.windowBits, s.sec.resetFrames) != nil {
		return false
	}
	s.dec.Resume(int64(next))
	lost := (next - s.frame) * lzx.FrameSize
	s.b.Event(content.EventCorrupt, s.current, "chm: %v; %d bytes lost, decoding resumed at the next reset point", cause, lost)
	s.hole = lost
	s.frame = next
	return true
}
