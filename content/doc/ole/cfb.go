package ole

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Limits of the compound-file reader, each with its reason.
const (
	// MaxFileRead bounds how much of a compound file is read into memory;
	// Office documents and installers beyond it are parsed up to it.
	MaxFileRead = 512 << 20
	// MaxDirEntries bounds the directory: real files hold hundreds of
	// entries, MSI packages a few thousand.
	MaxDirEntries = 1 << 16
)

// Special sector numbers.
const (
	secFree       = 0xFFFFFFFF
	secEndOfChain = 0xFFFFFFFE
)

var magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// cfb is a parsed compound file (MS-CFB).
type cfb struct {
	data       []byte
	ssz        int // sector size
	fat        []uint32
	minifat    []uint32
	ministream []byte
	cutoff     uint64
	entries    []dirEntry
	problems   []string             // damage found while reading
	byPath     map[string]*dirEntry // streams by lower-case path, built by find
}

type dirEntry struct {
	name               string
	typ                byte // 1 storage, 2 stream, 5 root
	left, right, child uint32
	start              uint32
	size               uint64
	path               string // set by walk
}

func (c *cfb) problem(format string, args ...any) {
	if len(c.problems) < 16 {
		c.problems = append(c.problems, fmt.Sprintf(format, args...))
	}
}

// openCFB parses the header, FAT, mini FAT and directory of data.
func openCFB(data []byte) (*cfb, error) {
	if len(data) < 512 || !bytes.Equal(data[:8], magic) {
		return nil, errors.New("not a compound file")
	}
	le := binary.LittleEndian
	shift := le.Uint16(data[0x1E:])
	if shift != 9 && shift != 12 {
		return nil, fmt.Errorf("sector shift %d not 9 or 12", shift)
	}
	c := &cfb{data: data, ssz: 1 << shift, cutoff: uint64(le.Uint32(data[0x38:]))}
	nsec := (len(data) - 512 + c.ssz - 1) / c.ssz
	if c.ssz == 4096 {
		nsec = (len(data) - 4096 + c.ssz - 1) / c.ssz
	}
	// FAT sectors: 109 in the header, then the DIFAT chain.
	var fatSecs []uint32
	for i := range 109 {
		s := le.Uint32(data[0x4C+4*i:])
		if s < secEndOfChain {
			fatSecs = append(fatSecs, s)
		}
	}
	for d, n := le.Uint32(data[0x44:]), 0; d < secEndOfChain && n <= nsec; n++ {
		sec := c.sector(d)
		if len(sec) < c.ssz { // missing, or a short last sector: no room for its entries
			c.problem("DIFAT sector %d out of range", d)
			break
		}
		per := c.ssz/4 - 1
		for i := range per {
			if s := le.Uint32(sec[4*i:]); s < secEndOfChain {
				fatSecs = append(fatSecs, s)
			}
		}
		d = le.Uint32(sec[4*per:])
		if len(fatSecs) > nsec {
			break
		}
	}
	if len(fatSecs) > nsec {
		fatSecs = fatSecs[:nsec]
	}
	for _, s := range fatSecs {
		sec := c.sector(s)
		if sec == nil {
			c.problem("FAT sector %d out of range", s)
			continue
		}
		for i := 0; i+4 <= len(sec); i += 4 {
			c.fat = append(c.fat, le.Uint32(sec[i:]))
		}
	}
	// Directory.
	dir := c.chainData(le.Uint32(data[0x30:]), ^uint64(0))
	for i := 0; i+128 <= len(dir) && len(c.entries) < MaxDirEntries; i += 128 {
		e := dir[i : i+128]
		nl := int(le.Uint16(e[0x40:]))
		if nl > 64 {
			nl = 64
		}
		u := make([]uint16, 0, 32)
		for j := 0; j+1 < nl; j += 2 {
			if v := le.Uint16(e[j:]); v != 0 {
				u = append(u, v)
			}
		}
		de := dirEntry{
			name: string(utf16.Decode(u)), typ: e[0x42],
			left: le.Uint32(e[0x44:]), right: le.Uint32(e[0x48:]), child: le.Uint32(e[0x4C:]),
			start: le.Uint32(e[0x74:]), size: le.Uint64(e[0x78:]),
		}
		if c.ssz == 512 {
			de.size &= 0xFFFFFFFF
		}
		c.entries = append(c.entries, de)
	}
	if len(c.entries) == 0 || c.entries[0].typ != 5 {
		return nil, errors.New("no root directory entry")
	}
	root := c.entries[0]
	c.ministream = c.chainData(root.start, root.size)
	mf := c.chainData(le.Uint32(data[0x3C:]), ^uint64(0))
	for i := 0; i+4 <= len(mf); i += 4 {
		c.minifat = append(c.minifat, le.Uint32(mf[i:]))
	}
	c.walk()
	return c, nil
}

