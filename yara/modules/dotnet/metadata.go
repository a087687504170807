package dotnet

import (
	"github.com/overt-sec/overt/yara/modules/pe"
)

// Offsets in the CLI header (ECMA-335 §II.25.3.3) and metadata root
// (§II.24.2.1).
const (
	dirCLI         = 14         // the CLI header's data directory
	cliHeaderSize  = 72         // IMAGE_COR20_HEADER
	metadataMagic  = 0x424a5342 // "BSJB"
	rootFixedSize  = 16         // signature, versions, reserved, length
	streamHdrFixed = 8          // offset and size before the name
)

// stream is one metadata stream header; off is a file offset.
type stream struct {
	name      []byte
	off, size int64
}

// assembly is a .NET image being parsed: the data, the metadata root
// and the streams the module reads.
type assembly struct {
	r       reader
	img     *pe.Image
	resRVA  uint32 // CLI header Resources directory
	root    int64  // file offset of the metadata root
	version []byte
	streams []stream
	tilde   *stream // "#~" or "#-"
	strings *stream
	us      *stream
	blob    *stream
	guid    *stream
	tables  *tables
}

// parseAssembly finds the metadata of a .NET image, or returns nil when
// data is not a PE file with a CLI header pointing at a metadata root.
func parseAssembly(data []byte) *assembly {
	img := pe.Parse(data)
	if img == nil {
		return nil
	}
	r := reader(data)
	rva, _, ok := img.Directory(dirCLI)
	if !ok || rva == 0 {
		return nil
	}
	cli := img.Offset(uint64(rva))
	if cli < 0 || !r.fits(cli, cliHeaderSize) {
		return nil
	}
	mdRVA, _ := r.u32(cli + 8)
	a := &assembly{r: r, img: img}
	a.resRVA, _ = r.u32(cli + 24)
	a.root = img.Offset(uint64(mdRVA))
	if a.root < 0 || !r.fits(a.root, rootFixedSize) {
		return nil
	}
	if magic, _ := r.u32(a.root); magic != metadataMagic {
		return nil
	}
	a.parseRoot()
	return a
}

// parseRoot reads the version string and the stream headers.
func (a *assembly) parseRoot() {
	r := a.r
	n, _ := r.u32(a.root + 12)
	if n == 0 || n > maxVersionLen || !r.fits(a.root+rootFixedSize, int64(n)) {
		return
	}
	v := r[a.root+rootFixedSize : a.root+rootFixedSize+int64(n)]
	for i, c := range v {
		if c == 0 {
			v = v[:i]
			break
		}
	}
	a.version = v
	off := a.root + rootFixedSize + int64(n) + 2
	count, ok := r.u16(off)
	if !ok {
		return
	}
	off += 2
	for range min(int(count), maxStreams) {
		so, ok1 := r.u32(off)
		ss, ok2 := r.u32(off + 4)
		name, ok3 := r.cstring(off+streamHdrFixed, maxStreamName)
		if !ok1 || !ok2 || !ok3 {
			break
		}
		s := stream{name: name, off: a.root + int64(so), size: int64(ss)}
		a.streams = append(a.streams, s)
		sp := &a.streams[len(a.streams)-1]
		_ = sp
		off += streamHdrFixed + (int64(len(name))+4)&^3
	}
	for i := range a.streams {
		s := &a.streams[i]
		switch string(s.name) {
		case "#~", "#-":
			if a.tilde == nil {
				a.tilde = s
			}
		case "#Strings":
			if a.strings == nil {
				a.strings = s
			}
		case "#US":
			if a.us == nil {
				a.us = s
			}
		case "#Blob":
			if a.blob == nil {
				a.blob = s
			}
		case "#GUID":
			if a.guid == nil {
				a.guid = s
			}
		}
	}
}

// str returns the string at index i of the #Strings heap, or false.
func (a *assembly) str(i uint32) ([]byte, bool) {
	if a.strings == nil || int64(i) >= a.strings.size {
		return nil, false
	}
	return a.r.cstring(a.strings.off+int64(i), maxStringLen)
}

// blobAt returns the blob at index i of the #Blob heap, or false when its
// length prefix or contents fall outside the data.
func (a *assembly) blobAt(i uint32) ([]byte, bool) {
	if a.blob == nil || int64(i) >= a.blob.size {
		return nil, false
	}
	off := a.blob.off + int64(i)
	n, hl, ok := a.r.compressed(off)
	if !ok || !a.r.fits(off+hl, int64(n)) {
		return nil, false
	}
	return a.r[off+hl : off+hl+int64(n)], true
}
