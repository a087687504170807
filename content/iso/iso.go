// Package iso extracts ISO 9660 CD-ROM images: every regular file is an
// object named by its path. Names come from the Joliet supplementary
// volume descriptor when there is one, else from Rock Ridge NM entries,
// else from the 9660 names without their ";1" version suffix. Directory
// recursion is bounded, directory loops are cut, and extents beyond the
// image are clipped and reported.
package iso

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/overt-sec/overt/content"
)

func init() { content.Register(Sniff) }

// Layout of the format.
const (
	// sector is the size of a logical sector; volume descriptors start at
	// sector 16 whatever the logical block size.
	sector = 2048
	// vdStart is the offset of the first volume descriptor.
	vdStart = 16 * sector
	// recordMin is the fixed part of a directory record.
	recordMin = 33
)

// Limits of the format, each with its reason.
const (
	// MaxDescriptors bounds the volume descriptors read before the
	// terminator: real images have 2–4.
	MaxDescriptors = 64
	// MaxDepth bounds directory nesting: ISO 9660 allows 8 levels, Rock
	// Ridge images go deeper, and no real image nears this.
	MaxDepth = 64
	// MaxDirBytes bounds one directory's extent: 16 MiB of records is
	// hundreds of thousands of entries.
	MaxDirBytes = 16 << 20
	// MaxDirectories bounds the directories visited in one image.
	MaxDirectories = 100_000
	// MaxExtents bounds the extents of one multi-extent file.
	MaxExtents = 4096
)

// Sniff recognises the "CD001" identifier of the first volume descriptor.
func Sniff(head []byte, _ string) content.Extractor {
	if len(head) < vdStart+6 || string(head[vdStart+1:vdStart+6]) != "CD001" {
		return nil
	}
	return extractor{}
}

type extractor struct{}

// Name implements content.Extractor.
func (extractor) Name() string { return "iso9660" }

// record is one parsed directory record.
type record struct {
	extent int64 // in logical blocks
	length int64
	dir    bool
	more   bool // multi-extent: the file continues in the next record
	name   string
}

// volume is the descriptor whose tree is walked.
type volume struct {
	block  int64
	root   record
	joliet bool
}

// Extract implements content.Extractor.
func (extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	v, err := readVolume(r)
	if err != nil {
		b.Event(content.EventCorrupt, "", "iso9660: %v", err)
		return nil
	}
	w := &walker{ctx: ctx, r: r, size: size, b: b, v: v, yield: yield, seen: map[int64]bool{}}
	return w.dir(v.root, "", 0)
}

// readVolume reads the volume descriptors and picks the Joliet one if
// present, else the primary.
func readVolume(r io.ReaderAt) (*volume, error) {
	var primary, joliet *volume
	buf := make([]byte, sector)
	for i := range MaxDescriptors {
		off := int64(vdStart + i*sector)
		if _, err := r.ReadAt(buf, off); err != nil {
			break
		}
		if string(buf[1:6]) != "CD001" {
			break
		}
		typ := buf[0]
		if typ == 255 {
			break
		}
		if typ != 1 && typ != 2 {
			continue
		}
		block := int64(binary.LittleEndian.Uint16(buf[128:]))
		if block < 512 || block > sector || block&(block-1) != 0 {
			block = sector // damaged: use the universal size
		}
		root, _, ok := parseRecord(buf[156:190], false)
		if !ok || !root.dir {
			continue
		}
		esc := string(buf[88:91])
		isJoliet := typ == 2 && (esc == "%/@" || esc == "%/C" || esc == "%/E")
		v := &volume{block: block, root: root, joliet: isJoliet}
		switch {
		case typ == 1 && primary == nil:
			primary = v
		case isJoliet && joliet == nil:
			joliet = v
		}
	}
	if joliet != nil {
		return joliet, nil
	}
	if primary != nil {
		return primary, nil
	}
	return nil, fmt.Errorf("no primary volume descriptor")
}

// parseRecord parses one directory record (rec is exactly its length) and
// returns it and whether it is the "." or ".." entry.
func parseRecord(rec []byte, joliet bool) (record, bool, bool) {
	if len(rec) < recordMin+1 {
		return record{}, false, false
	}
	nameLen := int(rec[32])
	if recordMin+nameLen > len(rec) {
		return record{}, false, false
	}
	le := binary.LittleEndian
	flags := rec[25]
	rc := record{
		extent: int64(le.Uint32(rec[2:])),
		length: int64(le.Uint32(rec[10:])),
		dir:    flags&0x02 != 0,
		more:   flags&0x80 != 0,
	}
	raw := rec[33 : 33+nameLen]
	if nameLen == 1 && (raw[0] == 0 || raw[0] == 1) {
		return rc, true, true
	}
	if joliet {
		rc.name = ucs2(raw)
	} else {
		rc.name = rockRidgeName(rec[33+nameLen+(1-nameLen&1):])
		if rc.name == "" {
			rc.name = isoName(string(raw), rc.dir)
		}
	}
	return rc, false, true
}

