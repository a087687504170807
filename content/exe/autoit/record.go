package autoit

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
)

// version holds the constants of one subtype, each confirmed on ClamAV's
// sample of that subtype by decrypting it.
type version struct {
	tagKey             uint32 // key of the "FILE" tag
	nameLenXor, nameKy uint32 // name length mask; name key (plus the length)
	pathLenXor, pathKy uint32 // the same for the source path
	sizeXor, sumXor    uint32 // masks of the sizes and of the checksum
	dataKey            uint32 // key of the data
	sumKey             bool   // add the sum of the header's 16 key bytes to dataKey
	wide               bool   // names are UTF-16LE
	ks                 func(seed uint32) keystream
}

var versions = map[string]version{
	"AU3!EA05": {
		tagKey: 0x16fa, nameLenXor: 0x29bc, nameKy: 0xa25e, pathLenXor: 0x29ac, pathKy: 0xf25e,
		sizeXor: 0x45aa, sumXor: 0xc3d2, dataKey: 0x22af, sumKey: true,
		ks: func(seed uint32) keystream { return newMT(seed) },
	},
	"AU3!EA06": {
		tagKey: 0x18ee, nameLenXor: 0xadbc, nameKy: 0xb33f, pathLenXor: 0xf820, pathKy: 0xf479,
		sizeXor: 0x87bc, sumXor: 0xa685, dataKey: 0x2477, wide: true,
		ks: func(seed uint32) keystream { return newLame(seed) },
	},
}

const (
	tagLen   = 4
	fixedLen = 1 + 3*4 + 16 // flag, sizes and checksum, timestamps
)

// script is one compiled script being read.
type script struct {
	f        *exe.File
	b        *content.Budget
	v        version
	sub      string
	dataKey  uint32
	pos, end int64
}

// errCorrupt marks a record that cannot be read; the message says why.
var errCorrupt = errors.New("corrupt")

// read reads n bytes at the current position.
func (s *script) read(n int64, what string) ([]byte, error) {
	if n < 0 || s.end-s.pos < n {
		return nil, fmt.Errorf("%w: %s of %d bytes at offset %d runs past the end of the data", errCorrupt, what, n, s.pos)
	}
	p := make([]byte, n)
	if k, err := s.f.R.ReadAt(p, s.pos); k < len(p) {
		return nil, fmt.Errorf("%w: %s at offset %d: %v", errCorrupt, what, s.pos, err)
	}
	s.pos += n
	return p, nil
}

func (s *script) u32(what string) (uint32, error) {
	p, err := s.read(4, what)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(p), nil
}

// str reads a length-prefixed encrypted string.
func (s *script) str(lenXor, key uint32, what string) (string, error) {
	n, err := s.u32(what + " length")
	if err != nil {
		return "", err
	}
	n ^= lenXor
	if n > MaxName {
		return "", fmt.Errorf("%w: %s length %d exceeds the limit (%d)", errCorrupt, what, n, MaxName)
	}
	size := int64(n)
	if s.v.wide {
		size *= 2
	}
	p, err := s.read(size, what)
	if err != nil {
		return "", err
	}
	decrypt(p, s.v.ks(key+n))
	if !s.v.wide {
		r := make([]rune, len(p)) // Latin-1 view of the ANSI code page
		for i, c := range p {
			r[i] = rune(c)
		}
		return string(r), nil
	}
	u := make([]uint16, n)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(p[2*i:])
	}
	return string(utf16.Decode(u)), nil
}

// record is one decoded record header.
type record struct {
	name, path       string
	compressed       bool
	stored, expanded int64
	sum              uint32
	off              int64 // file offset of the data
}

// records reads every record up to the end mark.
func (s *script) records(ctx context.Context, yield func(string, io.Reader) error) error {
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.b.Err(); err != nil {
			return err
		}
		if i == MaxRecords {
			s.b.Event(content.EventLimit, "", "autoit: record count limit (%d) reached", MaxRecords)
			return nil
		}
		if s.end-s.pos < tagLen {
			s.b.Event(content.EventCorrupt, "", "autoit: data ends at offset %d without the end mark", s.pos)
			return nil
		}
		tag, _ := s.read(tagLen, "tag")
		if string(tag) == s.sub[:tagLen] {
			return nil // the end mark: the subtype again
		}
		decrypt(tag, s.v.ks(s.v.tagKey))
		if string(tag) != "FILE" {
			s.b.Event(content.EventCorrupt, "", "autoit: record %d at offset %d has no FILE tag", i, s.pos-tagLen)
			return nil
		}
		r, err := s.header()
		if err != nil {
			s.b.Event(content.EventCorrupt, "", "autoit: record %d: %v", i, err)
			return nil
		}
		if err := s.yieldRecord(ctx, r, yield); err != nil {
			return err
		}
	}
}

