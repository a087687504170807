package sevenz

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Property ids of the 7z header (7zFormat.txt).
const (
	idEnd                   = 0x00
	idHeader                = 0x01
	idArchiveProperties     = 0x02
	idAdditionalStreamsInfo = 0x03
	idMainStreamsInfo       = 0x04
	idFilesInfo             = 0x05
	idPackInfo              = 0x06
	idUnpackInfo            = 0x07
	idSubStreamsInfo        = 0x08
	idSize                  = 0x09
	idCRC                   = 0x0A
	idFolder                = 0x0B
	idCodersUnpackSize      = 0x0C
	idNumUnpackStream       = 0x0D
	idEncodedHeader         = 0x17
)

// errRefused wraps the errors that mean a header exceeds one of our limits
// (reported as EventLimit), as opposed to a malformed header.
var errRefused = errors.New("7z header exceeds a limit")

// coderInfo is one coder of a folder, as declared by the header.
type coderInfo struct {
	id        []byte
	props     []byte
	outIndex  int    // index of its (first) output stream in the folder
	numOut    int    // output streams
	unpackLen uint64 // size of its first output stream, set from kCodersUnpackSize
}

// folderInfo is one folder (a chain of coders decoding pack streams).
type folderInfo struct {
	coders   []coderInfo
	numOut   int      // total output streams
	unpack   []uint64 // size of every output stream
	hasCRC   bool     // the folder's unpacked data has a CRC
	packed   int      // pack streams it reads
	substrms uint64   // unpack streams (files' data) it holds
}

// streamsInfo is a parsed StreamsInfo structure.
type streamsInfo struct {
	packPos   uint64
	packSizes []uint64
	folders   []folderInfo
}

// hreader reads the structures of a 7z header from a byte slice; every
// read is bounds-checked and an error names the offset.
type hreader struct {
	b   []byte
	off int
}

func (r *hreader) errorf(format string, args ...any) error {
	return fmt.Errorf("7z header at byte %d: %s", r.off, fmt.Sprintf(format, args...))
}

func (r *hreader) left() int { return len(r.b) - r.off }

func (r *hreader) byte() (byte, error) {
	if r.off >= len(r.b) {
		return 0, r.errorf("truncated")
	}
	c := r.b[r.off]
	r.off++
	return c, nil
}

func (r *hreader) bytes(n uint64) ([]byte, error) {
	if n > uint64(r.left()) {
		return nil, r.errorf("%d bytes declared, %d left", n, r.left())
	}
	p := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return p, nil
}

// number reads a 7z variable-length number: the count of leading one bits
// of the first byte is the count of little-endian bytes that follow; the
// first byte's remaining bits are the most significant.
func (r *hreader) number() (uint64, error) {
	first, err := r.byte()
	if err != nil {
		return 0, err
	}
	var v uint64
	mask := byte(0x80)
	for i := 0; i < 8; i++ {
		if first&mask == 0 {
			return v | uint64(first&(mask-1))<<(8*i), nil
		}
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c) << (8 * i)
		mask >>= 1
	}
	return v, nil
}

// count reads a number that is a count of items each taking at least
// minBytes bytes of what is left of the header (0: no such bound), and
// at most max.
func (r *hreader) count(what string, max uint64, minBytes int) (uint64, error) {
	at := r.off
	n, err := r.number()
	if err != nil {
		return 0, err
	}
	if n > max {
		return 0, fmt.Errorf("%w: %s: %d at byte %d, limit %d", errRefused, what, n, at, max)
	}
	if minBytes > 0 && n > uint64(r.left())/uint64(minBytes) {
		return 0, fmt.Errorf("7z header at byte %d: %s: %d do not fit in the %d bytes left", at, what, n, r.left())
	}
	return n, nil
}

func (r *hreader) expect(id byte) error {
	c, err := r.byte()
	if err != nil {
		return err
	}
	if c != id {
		return r.errorf("property %#x where %#x was expected", c, id)
	}
	return nil
}

// bits reads a bit vector of n bits (most significant bit first) preceded,
// if withAll, by an "all defined" byte; it returns how many bits are set.
func (r *hreader) bits(n uint64, withAll bool) (set uint64, vec []byte, err error) {
	if withAll {
		all, err := r.byte()
		if err != nil {
			return 0, nil, err
		}
		if all != 0 {
			return n, nil, nil
		}
	}
	vec, err = r.bytes((n + 7) / 8)
	if err != nil {
		return 0, nil, err
	}
	for i := uint64(0); i < n; i++ {
		if vec[i/8]&(0x80>>(i%8)) != 0 {
			set++
		}
	}
	return set, vec, nil
}