// sector returns sector s, or nil when it lies outside the file.
func (c *cfb) sector(s uint32) []byte {
	off := (int64(s) + 1) * int64(c.ssz)
	if s >= secEndOfChain-2 || off+int64(c.ssz) > int64(len(c.data)) {
		if off < int64(len(c.data)) && s < secEndOfChain-2 {
			return c.data[off:] // a short last sector
		}
		return nil
	}
	return c.data[off : off+int64(c.ssz)]
}

// chainData concatenates the sectors of the FAT chain from start, up to
// size bytes; a chain loop or a sector out of range ends it (reported).
func (c *cfb) chainData(start uint32, size uint64) []byte {
	var out []byte
	seen := map[uint32]bool{}
	for s := start; s < secEndOfChain && uint64(len(out)) < size; {
		if seen[s] {
			c.problem("sector chain from %d loops", start)
			break
		}
		seen[s] = true
		sec := c.sector(s)
		if sec == nil {
			c.problem("sector %d out of range", s)
			break
		}
		out = append(out, sec...)
		if int(s) >= len(c.fat) {
			break
		}
		s = c.fat[s]
	}
	if uint64(len(out)) > size {
		out = out[:size]
	}
	return out
}

// miniData reads a stream stored in the mini stream.
func (c *cfb) miniData(start uint32, size uint64) []byte {
	const msz = 64
	var out []byte
	seen := map[uint32]bool{}
	for s := start; s < secEndOfChain && uint64(len(out)) < size; {
		off := int(s) * msz
		if seen[s] || off+msz > len(c.ministream) || int(s) >= len(c.minifat) {
			c.problem("mini sector chain from %d broken", start)
			break
		}
		seen[s] = true
		out = append(out, c.ministream[off:off+msz]...)
		s = c.minifat[s]
	}
	if uint64(len(out)) > size {
		out = out[:size]
	}
	return out
}

// streamData returns the content of stream entry e.
func (c *cfb) streamData(e *dirEntry) []byte {
	if e.size < c.cutoff {
		return c.miniData(e.start, e.size)
	}
	return c.chainData(e.start, e.size)
}

// walk sets the path of every entry reachable from the root; entries in a
// loop or unreachable keep an empty path.
func (c *cfb) walk() {
	type item struct {
		idx    uint32
		parent string
	}
	seen := make([]bool, len(c.entries))
	stack := []item{{c.entries[0].child, ""}}
	seen[0] = true
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if int64(it.idx) >= int64(len(c.entries)) || seen[it.idx] {
			continue
		}
		seen[it.idx] = true
		e := &c.entries[it.idx]
		e.path = it.parent + displayName(e.name)
		stack = append(stack, item{e.left, it.parent}, item{e.right, it.parent})
		if e.typ == 1 {
			stack = append(stack, item{e.child, e.path + "/"})
		}
	}
}

// displayName decodes MSI's packed stream names and writes control
// characters (as in "\x05SummaryInformation") as \xNN escapes.
func displayName(n string) string {
	var b strings.Builder
	for _, r := range n {
		switch {
		case r >= 0x3800 && r < 0x4800:
			r -= 0x3800
			b.WriteByte(msiChar(int(r & 0x3F)))
			b.WriteByte(msiChar(int(r >> 6)))
		case r >= 0x4800 && r < 0x4840:
			b.WriteByte(msiChar(int(r - 0x4800)))
		case r == 0x4840:
			b.WriteByte('!')
		case r < 0x20 || r == '/' || r == 0x7F:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func msiChar(v int) byte {
	const alpha = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._"
	return alpha[v]
}
