// Package chm extracts Microsoft Compiled HTML Help files (.chm, the ITSF
// format): every file of the help file is an object named by its path
// without the leading '/' (clam.exe.txt, html/index.htm, #SYSTEM).
//
// Files stored in section 0 are read as they are; files of section 1
// (MSCompressed) are decoded with LZX, once, front to back, using the
// window and reset interval of the section's LZXC control data. The
// ::DataSpace entries — the section's compressed stream, its control data
// and transform tables — are the container's own machinery and are not
// yielded: the top-level scan sees their bytes already. Directory entries
// (names ending in '/') are not yielded either.
package chm

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// Sniff recognises an ITSF file by its signature and a version of 2 or 3.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) < headerV2 || string(head[:4]) != "ITSF" {
		return nil
	}
	if v := le.Uint32(head[4:]); v != 2 && v != 3 {
		return nil
	}
	return extractor{}
}

type extractor struct{}

// Name implements content.Extractor.
func (extractor) Name() string { return "chm" }

// Paths of the compressed section's machinery.
const (
	metaPrefix  = "::"
	contentPath = "::DataSpace/Storage/MSCompressed/Content"
	controlPath = "::DataSpace/Storage/MSCompressed/ControlData"
	resetPath   = "::DataSpace/Storage/MSCompressed/Transform/{7FC28940-9D31-11D0-9B27-00A0C91E9C7C}/InstanceData/ResetTable"
)

// Extract implements content.Extractor.
func (extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	corrupt := func(format string, args ...any) { b.Event(content.EventCorrupt, "", format, args...) }
	a, err := parse(r, size, corrupt)
	if err != nil {
		b.Event(content.EventCorrupt, "", "chm: %v", err)
		return nil
	}
	var plain, packed []entry
	for i, e := range a.entries {
		if strings.HasPrefix(e.name, metaPrefix) || strings.HasSuffix(e.name, "/") {
			continue
		}
		e.name = entryName(e.name, i)
		switch e.section {
		case 0:
			plain = append(plain, e)
		case 1:
			packed = append(packed, e)
		default:
			b.Event(content.EventUnsupported, e.name, "chm: content section %d is not supported", e.section)
		}
	}
	for _, e := range plain {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := min(uint64(a.contentOff)+min(e.off, uint64(size)), uint64(size))
		n := min(e.length, uint64(size)-start)
		if n < e.length {
			b.Event(content.EventCorrupt, e.name, "chm: file runs %d bytes past the end of the help file", e.length-n)
		}
		if err := yield(e.name, io.NewSectionReader(r, int64(start), int64(n))); err != nil {
			return err
		}
	}
	if len(packed) == 0 {
		return nil
	}
	return extractPacked(ctx, r, size, b, a, packed, yield)
}

// section is what decoding the MSCompressed section needs.
type section struct {
	start, length int64 // compressed stream in the file
	windowBits    int
	resetFrames   int
	plainLen      uint64     // decompressed length; 0 if unknown
	resets        resetTable // zero if the section has none
}

// extractPacked decodes the MSCompressed section once and yields its files
// in order of offset. Files that overlap one already yielded are skipped
// and reported.
func extractPacked(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, a *archive, files []entry, yield func(string, io.Reader) error) error {
	sec, err := a.section(r, size)
	if err != nil {
		for _, f := range files {
			b.Event(content.EventUnsupported, f.name, "chm: compressed section: %v", err)
		}
		return nil
	}
	slices.SortStableFunc(files, func(x, y entry) int {
		switch {
		case x.off < y.off:
			return -1
		case x.off > y.off:
			return 1
		}
		return 0
	})
	total := sec.plainLen
	if total == 0 {
		for _, f := range files {
			total = max(total, f.off+f.length)
		}
	}
	sr, err := newSectionReader(r, sec, total, b)
	if err != nil {
		for _, f := range files {
			b.Event(content.EventUnsupported, f.name, "chm: %v", err)
		}
		return nil
	}
	dr := &errReader{r: sr}
	counted := b.Reader(ctx, dr) // skipped bytes are charged too
	pos := uint64(0)
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		sr.current = f.name
		if f.length == 0 {
			// Compilers place empty files anywhere, even inside others.
			if err := yield(f.name, strings.NewReader("")); err != nil {
				return err
			}
			continue
		}
		if f.off < pos {
			b.Event(content.EventCorrupt, f.name, "chm: file overlaps the previous file of its section; skipped")
			continue
		}
		if f.off > pos {
			n, err := io.CopyN(io.Discard, counted, int64(min(f.off-pos, 1<<62)))
			pos += uint64(n)
			if err != nil {
				return sectionError(b, files[i:], err)
			}
		}
		lim := &io.LimitedReader{R: dr, N: int64(min(f.length, 1<<62))}
		if err := yield(f.name, lim); err != nil {
			return err
		}
		pos += uint64(int64(min(f.length, 1<<62)) - lim.N)
		switch {
		case lim.N == 0:
		case dr.err == nil:
			// The walker kept a prefix (object size limit): skip the rest.
			n, err := io.CopyN(io.Discard, counted, lim.N)
			pos += uint64(n)
			if err != nil {
				return sectionError(b, files[i+1:], err)
			}
		case dr.err == io.EOF:
			b.Event(content.EventCorrupt, f.name, "chm: compressed section ends %d bytes before the end of the file", lim.N)
			return sectionError(b, files[i+1:], io.EOF)
		default:
			// The walker reported the decoding error on this file;
			// the later files of the section are lost too.
			return sectionError(b, files[i+1:], dr.err)
		}
	}
	return nil
}

// errReader remembers the error its reader returned.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.r.Read(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

// sectionError reports the files of the compressed section that a
// decoding error or a short section made unreadable; a limit error is
// returned as it is.
func sectionError(b *content.Budget, lost []entry, err error) error {
	if e := b.Err(); e != nil {
		return e
	}
	if err == io.EOF {
		err = fmt.Errorf("compressed section ends before the file")
	}
	for _, f := range lost {
		b.Event(content.EventCorrupt, f.name, "chm: %v", err)
	}
	return nil
}