// header reads the rest of a record's header and skips its data.
func (s *script) header() (record, error) {
	var r record
	var err error
	if r.name, err = s.str(s.v.nameLenXor, s.v.nameKy, "name"); err != nil {
		return r, err
	}
	if r.path, err = s.str(s.v.pathLenXor, s.v.pathKy, "path"); err != nil {
		return r, err
	}
	p, err := s.read(fixedLen, "sizes")
	if err != nil {
		return r, err
	}
	le := binary.LittleEndian
	r.compressed = p[0] == 1
	r.stored = int64(le.Uint32(p[1:]) ^ s.v.sizeXor)
	r.expanded = int64(le.Uint32(p[5:]) ^ s.v.sizeXor)
	r.sum = le.Uint32(p[9:]) ^ s.v.sumXor
	if s.end-s.pos < r.stored {
		return r, fmt.Errorf("%w: %q: data of %d bytes at offset %d runs past the end of the data", errCorrupt, r.name, r.stored, s.pos)
	}
	r.off = s.pos
	s.pos += r.stored
	return r, nil
}

// data returns a reader of a record's decrypted stored bytes.
func (s *script) data(r record) io.Reader {
	return &cipherReader{r: io.NewSectionReader(s.f.R, r.off, r.stored), ks: s.v.ks(s.dataKey)}
}

// yieldRecord checks a record's checksum and yields its content.
func (s *script) yieldRecord(ctx context.Context, r record, yield func(string, io.Reader) error) error {
	name := entryName(r.name)
	h := adler32.New()
	if _, err := io.Copy(h, s.data(r)); err != nil {
		s.b.Event(content.EventCorrupt, name, "autoit: reading data at offset %d: %v", r.off, err)
		return nil
	}
	if h.Sum32() != r.sum {
		s.b.Event(content.EventCorrupt, name, "autoit: checksum %#08x of the data at offset %d, header says %#08x", h.Sum32(), r.off, r.sum)
	}
	var rd io.Reader = s.data(r)
	if r.compressed {
		z, size, err := newLZ(rd)
		if err != nil {
			kind := content.EventCorrupt
			if errors.Is(err, errUnsupported) {
				kind = content.EventUnsupported
			}
			s.b.Event(kind, name, "%v", err)
			return nil
		}
		if size != r.expanded {
			s.b.Event(content.EventCorrupt, name, "autoit: compressed stream announces %d bytes, header says %d", size, r.expanded)
		}
		rd = z
	}
	return yield(name, rd)
}

// cipherReader decrypts r with a keystream.
type cipherReader struct {
	r  io.Reader
	ks keystream
}

func (c *cipherReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	decrypt(p[:n], c.ks)
	return n, err
}

// scriptNames are the names the compiler gives the script record.
var scriptNames = map[string]bool{
	">AUTOIT SCRIPT<":         true,
	">AUTOIT UNICODE SCRIPT<": true,
	">>>AUTOIT SCRIPT<<<":     true,
}

// entryName is the name a record is yielded under: "#script" for the
// script, "#" and the bare word for other compiler records (such as
// ">>>AUTOIT NO CMDEXECUTE<<<"), else the name made relative and
// slash-separated, without a drive, empty, "." or ".." elements or
// control characters.
func entryName(n string) string {
	if scriptNames[n] {
		return "#script"
	}
	if strings.HasPrefix(n, ">") && strings.HasSuffix(n, "<") {
		return "#" + strings.ToLower(strings.ReplaceAll(strings.Trim(n, "<>"), " ", "-"))
	}
	var parts []string
	for i, p := range strings.Split(strings.ReplaceAll(n, "\\", "/"), "/") {
		p = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return -1
			}
			return r
		}, p)
		if p == "" || p == "." || p == ".." || i == 0 && len(p) == 2 && p[1] == ':' {
			continue
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "#file"
	}
	return strings.Join(parts, "/")
}
