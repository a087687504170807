// Package nsis opens Nullsoft Scriptable Install System (NSIS) installers
// for --unpack: the data the installer extracts, and its compiled script
// header.
//
// Layout (NSIS 2 and 3, learnt from the files): the stub executable is
// followed, at a 512-byte boundary, by the first header — flags (4 bytes),
// 0xDEADBEEF, "NullsoftInst", the uncompressed size of the script header
// and the archive length counted from the first header, CRC included. Then
// either
//
//   - per-block ("non-solid") data: the script header block, then one block
//     per file, each prefixed by a 4-byte size whose top bit says the block
//     is compressed; or
//   - one compressed ("solid") stream holding the same blocks, each
//     prefixed by its 4-byte uncompressed size.
//
// A 4-byte CRC may end the archive. Compression is raw deflate, LZMA (a
// properties byte, a 4-byte dictionary size, no size field; NSIS 3 may put
// a filter flag byte first) or NSIS's own bzip2 variant (reported as
// unsupported). The header is yielded as "#header" and each data block
// under the name the script's ExtractFile instruction gives it, or
// "#block-N" when the script does not name it.
package nsis

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
	"github.com/overt-sec/overt/content/internal/iox"
)

func init() { exe.Register(exe.Handler{Name: "nsis", Extract: Extract}) }

// Limits, each with its reason.
const (
	// MaxHeader bounds the script header held in memory to read file
	// names; large installers' headers are a few hundred KiB.
	MaxHeader = 32 << 20
	// MaxProbes is how many 512-byte boundaries after the end of the PE
	// sections are checked for the first header: the NSIS compiler writes
	// it at the first one, a stub with extra padding moves it a little;
	// looking further would cost every PE scanned a read per probe.
	MaxProbes = 16
)

const (
	firstHeaderLen = 28
	probeAlign     = 512
	signature      = 0xDEADBEEF
	magic          = "NullsoftInst"
	flagCompressed = 0x80000000 // top bit of a block size
)

// firstHeader is the header that follows the stub.
type firstHeader struct {
	off        int64  // file offset of the first header
	flags      uint32 // uninstaller, silent, CRC options
	hdrSize    int64  // uncompressed size of the script header
	archiveLen int64  // bytes from off to the archive's end
}

// find looks for the first header at the overlay and the next 512-byte
// boundaries.
func find(f *exe.File) (firstHeader, bool) {
	off := f.Overlay
	var buf [firstHeaderLen]byte
	for i := 0; i <= MaxProbes && off+firstHeaderLen <= f.Size; i++ {
		if n, _ := f.R.ReadAt(buf[:], off); n == firstHeaderLen {
			le := binary.LittleEndian
			if le.Uint32(buf[4:]) == signature && string(buf[8:20]) == magic {
				return firstHeader{
					off:        off,
					flags:      le.Uint32(buf[:]),
					hdrSize:    int64(le.Uint32(buf[20:])),
					archiveLen: int64(le.Uint32(buf[24:])),
				}, true
			}
		}
		off = (off/probeAlign + 1) * probeAlign
	}
	return firstHeader{}, false
}

// Extract is the exe.Handler of NSIS installers.
func Extract(ctx context.Context, f *exe.File, b *content.Budget, yield func(string, io.Reader) error) (bool, error) {
	fh, ok := find(f)
	if !ok {
		return false, nil
	}
	end := fh.off + fh.archiveLen
	if fh.archiveLen < firstHeaderLen || end > f.Size {
		b.Event(content.EventCorrupt, "", "nsis: archive length %d at offset %d runs past the end of the file (%d bytes)", fh.archiveLen, fh.off, f.Size)
		end = f.Size
	}
	a := &archive{f: f, b: b, fh: fh, start: fh.off + firstHeaderLen, end: end, yield: yield}
	if a.start+4 > end {
		b.Event(content.EventCorrupt, "", "nsis: no data after the first header at offset %d", fh.off)
		return true, nil
	}
	if ok, err := a.blocks(ctx); ok || err != nil {
		return true, err
	}
	return true, a.solid(ctx)
}

