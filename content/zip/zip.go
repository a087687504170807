// Package zip extracts zip archives: stored, deflate, deflate64, implode
// (PKWARE), bzip2, LZMA, zstd and xz entries, zip64. It reads the central
// directory with the standard library's archive/zip on a private Reader
// and decodes deflate64 and implode itself (inflate64.go, explode.go).
//
// Hostile archives are expected: encrypted entries are reported (never
// passed over silently), entries whose data ranges overlap — the mark of a
// "better zip bomb", where every entry reuses one compressed kernel — stop
// extraction with a limit event, and an archive whose central directory is
// missing or damaged is read from its local headers instead (local.go).
package zip

import (
	"archive/zip"
	"compress/bzip2"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sort"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// Compression methods (APPNOTE 4.4.5) decoded here or by archive/zip.
const (
	methodStore     = 0
	methodImplode   = 6
	methodDeflate   = 8
	methodDeflate64 = 9
	methodBzip2     = 12
	methodZstd      = 93
	methodXZ        = 95
	methodAES       = 99 // WinZip AES: always encrypted
)

// flagEncrypted is general purpose bit 0: the entry is encrypted.
const flagEncrypted = 0x1

// Extractor is the zip extractor.
var Extractor content.Extractor = extractor{}

type extractor struct{}

// Name implements content.Extractor.
func (extractor) Name() string { return "zip" }

// Sniff recognises a zip archive by a local file header at offset 0, or an
// empty archive's end record; self-extracting archives (a zip after an
// executable stub) are not taken here.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) >= 4 && (string(head[:4]) == "PK\x03\x04" || string(head[:4]) == "PK\x05\x06" || string(head[:4]) == "PK\x07\x08") {
		return Extractor
	}
	return nil
}

// Extract implements content.Extractor.
func (extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		b.Event(content.EventCorrupt, "", "zip central directory: %v; reading local headers", err)
		return extractLocal(ctx, r, size, b, yield)
	}
	zr.RegisterDecompressor(methodBzip2, func(r io.Reader) io.ReadCloser { return io.NopCloser(bzip2.NewReader(r)) })
	zr.RegisterDecompressor(methodZstd, newZstd)
	zr.RegisterDecompressor(methodXZ, newXZ)
	if err := checkOverlap(zr.File, size, b); err != nil {
		return err
	}
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		if strings.HasSuffix(f.Name, "/") && f.UncompressedSize64 == 0 {
			continue // a directory
		}
		name := f.Name
		if name == "" {
			name = "?"
		}
		if f.Flags&flagEncrypted != 0 || f.Method == methodAES {
			b.Event(content.EventEncrypted, name, "zip entry is encrypted")
			continue
		}
		rc, err := open(f)
		if err != nil {
			b.Event(content.EventUnsupported, name, "zip entry: %v", err)
			continue
		}
		err = yield(name, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// open opens an entry for reading, decoding the methods archive/zip does
// not know from its raw data.
func open(f *zip.File) (io.ReadCloser, error) {
	switch f.Method {
	case methodDeflate64, methodImplode, methodLZMA:
		raw, err := f.OpenRaw()
		if err != nil {
			return nil, err
		}
		var dec io.Reader
		switch f.Method {
		case methodDeflate64:
			dec = NewInflater64(raw)
		case methodImplode:
			dec = NewExploder(raw, f.Flags, int64(f.UncompressedSize64))
		default:
			if dec, err = newLZMA(raw, f.Flags, int64(min(f.UncompressedSize64, 1<<62))); err != nil {
				return nil, err
			}
		}
		return io.NopCloser(&crcReader{r: io.LimitReader(dec, int64(f.UncompressedSize64)), want: f.CRC32, size: int64(f.UncompressedSize64)}), nil
	}
	rc, err := f.Open()
	if errors.Is(err, zip.ErrAlgorithm) {
		return nil, fmt.Errorf("compression method %d is not supported", f.Method)
	}
	return rc, err
}

// crcReader checks an entry's CRC-32 and size at its end.
type crcReader struct {
	r    io.Reader
	crc  uint32
	n    int64
	want uint32
	size int64
}

func (c *crcReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.crc = crc32.Update(c.crc, crc32.IEEETable, p[:n])
	c.n += int64(n)
	if err == io.EOF {
		if c.n != c.size {
			return n, fmt.Errorf("entry is %d bytes, header says %d", c.n, c.size)
		}
		if c.want != 0 && c.crc != c.want {
			return n, errors.New("checksum mismatch")
		}
	}
	return n, err
}

// MaxZstdWindow bounds the window a zstd entry may ask for (see content/zstd).
const MaxZstdWindow = 128 << 20

func newZstd(r io.Reader) io.ReadCloser {
	d, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(MaxZstdWindow), zstd.WithDecoderMaxMemory(2*MaxZstdWindow))
	if err != nil {
		return io.NopCloser(&errReader{err})
	}
	return d.IOReadCloser()
}

func newXZ(r io.Reader) io.ReadCloser {
	d, err := xz.NewReader(r)
	if err != nil {
		return io.NopCloser(&errReader{err})
	}
	return io.NopCloser(d)
}

type errReader struct{ err error }

func (e *errReader) Read([]byte) (int, error) { return 0, e.err }

// checkOverlap stops extraction, with a limit event, when the data of two
// entries overlap: legitimate archives never share bytes between entries,
// while an overlapping bomb makes a few kilobytes of compressed data
// expand once per entry. Entries pointing outside the file are corrupt
// (archive/zip reports them when read).
func checkOverlap(files []*zip.File, size int64, b *content.Budget) error {
	type span struct {
		start, end int64
		name       string
	}
	spans := make([]span, 0, len(files))
	for _, f := range files {
		off, err := f.DataOffset()
		if err != nil {
			continue
		}
		end := off + int64(f.CompressedSize64)
		if end < off || end > size {
			continue
		}
		spans = append(spans, span{off, end, f.Name})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return b.Limit("zip bomb: entries %q and %q overlap", spans[i-1].name, spans[i].name)
		}
	}
	return nil
}
