// Package cab extracts Microsoft cabinet files (.cab): every file in the
// cabinet is an object named by its path ('\' separators become '/').
// Folders stored uncompressed, with MSZIP or with LZX (windows of 32 KiB
// to 2 MiB) are decoded; Quantum folders are reported as unsupported
// events and their files skipped.
// Files continued from a previous cabinet of a set are reported and
// skipped; files continued in the next one yield what this cabinet holds.
package cab

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/lzx"
)

func init() { content.Register(Sniff) }

// Sniff recognises a cabinet by its "MSCF" signature, zero reserved field
// and format version 1.x.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) < headerSize || string(head[:4]) != "MSCF" ||
		binary.LittleEndian.Uint32(head[4:]) != 0 || head[25] != 1 {
		return nil
	}
	return extractor{}
}

type extractor struct{}

// Name implements content.Extractor.
func (extractor) Name() string { return "cab" }

// Sizes and limits of the format.
const (
	// headerSize is the fixed part of CFHEADER.
	headerSize = 36
	// folderSize is the fixed part of CFFOLDER.
	folderSize = 8
	// fileSize is the fixed part of CFFILE.
	fileSize = 16
	// dataSize is the fixed part of CFDATA.
	dataSize = 8
	// MaxName bounds a file name: the format allows 256 bytes; a longer
	// run without a terminator is damage.
	MaxName = 256
	// maxString bounds the previous/next cabinet and disk names of the header.
	maxString = 256
	// maxBlockOut is the most a CFDATA block may expand to: the format
	// fixes 32 KiB for every method.
	maxBlockOut = 32 << 10
)

// Header flags.
const (
	flagPrev    = 0x1
	flagNext    = 0x2
	flagReserve = 0x4
)

// Compression types (low 4 bits of typeCompress).
const (
	compNone    = 0
	compMSZIP   = 1
	compQuantum = 2
	compLZX     = 3
)

// iFolder values of files that span cabinets.
const (
	contFromPrev    = 0xFFFD
	contToNext      = 0xFFFE
	contPrevAndNext = 0xFFFF
)

// folder is one CFFOLDER.
type folder struct {
	dataOff  int64 // first CFDATA
	blocks   int   // number of CFDATA
	compress uint16
}

// file is one CFFILE.
type file struct {
	name   string
	size   int64
	off    int64 // in the folder's uncompressed stream
	folder int
}

// cabinet is the parsed directory of one cabinet.
type cabinet struct {
	folders     []folder
	files       []file
	dataReserve int          // bytes reserved in each CFDATA
	lzx         *lzx.Decoder // reused by every LZX folder
}

// Extract implements content.Extractor.
func (extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	c, err := parse(r, size, b)
	if err != nil {
		b.Event(content.EventCorrupt, "", "cab: %v", err)
		return nil
	}
	byFolder := make([][]file, len(c.folders))
	for _, f := range c.files {
		byFolder[f.folder] = append(byFolder[f.folder], f)
	}
	for fi, fo := range c.folders {
		if err := ctx.Err(); err != nil {
			return err
		}
		files := byFolder[fi]
		if len(files) == 0 {
			continue
		}
		switch fo.compress & 0xF {
		case compNone, compMSZIP:
		case compLZX:
			if w := int(fo.compress>>8) & 0x1F; w < lzx.MinWindowBits || w > lzx.MaxWindowBits {
				for _, f := range files {
					b.Event(content.EventUnsupported, f.name, "cab: LZX window of 2^%d bytes is not supported", w)
				}
				continue
			}
		case compQuantum:
			for _, f := range files {
				b.Event(content.EventUnsupported, f.name, "cab: Quantum compression is not supported")
			}
			continue
		default:
			b.Event(content.EventCorrupt, "", "cab: folder %d: unknown compression type %#x", fi, fo.compress)
			continue
		}
		if err := extractFolder(ctx, r, size, b, c, fo, files, yield); err != nil {
			return err
		}
	}
	return nil
}

// extractFolder decodes one folder's stream once, front to back, and
// yields its files in order of offset. Files that overlap one already
// yielded (the mark of a cab bomb; real cabinets never do it) are skipped
// and reported.
func extractFolder(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, c *cabinet, fo folder, files []file, yield func(string, io.Reader) error) error {
	slices.SortStableFunc(files, func(x, y file) int {
		switch {
		case x.off < y.off:
			return -1
		case x.off > y.off:
			return 1
		}
		return 0
	})
	fr := &folderReader{r: r, size: size, off: fo.dataOff, left: fo.blocks, reserve: c.dataReserve, compress: fo.compress, decoder: &c.lzx}
	counted := b.Reader(ctx, fr) // skipped bytes are charged too
	pos := int64(0)
	for _, f := range files {
		if f.size == 0 {
			// An empty file overlaps nothing, wherever it is placed.
			if err := yield(f.name, strings.NewReader("")); err != nil {
				return err
			}
			continue
		}
		if f.off < pos {
			b.Event(content.EventCorrupt, f.name, "cab: file overlaps the previous file of its folder; skipped")
			continue
		}
		if f.off > pos {
			n, err := io.CopyN(io.Discard, counted, f.off-pos)
			pos += n
			if err != nil {
				return folderError(b, f.name, err)
			}
		}
		lr := &io.LimitedReader{R: fr, N: f.size}
		if err := yield(f.name, lr); err != nil {
			return err
		}
		pos += f.size - lr.N
		switch {
		case lr.N == 0:
		case fr.err == nil:
			// The walker kept a prefix (object size limit): skip the rest.
			n, err := io.CopyN(io.Discard, counted, lr.N)
			pos += n
			if err != nil {
				return folderError(b, f.name, err)
			}
		case fr.err == io.EOF:
			b.Event(content.EventCorrupt, f.name, "cab: folder data ends %d bytes before the end of the file", lr.N)
			return nil
		default:
			// The walker reported the read error as a damaged entry;
			// later files of the folder are gone too.
			return nil
		}
	}
	return nil
}