// archive is one installer being extracted.
type archive struct {
	f          *exe.File
	b          *content.Budget
	fh         firstHeader
	start, end int64 // the data after the first header
	yield      func(string, io.Reader) error
	method     method
	names      map[uint32]string
}

// u32 reads a little-endian word at off.
func (a *archive) u32(off int64) (uint32, bool) {
	var p [4]byte
	if off+4 > a.end {
		return 0, false
	}
	if n, _ := a.f.R.ReadAt(p[:], off); n < 4 {
		return 0, false
	}
	return binary.LittleEndian.Uint32(p[:]), true
}

// sniffAt guesses the method of the compressed bytes at off.
func (a *archive) sniffAt(off int64) method {
	var p [8]byte
	n, _ := a.f.R.ReadAt(p[:min(int64(len(p)), max(a.end-off, 0))], off)
	return sniffMethod(p[:n])
}

// header reads the script header of hdrSize bytes from r (the header
// block's content), yields it and reads the file names from it.
func (a *archive) header(r io.Reader) error {
	if a.fh.hdrSize > MaxHeader {
		a.b.Event(content.EventLimit, "#header", "nsis: script header of %d bytes exceeds the limit (%d): files are not named", a.fh.hdrSize, MaxHeader)
		return nil
	}
	hdr := make([]byte, a.fh.hdrSize)
	n, err := io.ReadFull(r, hdr)
	hdr = hdr[:n]
	if err != nil {
		a.b.Event(content.EventCorrupt, "#header", "nsis: script header: read %d of %d bytes: %v", n, a.fh.hdrSize, err)
	}
	a.names = fileNames(hdr)
	return a.yieldBytes("#header", hdr)
}

func (a *archive) yieldBytes(name string, p []byte) error {
	return a.yield(name, &byteReader{p: p})
}

// byteReader is a minimal bytes.Reader (kept local so the yielded reader
// cannot be type-asserted into the header buffer's owner).
type byteReader struct{ p []byte }

func (r *byteReader) Read(b []byte) (int, error) {
	if len(r.p) == 0 {
		return 0, io.EOF
	}
	n := copy(b, r.p)
	r.p = r.p[n:]
	return n, nil
}

// name returns the name of the data block at dataOff, the index-th.
func (a *archive) name(dataOff int64, index int) string {
	if dataOff >= 0 && dataOff <= 1<<32-1 {
		if n, ok := a.names[uint32(dataOff)]; ok {
			return n
		}
	}
	return fmt.Sprintf("#block-%d", index)
}

// blocks extracts a non-solid archive; it returns false, having yielded
// nothing, when the data is not laid out in blocks.
func (a *archive) blocks(ctx context.Context) (bool, error) {
	v, _ := a.u32(a.start)
	n := int64(v &^ flagCompressed)
	if a.start+4+n > a.end {
		return false, nil
	}
	var hr io.Reader = io.NewSectionReader(a.f.R, a.start+4, n)
	if v&flagCompressed != 0 {
		a.method = a.sniffAt(a.start + 4)
		dr, err := decompressor(a.method, io.NewSectionReader(a.f.R, a.start+4, n), a.fh.hdrSize)
		if err != nil {
			if errors.Is(err, errUnsupported) {
				a.b.Event(content.EventUnsupported, "", "nsis: %v", err)
				return true, nil
			}
			return false, nil
		}
		hr = dr
		a.noteFilter()
	} else if n != a.fh.hdrSize {
		return false, nil
	}
	// Check the header decodes to its announced size before committing.
	if a.fh.hdrSize <= MaxHeader {
		hdr := make([]byte, a.fh.hdrSize)
		k, _ := io.ReadFull(hr, hdr)
		if int64(k) != a.fh.hdrSize {
			return false, nil
		}
		hr = &byteReader{p: hdr}
	}
	if err := a.header(hr); err != nil {
		return true, err
	}
	dataStart := a.start + 4 + n
	pos := dataStart
	for i := 0; a.end-pos >= 4; i++ {
		if err := ctx.Err(); err != nil {
			return true, err
		}
		if err := a.b.Err(); err != nil {
			return true, err
		}
		v, _ := a.u32(pos)
		n := int64(v &^ flagCompressed)
		name := a.name(pos-dataStart, i)
		if pos+4+n > a.end {
			if a.end-pos > 4 { // exactly 4 left: the CRC
				a.b.Event(content.EventCorrupt, name, "nsis: block of %d bytes at offset %d runs past the archive end", n, pos)
			}
			break
		}
		var rd io.Reader = io.NewSectionReader(a.f.R, pos+4, n)
		if v&flagCompressed != 0 {
			dr, err := decompressor(a.method, io.NewSectionReader(a.f.R, pos+4, n), -1)
			if err != nil {
				kind := content.EventCorrupt
				if errors.Is(err, errUnsupported) {
					kind = content.EventUnsupported
				}
				a.b.Event(kind, name, "nsis: %v", err)
				pos += 4 + n
				continue
			}
			rd = dr
		}
		if err := a.yield(name, rd); err != nil {
			return true, err
		}
		pos += 4 + n
	}
	return true, nil
}