// isoName strips a 9660 name's version suffix and the dot of an empty
// extension.
func isoName(n string, dir bool) string {
	if !dir {
		if i := strings.LastIndexByte(n, ';'); i >= 0 {
			n = n[:i]
		}
		n = strings.TrimSuffix(n, ".")
	}
	return n
}

// ucs2 decodes a Joliet name (UCS-2 big endian) and strips its version.
func ucs2(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	n := string(utf16.Decode(u))
	if i := strings.LastIndexByte(n, ';'); i >= 0 {
		n = n[:i]
	}
	return n
}

// rockRidgeName returns the name of the Rock Ridge NM entries in the
// system use area su, or "".
func rockRidgeName(su []byte) string {
	var name []byte
	found := false
	for len(su) >= 4 {
		l := int(su[2])
		if l < 4 || l > len(su) {
			break
		}
		if string(su[:2]) == "NM" && l >= 5 {
			flags := su[4]
			if flags&0x06 == 0 { // not "." or ".."
				name = append(name, su[5:l]...)
				found = true
			}
		}
		if string(su[:2]) == "ST" {
			break
		}
		su = su[l:]
	}
	if !found {
		return ""
	}
	return string(name)
}

// walker walks one volume's directory tree.
type walker struct {
	ctx   context.Context
	r     io.ReaderAt
	size  int64
	b     *content.Budget
	v     *volume
	yield func(string, io.Reader) error
	seen  map[int64]bool // directory extents visited
	dirs  int
}

// dir yields the files of the directory d (named prefix) and recurses.
func (w *walker) dir(d record, prefix string, depth int) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if err := w.b.Err(); err != nil {
		return err
	}
	where := strings.TrimSuffix(prefix, "/")
	switch {
	case depth > MaxDepth:
		w.b.Event(content.EventLimit, where, "iso9660: directory depth limit (%d) reached", MaxDepth)
		return nil
	case w.seen[d.extent]:
		w.b.Event(content.EventCorrupt, where, "iso9660: directory loop")
		return nil
	case w.dirs >= MaxDirectories:
		w.b.Event(content.EventLimit, where, "iso9660: directory count limit (%d) reached", MaxDirectories)
		return nil
	}
	w.seen[d.extent] = true
	w.dirs++
	off, length := d.extent*w.v.block, d.length
	if length > MaxDirBytes {
		w.b.Event(content.EventLimit, where, "iso9660: directory of %d bytes read up to %d", length, MaxDirBytes)
		length = MaxDirBytes
	}
	if off < 0 || off >= w.size {
		w.b.Event(content.EventCorrupt, where, "iso9660: directory extent at block %d is beyond the image", d.extent)
		return nil
	}
	if off+length > w.size {
		w.b.Event(content.EventCorrupt, where, "iso9660: directory extent clipped at the end of the image")
		length = w.size - off
	}
	// Directory bytes are charged to the budget: overlapping directory
	// extents would otherwise let a small image make us read without end.
	buf := make([]byte, length)
	if _, err := io.ReadFull(w.b.Reader(w.ctx, io.NewSectionReader(w.r, off, length)), buf); err != nil {
		if e := w.b.Err(); e != nil {
			return e
		}
		return fmt.Errorf("iso9660: reading directory at offset %d: %w", off, err)
	}
	var parts []io.Reader // extents of a multi-extent file so far
	var subdirs []record
	for p := 0; p < len(buf); {
		l := int(buf[p])
		if l == 0 { // records never cross a sector: skip to the next
			p = (p/sector + 1) * sector
			continue
		}
		if p+l > len(buf) {
			w.b.Event(content.EventCorrupt, where, "iso9660: directory record at offset %d runs past its directory", off+int64(p))
			break
		}
		rec, dot, ok := parseRecord(buf[p:p+l], w.v.joliet)
		p += l
		if !ok {
			w.b.Event(content.EventCorrupt, where, "iso9660: bad directory record at offset %d", off+int64(p-l))
			continue
		}
		if dot || rec.name == "" {
			continue
		}
		rec.name = strings.ReplaceAll(rec.name, "/", "_")
		if rec.dir {
			subdirs = append(subdirs, rec)
			continue
		}
		if len(parts) < MaxExtents {
			parts = append(parts, w.section(rec, prefix+rec.name))
		}
		if rec.more {
			continue
		}
		r := parts[0]
		if len(parts) > 1 {
			r = io.MultiReader(parts...)
		}
		parts = nil
		if err := w.yield(prefix+rec.name, r); err != nil {
			return err
		}
	}
	buf = nil // not kept alive while the subdirectories are read
	for _, sd := range subdirs {
		if err := w.dir(sd, prefix+sd.name+"/", depth+1); err != nil {
			return err
		}
	}
	return nil
}

// section returns a reader of a file extent, clipped to the image.
func (w *walker) section(rec record, name string) io.Reader {
	off := rec.extent * w.v.block
	if off > w.size {
		w.b.Event(content.EventCorrupt, name, "iso9660: file extent at block %d is beyond the image", rec.extent)
		return strings.NewReader("")
	}
	n := rec.length
	if off+n > w.size {
		w.b.Event(content.EventCorrupt, name, "iso9660: file extent clipped at the end of the image")
		n = w.size - off
	}
	return io.NewSectionReader(w.r, off, n)
}