// folderError reports a failure while skipping to a file.
func folderError(b *content.Budget, name string, err error) error {
	if e := b.Err(); e != nil {
		return e
	}
	if err == io.EOF {
		err = fmt.Errorf("folder data ends before the file")
	}
	b.Event(content.EventCorrupt, name, "cab: %v", err)
	return nil
}

// parse reads the header, folders and files.
func parse(r io.ReaderAt, size int64, b *content.Budget) (*cabinet, error) {
	var h [headerSize + 4]byte
	if _, err := r.ReadAt(h[:headerSize], 0); err != nil {
		return nil, fmt.Errorf("reading the header: %v", err)
	}
	le := binary.LittleEndian
	filesOff := int64(le.Uint32(h[16:]))
	nFolders := int(le.Uint16(h[26:]))
	nFiles := int(le.Uint16(h[28:]))
	flags := le.Uint16(h[30:])
	off := int64(headerSize)
	var folderReserve int
	c := &cabinet{}
	if flags&flagReserve != 0 {
		if _, err := r.ReadAt(h[:4], off); err != nil {
			return nil, fmt.Errorf("reading the reserve sizes: %v", err)
		}
		off += 4 + int64(le.Uint16(h[0:]))
		folderReserve = int(h[2])
		c.dataReserve = int(h[3])
	}
	for _, f := range []uint16{flagPrev, flagNext} {
		if flags&f == 0 {
			continue
		}
		for range 2 { // cabinet name, disk name
			_, n, err := cstring(r, off, maxString)
			if err != nil {
				return nil, fmt.Errorf("header names: %v", err)
			}
			off += n
		}
	}
	fb := make([]byte, folderSize)
	for i := range nFolders {
		if _, err := r.ReadAt(fb, off); err != nil {
			return nil, fmt.Errorf("folder %d at offset %d: %v", i, off, err)
		}
		c.folders = append(c.folders, folder{
			dataOff:  int64(le.Uint32(fb[0:])),
			blocks:   int(le.Uint16(fb[4:])),
			compress: le.Uint16(fb[6:]),
		})
		off += folderSize + int64(folderReserve)
	}
	off = filesOff
	var fh [fileSize]byte
	for i := range nFiles {
		if _, err := r.ReadAt(fh[:], off); err != nil {
			if i == 0 {
				return nil, fmt.Errorf("file %d at offset %d: %v", i, off, err)
			}
			b.Event(content.EventCorrupt, "", "cab: file table truncated after %d of %d files", i, nFiles)
			break
		}
		name, n, err := cstring(r, off+fileSize, MaxName)
		if err != nil {
			b.Event(content.EventCorrupt, "", "cab: file %d at offset %d: %v", i, off, err)
			break
		}
		off += fileSize + n
		f := file{
			name:   cleanName(name, i),
			size:   int64(le.Uint32(fh[0:])),
			off:    int64(le.Uint32(fh[4:])),
			folder: int(le.Uint16(fh[8:])),
		}
		switch f.folder {
		case contFromPrev, contPrevAndNext:
			b.Event(content.EventUnsupported, f.name, "cab: file continued from a previous cabinet; skipped")
			continue
		case contToNext:
			f.folder = nFolders - 1
		}
		if f.folder >= nFolders {
			b.Event(content.EventCorrupt, f.name, "cab: file in folder %d of %d", f.folder, nFolders)
			continue
		}
		c.files = append(c.files, f)
	}
	return c, nil
}

// cstring reads a NUL-terminated string of at most max bytes at off and
// returns it and the bytes it took, terminator included.
func cstring(r io.ReaderAt, off int64, max int) (string, int64, error) {
	buf := make([]byte, max+1)
	n, err := r.ReadAt(buf, off)
	if i := strings.IndexByte(string(buf[:n]), 0); i >= 0 {
		return string(buf[:i]), int64(i) + 1, nil
	}
	if err != nil && err != io.EOF {
		return "", 0, err
	}
	return "", 0, fmt.Errorf("string at offset %d has no terminator within %d bytes", off, max)
}

// cleanName turns a stored name into an entry name: '/' separators, no
// leading separators, and a placeholder for an empty name.
func cleanName(name string, i int) string {
	name = strings.TrimLeft(strings.ReplaceAll(name, `\`, "/"), "/")
	if name == "" {
		return fmt.Sprintf("#file%d", i)
	}
	return name
}
