package sevenz

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/ulikunitz/xz/lzma"

	"github.com/overt-sec/overt/content"
)

// Limits on what a 7z header may declare, checked before the archive is
// handed to the library (which allocates what the header asks for).
const (
	// MaxDictSize bounds the memory one coder may ask for (an LZMA or
	// LZMA2 dictionary, a PPMd model): 7-Zip's ultra preset uses 64 MiB,
	// and a decoder allocates its dictionary in full before reading a
	// byte, so a forged size would cost gigabytes.
	MaxDictSize = 128 << 20
	// MaxHeaderSize bounds the (decoded) header, held in memory whole: it
	// holds ~100 bytes per file, so this is over a million files.
	MaxHeaderSize = 128 << 20
	// MaxFiles bounds the file and substream counts: the library allocates
	// a record per declared file up front; content.DefaultMaxEntries is ten
	// times smaller.
	MaxFiles = 1 << 20
	// MaxStreams bounds pack streams and folders, one per file at most in
	// practice.
	MaxStreams = MaxFiles
	// MaxCoders bounds the coders and streams of one folder: 7-Zip itself
	// accepts at most 64; real archives use up to four (BCJ2 + LZMA×3).
	MaxCoders = 64
)

// sigHeaderLen is the length of the signature header that starts a 7z file.
const sigHeaderLen = 32

// Coder ids whose memory needs the check bounds.
var (
	coderCopy  = []byte{0x00}
	coderLZMA  = []byte{0x03, 0x01, 0x01}
	coderLZMA2 = []byte{0x21}
	coderPPMd  = []byte{0x03, 0x04, 0x01}
	coderAES   = []byte{0x06, 0xf1, 0x07, 0x01}
)

// errUnchecked marks a header whose coders the check cannot decode (an
// encrypted header): the library reports it.
var errUnchecked = errors.New("7z header cannot be checked")

// checkArchive reads the 7z headers of r and returns an error wrapping
// errRefused when they declare more than the limits allow, errUnchecked
// when the header is encrypted, or another error when they are malformed.
// A header compressed with LZMA or LZMA2 (the usual kEncodedHeader) is
// decoded here, under the limits, and checked too.
func checkArchive(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget) error {
	var sig [sigHeaderLen]byte
	if _, err := r.ReadAt(sig[:], 0); err != nil {
		return fmt.Errorf("7z signature header: %w", err)
	}
	if crc32.ChecksumIEEE(sig[12:32]) != le32(sig[8:]) {
		return errors.New("7z signature header: checksum mismatch")
	}
	off := binary.LittleEndian.Uint64(sig[12:])
	n := binary.LittleEndian.Uint64(sig[20:])
	avail := uint64(size - sigHeaderLen)
	if off > avail || n > avail-off {
		return fmt.Errorf("7z next header (%d bytes at %d) is beyond the end of the file (%d bytes)", n, off, size)
	}
	if n == 0 {
		return nil // an empty archive
	}
	if n > MaxHeaderSize {
		return fmt.Errorf("%w: header is %d bytes, limit %d", errRefused, n, MaxHeaderSize)
	}
	h := make([]byte, n)
	if _, err := r.ReadAt(h, sigHeaderLen+int64(off)); err != nil {
		return fmt.Errorf("7z header: %w", err)
	}
	if crc32.ChecksumIEEE(h) != le32(sig[28:]) {
		return errors.New("7z header: checksum mismatch")
	}
	hr := &hreader{b: h}
	id, err := hr.byte()
	if err != nil {
		return err
	}
	if id == idEncodedHeader {
		si, err := hr.streams()
		if err != nil {
			return err
		}
		if err := checkStreams(si, size); err != nil {
			return err
		}
		if h, err = decodeHeader(ctx, r, size, si, b); err != nil {
			return err
		}
		hr = &hreader{b: h}
		if id, err = hr.byte(); err != nil {
			return err
		}
	}
	if id != idHeader {
		return fmt.Errorf("7z header: starts with property %#x", id)
	}
	main, _, err := hr.header() // the file count is bounded as it is read
	if err != nil {
		return err
	}
	if main != nil {
		if err := checkStreams(main, size); err != nil {
			return err
		}
	}
	return nil
}

// checkStreams checks the coders of every folder and the pack streams'
// extent.
func checkStreams(si *streamsInfo, size int64) error {
	end := si.packPos
	if end > uint64(size) {
		return fmt.Errorf("7z pack streams start beyond the end of the file (%d bytes)", size)
	}
	for _, p := range si.packSizes {
		end += p
		if end < p || end > uint64(size) {
			return fmt.Errorf("7z pack streams end beyond the end of the file (%d bytes)", size)
		}
	}
	for i := range si.folders {
		for _, c := range si.folders[i].coders {
			if err := checkCoder(c); err != nil {
				return fmt.Errorf("folder %d: %w", i, err)
			}
		}
	}
	return nil
}