// digests reads n optional CRCs and reports which are defined.
func (r *hreader) digests(n uint64) (func(i uint64) bool, error) {
	set, vec, err := r.bits(n, true)
	if err != nil {
		return nil, err
	}
	if _, err := r.bytes(4 * set); err != nil {
		return nil, err
	}
	return func(i uint64) bool { return vec == nil || vec[i/8]&(0x80>>(i%8)) != 0 }, nil
}

// streams reads a StreamsInfo structure (after its property id).
func (r *hreader) streams() (*streamsInfo, error) {
	si := &streamsInfo{}
	id, err := r.byte()
	if err != nil {
		return nil, err
	}
	if id == idPackInfo {
		if err := r.packInfo(si); err != nil {
			return nil, err
		}
		if id, err = r.byte(); err != nil {
			return nil, err
		}
	}
	if id == idUnpackInfo {
		if err := r.unpackInfo(si); err != nil {
			return nil, err
		}
		if id, err = r.byte(); err != nil {
			return nil, err
		}
	}
	if id == idSubStreamsInfo {
		if err := r.subStreams(si); err != nil {
			return nil, err
		}
		if id, err = r.byte(); err != nil {
			return nil, err
		}
	}
	if id != idEnd {
		return nil, r.errorf("unexpected property %#x in streams info", id)
	}
	return si, nil
}

func (r *hreader) packInfo(si *streamsInfo) error {
	var err error
	if si.packPos, err = r.number(); err != nil {
		return err
	}
	n, err := r.count("pack streams", MaxStreams, 1)
	if err != nil {
		return err
	}
	for {
		id, err := r.byte()
		if err != nil {
			return err
		}
		switch id {
		case idEnd:
			return nil
		case idSize:
			si.packSizes = make([]uint64, n)
			for i := range si.packSizes {
				if si.packSizes[i], err = r.number(); err != nil {
					return err
				}
			}
		case idCRC:
			if _, err := r.digests(n); err != nil {
				return err
			}
		default:
			return r.errorf("unexpected property %#x in pack info", id)
		}
	}
}

func (r *hreader) unpackInfo(si *streamsInfo) error {
	if err := r.expect(idFolder); err != nil {
		return err
	}
	n, err := r.count("folders", MaxStreams, 2) // a coder count and a coder id at least
	if err != nil {
		return err
	}
	if ext, err := r.byte(); err != nil {
		return err
	} else if ext != 0 {
		return r.errorf("external folders are not supported")
	}
	si.folders = make([]folderInfo, n)
	for i := range si.folders {
		if err := r.folder(&si.folders[i]); err != nil {
			return err
		}
	}
	if err := r.expect(idCodersUnpackSize); err != nil {
		return err
	}
	for i := range si.folders {
		f := &si.folders[i]
		f.unpack = make([]uint64, f.numOut)
		for j := range f.unpack {
			if f.unpack[j], err = r.number(); err != nil {
				return err
			}
		}
		for j := range f.coders {
			f.coders[j].unpackLen = f.unpack[f.coders[j].outIndex]
		}
		f.substrms = 1
	}
	for {
		id, err := r.byte()
		if err != nil {
			return err
		}
		switch id {
		case idEnd:
			return nil
		case idCRC:
			def, err := r.digests(n)
			if err != nil {
				return err
			}
			for i := range si.folders {
				si.folders[i].hasCRC = def(uint64(i))
			}
		default:
			return r.errorf("unexpected property %#x in unpack info", id)
		}
	}
}

