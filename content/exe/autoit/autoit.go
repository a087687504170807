// Package autoit opens compiled AutoIt v3 scripts for --unpack: the files
// the script installs (FileInstall) and the script itself.
//
// Layout (AutoIt 3.2 and later, learnt from ClamAV's clam.ea05.exe and
// clam.ea06.exe with clam.exe as known plaintext): the interpreter stub
// carries, in its overlay or in an RCDATA resource named "SCRIPT", a
// 16-byte marker, the subtype "AU3!EA05" or "AU3!EA06", 16 bytes (in EA05
// their sum keys the data), then records and the subtype again as the end
// mark. A record is:
//
//	tag      4 bytes, "FILE" encrypted
//	name     length (uint32 XOR a constant), then the name encrypted with a
//	         key of a constant plus the length; EA06 names are UTF-16
//	path     the same, with other constants: the path it was compiled from
//	flag     1 byte, 1 when the data is compressed
//	sizes    stored size, decompressed size, Adler-32 of the decrypted
//	         stored bytes: uint32s XORed with constants
//	times    two FILETIMEs
//	data     stored size bytes, encrypted
//
// Every field is encrypted with a fresh keystream: MT19937 in EA05, a
// lagged additive generator in EA06 (crypt.go). Compressed data is
// AutoIt's LZ scheme (lz.go). The script is the record named
// ">AUTOIT SCRIPT<", ">AUTOIT UNICODE SCRIPT<" or ">>>AUTOIT SCRIPT<<<"
// and is yielded as "#script" (EA06 scripts are a token stream, yielded as
// such); other records are yielded under their name, made relative and
// slash-separated ("C:\clam.exe" gives "clam.exe").
package autoit

import (
	"bytes"
	"context"
	"errors"
	"io"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
)

func init() { exe.Register(exe.Handler{Name: "autoit", Extract: Extract}) }

// Limits, each with its reason.
const (
	// MaxProbe is how many bytes at the start of the overlay and of the
	// SCRIPT resource are searched for the marker: the compiler writes it
	// first; a little slack covers padding without reading every large
	// overlay in full.
	MaxProbe = 64 << 10
	// MaxName bounds a record's name and path, in characters: Windows
	// paths are at most 32767 UTF-16 units.
	MaxName = 32767
	// MaxRecords bounds the records read from one script: each FileInstall
	// makes one; real scripts carry a handful, the entry limit of the
	// budget applies as well.
	MaxRecords = 1 << 16
)

// marker is the 16 bytes that precede the subtype.
var marker = []byte{0xa3, 0x48, 0x4b, 0xbe, 0x98, 0x6c, 0x4a, 0xa9, 0x99, 0x4c, 0x53, 0x0a, 0x86, 0xd6, 0x48, 0x7d}

const (
	subtypeLen = 8 // "AU3!EA05"
	keyLen     = 16
	headerLen  = 16 + subtypeLen + keyLen
)

var errUnsupported = errors.New("unsupported")

// Extract is the exe.Handler of compiled AutoIt scripts.
func Extract(ctx context.Context, f *exe.File, b *content.Budget, yield func(string, io.Reader) error) (bool, error) {
	start, end, ok := locate(f)
	if !ok {
		return false, nil
	}
	var h [headerLen]byte
	if n, _ := f.R.ReadAt(h[:], start); n < len(h) || start+headerLen > end {
		b.Event(content.EventCorrupt, "", "autoit: header at offset %d cut short by the end of the data", start)
		return true, nil
	}
	sub := string(h[16 : 16+subtypeLen])
	v, ok := versions[sub]
	if !ok {
		b.Event(content.EventUnsupported, "", "autoit: script subtype %q at offset %d", sub, start+16)
		return true, nil
	}
	s := &script{f: f, b: b, v: v, pos: start + headerLen, end: end, sub: sub}
	if v.sumKey {
		for _, c := range h[16+subtypeLen:] {
			s.dataKey += uint32(c)
		}
	}
	s.dataKey += v.dataKey
	return true, s.records(ctx, yield)
}

// locate finds the marker near the start of the overlay or of the SCRIPT
// resource and returns its offset and the end of the data holding it.
func locate(f *exe.File) (start, end int64, ok bool) {
	if off, ok := probe(f, f.Overlay, f.Size); ok {
		return off, f.Size, true
	}
	if roff, rsize, ok := scriptResource(f); ok {
		if off, ok := probe(f, roff, roff+rsize); ok {
			return off, roff + rsize, true
		}
	}
	return 0, 0, false
}

// probe searches the first MaxProbe bytes of [from, to) for the marker
// followed by "AU3!".
func probe(f *exe.File, from, to int64) (int64, bool) {
	n := min(to-from, MaxProbe)
	if n < int64(len(marker))+4 {
		return 0, false
	}
	buf := make([]byte, n)
	k, _ := f.R.ReadAt(buf, from)
	buf = buf[:k]
	want := append(append([]byte(nil), marker...), "AU3!"...)
	i := bytes.Index(buf, want)
	if i < 0 {
		return 0, false
	}
	return from + int64(i), true
}