// checkCoder refuses a coder whose properties ask for more memory than
// MaxDictSize.
func checkCoder(c coderInfo) error {
	var need uint64
	switch {
	case bytes.Equal(c.id, coderLZMA):
		if len(c.props) < 5 {
			return errors.New("LZMA coder: short properties")
		}
		// The decoder allocates no more than the output it will produce.
		need = min(uint64(le32(c.props[1:])), c.unpackLen)
	case bytes.Equal(c.id, coderLZMA2):
		if len(c.props) < 1 {
			return errors.New("LZMA2 coder: short properties")
		}
		if c.props[0] > 40 {
			return fmt.Errorf("LZMA2 coder: dictionary code %d is invalid", c.props[0])
		}
		need = lzma2Dict(c.props[0])
	case bytes.Equal(c.id, coderPPMd):
		if len(c.props) < 5 {
			return errors.New("PPMd coder: short properties")
		}
		need = uint64(le32(c.props[1:]))
	}
	if need > MaxDictSize {
		return fmt.Errorf("%w: coder %x asks for %d bytes of memory, limit %d", errRefused, c.id, need, MaxDictSize)
	}
	return nil
}

// lzma2Dict is the dictionary size an LZMA2 property byte p (≤ 40) stands
// for: (2 | p&1) << (p/2 + 11).
func lzma2Dict(p byte) uint64 {
	if p == 40 {
		return 1<<32 - 1
	}
	return uint64(2|p&1) << (p/2 + 11)
}

// decodeHeader decodes an encoded header: one folder of one LZMA, LZMA2
// or Copy coder over one pack stream, whose coders checkStreams accepted.
func decodeHeader(ctx context.Context, r io.ReaderAt, size int64, si *streamsInfo, b *content.Budget) ([]byte, error) {
	if len(si.folders) != 1 || len(si.packSizes) < 1 {
		return nil, fmt.Errorf("7z encoded header: %d folders, %d pack streams", len(si.folders), len(si.packSizes))
	}
	f := si.folders[0]
	for _, c := range f.coders {
		if bytes.Equal(c.id, coderAES) {
			return nil, errUnchecked
		}
	}
	if len(f.coders) != 1 || f.numOut != 1 {
		return nil, fmt.Errorf("7z encoded header: %d coders are not supported", len(f.coders))
	}
	c := f.coders[0]
	ulen := c.unpackLen
	if ulen > MaxHeaderSize {
		return nil, fmt.Errorf("%w: encoded header is %d bytes, limit %d", errRefused, ulen, MaxHeaderSize)
	}
	packed := io.NewSectionReader(r, sigHeaderLen+int64(si.packPos), int64(si.packSizes[0]))
	var dec io.Reader
	switch {
	case bytes.Equal(c.id, coderCopy):
		dec = packed
	case bytes.Equal(c.id, coderLZMA):
		// lzma.Reader wants the .lzma file header: properties, dictionary
		// size, then the unpacked size.
		hdr := make([]byte, 0, lzma.HeaderLen)
		hdr = append(hdr, c.props[:5]...)
		hdr = binary.LittleEndian.AppendUint64(hdr, ulen)
		lr, err := lzma.ReaderConfig{DictCap: MaxDictSize}.NewReader(io.MultiReader(bytes.NewReader(hdr), packed))
		if err != nil {
			return nil, fmt.Errorf("7z encoded header: %w", err)
		}
		dec = lr
	case bytes.Equal(c.id, coderLZMA2):
		dict := max(lzma2Dict(c.props[0]), lzma.MinDictCap)
		lr, err := lzma.Reader2Config{DictCap: int(min(dict, MaxDictSize))}.NewReader2(packed)
		if err != nil {
			return nil, fmt.Errorf("7z encoded header: %w", err)
		}
		dec = lr
	default:
		return nil, fmt.Errorf("7z encoded header: coder %x is not supported", c.id)
	}
	// ReadAll grows with what is decoded, not with the declared size.
	h, err := io.ReadAll(io.LimitReader(b.Reader(ctx, dec), int64(ulen)))
	if err != nil {
		if errors.Is(err, content.ErrLimit) || ctx.Err() != nil {
			return nil, err
		}
		return nil, fmt.Errorf("7z encoded header: %w", err)
	}
	if uint64(len(h)) != ulen {
		return nil, fmt.Errorf("7z encoded header: %d bytes decoded, %d declared", len(h), ulen)
	}
	return h, nil
}
