package chm

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// Sizes and limits of the format.
const (
	// headerV2 and headerV3 are the lengths of the ITSF header: version 3
	// adds the offset of the content section.
	headerV2 = 0x58
	headerV3 = 0x60
	// itspSize is the fixed part of the directory header.
	itspSize = 0x54
	// pmglHeader is the fixed part of a listing chunk.
	pmglHeader = 20
	// maxChunk bounds a directory chunk: compilers write 4 KiB (8 KiB in
	// some); a bigger chunk is damage, and each one is read into memory.
	maxChunk = 64 << 10
	// MaxName bounds an entry name: paths of help files are short; a
	// longer one is damage.
	MaxName = 4096
)

// entry is one directory entry.
type entry struct {
	name    string
	section uint64
	off     uint64
	length  uint64
}

// archive is the parsed directory of a CHM file.
type archive struct {
	contentOff int64 // start of section 0's data
	entries    []entry
}

var le = binary.LittleEndian

// parse reads the ITSF header and every listing chunk of the directory.
// Damage after the first entry is reported by corrupt and parsing stops
// there, keeping the entries read.
func parse(r io.ReaderAt, size int64, corrupt func(string, ...any)) (*archive, error) {
	var h [headerV3]byte
	if _, err := r.ReadAt(h[:headerV2], 0); err != nil {
		return nil, fmt.Errorf("reading the header: %v", err)
	}
	ver := le.Uint32(h[4:])
	dirOff, dirLen := le.Uint64(h[0x48:]), le.Uint64(h[0x50:])
	a := &archive{}
	if dirOff > uint64(size) || dirLen > uint64(size) {
		return nil, fmt.Errorf("directory at %d (%d bytes) is outside the file", dirOff, dirLen)
	}
	if ver >= 3 && le.Uint32(h[8:]) >= headerV3 {
		if _, err := r.ReadAt(h[headerV2:headerV3], headerV2); err != nil {
			return nil, fmt.Errorf("reading the header: %v", err)
		}
		a.contentOff = int64(min(le.Uint64(h[0x58:]), uint64(size)))
	} else {
		a.contentOff = int64(min(dirOff+dirLen, uint64(size)))
	}
	var d [itspSize]byte
	if _, err := r.ReadAt(d[:], int64(dirOff)); err != nil {
		return nil, fmt.Errorf("directory header at offset %d: %v", dirOff, err)
	}
	if string(d[:4]) != "ITSP" {
		return nil, fmt.Errorf("directory at offset %d lacks its ITSP signature", dirOff)
	}
	hdrLen := uint64(le.Uint32(d[8:]))
	chunk := uint64(le.Uint32(d[16:]))
	nChunks := uint64(le.Uint32(d[44:]))
	if chunk < pmglHeader || chunk > maxChunk {
		return nil, fmt.Errorf("directory chunk size %d is outside %d..%d", chunk, pmglHeader, maxChunk)
	}
	if hdrLen > dirLen {
		return nil, fmt.Errorf("directory header of %d bytes is longer than the directory (%d)", hdrLen, dirLen)
	}
	if avail := (dirLen - hdrLen) / chunk; nChunks > avail {
		corrupt("chm: directory claims %d chunks, holds %d", nChunks, avail)
		nChunks = avail
	}
	buf := make([]byte, chunk)
	for i := range nChunks {
		off := int64(dirOff + hdrLen + i*chunk)
		if _, err := r.ReadAt(buf, off); err != nil {
			corrupt("chm: directory chunk %d at offset %d: %v", i, off, err)
			break
		}
		if string(buf[:4]) != "PMGL" {
			continue // an index chunk (PMGI): the listing chunks hold every entry
		}
		if err := a.listing(buf, off); err != nil {
			corrupt("chm: %v", err)
		}
	}
	return a, nil
}

// listing appends the entries of one PMGL chunk found at off.
func (a *archive) listing(c []byte, off int64) error {
	free := uint64(le.Uint32(c[4:]))
	end := len(c)
	if free < uint64(len(c)-pmglHeader) {
		end -= int(free)
	}
	p := c[pmglHeader:end]
	for len(p) > 0 {
		at := off + int64(len(c)-len(p))
		nameLen, ok := encint(&p)
		if !ok || nameLen > uint64(len(p)) || nameLen > MaxName {
			return fmt.Errorf("directory entry at offset %d: bad name length", at)
		}
		if nameLen == 0 {
			// Zero padding read as entries: the chunk's free space
			// field is wrong.
			return fmt.Errorf("directory entry at offset %d has an empty name; rest of the chunk skipped", at)
		}
		name := string(p[:nameLen])
		p = p[nameLen:]
		var e = entry{name: name}
		var ok1, ok2, ok3 bool
		e.section, ok1 = encint(&p)
		e.off, ok2 = encint(&p)
		e.length, ok3 = encint(&p)
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("directory entry %q at offset %d is truncated", name, at)
		}
		a.entries = append(a.entries, e)
	}
	return nil
}

// encint reads one of the format's encoded integers: big-endian groups of
// 7 bits, the high bit set on every byte but the last. Values that do not
// fit 63 bits are rejected.
func encint(p *[]byte) (uint64, bool) {
	var v uint64
	for i, b := range *p {
		if v>>56 != 0 {
			return 0, false
		}
		v = v<<7 | uint64(b&0x7F)
		if b&0x80 == 0 {
			*p = (*p)[i+1:]
			return v, true
		}
	}
	return 0, false
}

// entryName turns a stored path into an entry name: no leading '/', and
// a placeholder for an empty name.
func entryName(name string, i int) string {
	name = strings.TrimLeft(name, "/")
	if name == "" {
		return fmt.Sprintf("#entry%d", i)
	}
	return name
}
