package lzx

import "io"

// Reader is an io.Reader of a whole LZX stream of known length, cut into
// FrameSize frames.
type Reader struct {
	d    *Decoder
	left int64 // output bytes not decoded yet
	rest []byte
}

// NewReader returns a reader of the length bytes the LZX stream in in
// decodes to (window 2^windowBits, state reset every resetFrames frames,
// 0 for never).
func NewReader(in Input, windowBits, resetFrames int, length int64) (*Reader, error) {
	d, err := NewDecoder(in, windowBits, resetFrames)
	if err != nil {
		return nil, err
	}
	return &Reader{d: d, left: length}, nil
}

// Read implements io.Reader.
func (r *Reader) Read(p []byte) (int, error) {
	for len(r.rest) == 0 {
		if r.left <= 0 {
			return 0, io.EOF
		}
		f, err := r.d.Frame(int(min(r.left, FrameSize)))
		if err != nil {
			return 0, err
		}
		r.left -= int64(len(f))
		r.rest = f
	}
	n := copy(p, r.rest)
	r.rest = r.rest[n:]
	return n, nil
}
