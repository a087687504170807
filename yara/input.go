package yara

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// ScanFile scans the file at path. Small files are read into the
// scanner's buffer; larger ones are memory mapped on unix systems.
func (s *Scanner) ScanFile(ctx context.Context, path string) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return s.ScanOpenFile(ctx, f)
}

// ScanOpenFile scans the whole content of the open regular file f (from
// offset 0, whatever f's current offset), as ScanFile does; the caller
// keeps f open and closes it.
func (s *Scanner) ScanOpenFile(ctx context.Context, f *os.File) (*Result, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("scan %s: not a regular file", f.Name())
	}
	size := fi.Size()
	if size <= maxReadSize {
		// One read into a reused buffer costs less than mapping, faulting
		// in and unmapping the pages of a small file.
		return s.ScanReaderAt(ctx, f, size)
	}
	data, unmap, err := mapFile(f, size)
	if err != nil {
		// Mapping can fail on special file systems: read instead.
		return s.ScanReaderAt(ctx, f, size)
	}
	defer unmap()
	return s.scanMapped(ctx, f.Name(), data)
}

// scanMapped scans mapped data, turning a fault (the file shrank while
// mapped: SIGBUS) into an error instead of a crash.
func (s *Scanner) scanMapped(ctx context.Context, path string, data []byte) (res *Result, err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if e := recover(); e != nil {
			re, ok := e.(runtime.Error)
			if !ok || !strings.Contains(re.Error(), "fault") {
				panic(e)
			}
			res, err = nil, fmt.Errorf("scan %s: the file changed while it was scanned: %v", path, re)
		}
	}()
	s.mapped, s.released = data, 0
	defer func() { s.mapped = nil }()
	return s.scan(ctx, data)
}

// ScanReaderAt scans the first size bytes of r, read into the scanner's
// buffer (kept for the next object).
func (s *Scanner) ScanReaderAt(ctx context.Context, r io.ReaderAt, size int64) (*Result, error) {
	if size < 0 {
		return nil, fmt.Errorf("scan: negative size %d", size)
	}
	if int64(int(size)) != size {
		return nil, fmt.Errorf("scan: size %d too large for this platform", size)
	}
	if int64(cap(s.buf)) < size {
		n := size
		if size <= maxReadSize {
			// Grow geometrically so that files of increasing sizes do not
			// reallocate each time.
			n = min(max(size, 2*int64(cap(s.buf)), 64<<10), maxReadSize)
		}
		s.buf = make([]byte, n)
	}
	data := s.buf[:size]
	n, err := r.ReadAt(data, 0)
	if int64(n) < size {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("scan: reading %d bytes: %w", size, err)
	}
	return s.scan(ctx, data)
}