func (r *hreader) folder(f *folderInfo) error {
	n, err := r.count("coders in a folder", MaxCoders, 2)
	if err != nil {
		return err
	}
	if n == 0 {
		return r.errorf("folder without coders")
	}
	numIn := 0
	for range n {
		flags, err := r.byte()
		if err != nil {
			return err
		}
		if flags&0xC0 != 0 {
			return r.errorf("coder flags %#x are not supported", flags)
		}
		c := coderInfo{outIndex: f.numOut, numOut: 1}
		if c.id, err = r.bytes(uint64(flags & 0x0F)); err != nil {
			return err
		}
		in := uint64(1)
		if flags&0x10 != 0 {
			if in, err = r.count("coder input streams", MaxCoders, 0); err != nil {
				return err
			}
			out, err := r.count("coder output streams", MaxCoders, 0)
			if err != nil {
				return err
			}
			c.numOut = int(out)
		}
		if flags&0x20 != 0 {
			size, err := r.number()
			if err != nil {
				return err
			}
			if c.props, err = r.bytes(size); err != nil {
				return err
			}
		}
		numIn += int(in)
		f.numOut += c.numOut
		if numIn > MaxCoders || f.numOut > MaxCoders {
			return fmt.Errorf("%w: more than %d streams in a folder", errRefused, MaxCoders)
		}
		f.coders = append(f.coders, c)
	}
	if f.numOut == 0 {
		return r.errorf("folder without output streams")
	}
	bindPairs := f.numOut - 1
	for range 2 * bindPairs {
		if _, err := r.number(); err != nil {
			return err
		}
	}
	f.packed = numIn - bindPairs
	if f.packed < 1 {
		return r.errorf("folder with %d inputs and %d bind pairs", numIn, bindPairs)
	}
	if f.packed > 1 {
		for range f.packed {
			if _, err := r.number(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *hreader) subStreams(si *streamsInfo) error {
	id, err := r.byte()
	if err != nil {
		return err
	}
	total := uint64(len(si.folders))
	if id == idNumUnpackStream {
		total = 0
		for i := range si.folders {
			if si.folders[i].substrms, err = r.count("files in a folder", MaxFiles, 0); err != nil {
				return err
			}
			total += si.folders[i].substrms
			if total > MaxFiles {
				return fmt.Errorf("%w: more than %d files in folders", errRefused, MaxFiles)
			}
		}
		if id, err = r.byte(); err != nil {
			return err
		}
	}
	if id == idSize {
		for _, f := range si.folders {
			for j := uint64(1); j < f.substrms; j++ {
				if _, err := r.number(); err != nil {
					return err
				}
			}
		}
		if id, err = r.byte(); err != nil {
			return err
		}
	}
	for id != idEnd {
		if id != idCRC {
			return r.errorf("unexpected property %#x in substreams info", id)
		}
		var unknown uint64
		for _, f := range si.folders {
			if f.substrms != 1 || !f.hasCRC {
				unknown += f.substrms
			}
		}
		if _, err := r.digests(unknown); err != nil {
			return err
		}
		if id, err = r.byte(); err != nil {
			return err
		}
	}
	return nil
}

// header reads a plain Header (after its property id) and returns its
// main streams info (nil if none) and the number of files.
func (r *hreader) header() (*streamsInfo, uint64, error) {
	id, err := r.byte()
	if err != nil {
		return nil, 0, err
	}
	if id == idArchiveProperties {
		if err := r.skipProperties(); err != nil {
			return nil, 0, err
		}
		if id, err = r.byte(); err != nil {
			return nil, 0, err
		}
	}
	if id == idAdditionalStreamsInfo {
		if _, err := r.streams(); err != nil {
			return nil, 0, err
		}
		if id, err = r.byte(); err != nil {
			return nil, 0, err
		}
	}
	var main *streamsInfo
	if id == idMainStreamsInfo {
		if main, err = r.streams(); err != nil {
			return nil, 0, err
		}
		if id, err = r.byte(); err != nil {
			return nil, 0, err
		}
	}
	var files uint64
	if id == idFilesInfo {
		if files, err = r.count("files", MaxFiles, 1); err != nil {
			return nil, 0, err
		}
		if err := r.skipProperties(); err != nil {
			return nil, 0, err
		}
		if id, err = r.byte(); err != nil {
			return nil, 0, err
		}
	}
	if id != idEnd {
		return nil, 0, r.errorf("unexpected property %#x in header", id)
	}
	return main, files, nil
}

// skipProperties skips (id, size, data) records up to an id of 0.
func (r *hreader) skipProperties() error {
	for {
		id, err := r.number()
		if err != nil {
			return err
		}
		if id == idEnd {
			return nil
		}
		size, err := r.number()
		if err != nil {
			return err
		}
		if _, err := r.bytes(size); err != nil {
			return err
		}
	}
}

// le32 reads a little-endian uint32 from p, which has at least 4 bytes.
func le32(p []byte) uint32 { return binary.LittleEndian.Uint32(p) }