// solid extracts an archive compressed as one stream.
func (a *archive) solid(ctx context.Context) error {
	a.method = a.sniffAt(a.start)
	dr, err := decompressor(a.method, io.NewSectionReader(a.f.R, a.start, a.end-a.start), -1)
	if err != nil {
		kind := content.EventCorrupt
		if errors.Is(err, errUnsupported) {
			kind = content.EventUnsupported
		}
		a.b.Event(kind, "", "nsis: solid stream: %v", err)
		return nil
	}
	a.noteFilter()
	// Bytes this extractor consumes itself are charged to the budget;
	// yielded ones are charged by the walker.
	own := a.b.Reader(ctx, dr)
	var p [4]byte
	if _, err := io.ReadFull(own, p[:]); err != nil {
		return a.streamErr("", "solid stream", err)
	}
	if hl := int64(binary.LittleEndian.Uint32(p[:]) &^ flagCompressed); hl != a.fh.hdrSize {
		a.b.Event(content.EventCorrupt, "", "nsis: solid stream starts with a header of %d bytes, first header says %d", hl, a.fh.hdrSize)
		return nil
	}
	hr := io.LimitReader(dr, a.fh.hdrSize)
	if err := a.header(hr); err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, a.b.Reader(ctx, hr)); err != nil { // header above MaxHeader
		return a.streamErr("#header", "script header", err)
	}
	off := int64(0)
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := a.b.Err(); err != nil {
			return err
		}
		k, err := io.ReadFull(own, p[:])
		if k == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
			return nil
		}
		name := a.name(off, i)
		if err != nil {
			return a.streamErr(name, "block size", err)
		}
		n := int64(binary.LittleEndian.Uint32(p[:]) &^ flagCompressed)
		lr := &iox.CountReader{R: io.LimitReader(dr, n)}
		if err := a.yield(name, lr); err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, a.b.Reader(ctx, lr)); err != nil {
			return a.streamErr(name, "block", err)
		}
		if lr.N < n {
			a.b.Event(content.EventCorrupt, name, "nsis: solid stream ends %d bytes into a block of %d", lr.N, n)
			return nil
		}
		off += 4 + n
	}
}

// streamErr reports a read error of the solid stream as corruption, or
// returns it if it is the budget's or the context's.
func (a *archive) streamErr(entry, what string, err error) error {
	if errors.Is(err, content.ErrLimit) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	a.b.Event(content.EventCorrupt, entry, "nsis: %s: %v", what, err)
	return nil
}

// noteFilter reports, once, that the data went through NSIS 3's x86
// branch filter, which is not reversed: the yielded bytes differ from the
// installed files at call and jump targets.
func (a *archive) noteFilter() {
	if a.method == methodLZMAx86 {
		a.b.Event(content.EventUnsupported, "", "nsis: x86 branch filter not reversed: call and jump targets differ from the installed files")
	}
}
