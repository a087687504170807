package zip

import (
	"bytes"
	"compress/bzip2"
	"compress/flate"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"

	"github.com/overt-sec/overt/content"
)

// localHeaderLen is the fixed part of a local file header.
const localHeaderLen = 30

// searchChunk is how much is read at a time when looking for the next
// local header signature.
const searchChunk = 64 << 10

var localSig = []byte("PK\x03\x04")

// extractLocal reads an archive whose central directory is missing or
// damaged (a truncated download, a carved file) from its local headers,
// front to back. An entry whose compressed size is not in its local header
// (sizes in a data descriptor) is decoded until its stream ends; the next
// header is then searched for.
func extractLocal(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	off := int64(0)
	for off+localHeaderLen <= size {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Err(); err != nil {
			return err
		}
		var h [localHeaderLen]byte
		if _, err := r.ReadAt(h[:], off); err != nil {
			return nil
		}
		if !bytes.Equal(h[:4], localSig) {
			next, ok := findSig(r, off+1, size)
			if !ok {
				return nil
			}
			off = next
			continue
		}
		flags := binary.LittleEndian.Uint16(h[6:])
		method := binary.LittleEndian.Uint16(h[8:])
		csize := int64(binary.LittleEndian.Uint32(h[18:]))
		usize := int64(binary.LittleEndian.Uint32(h[22:]))
		nlen := int64(binary.LittleEndian.Uint16(h[26:]))
		xlen := int64(binary.LittleEndian.Uint16(h[28:]))
		data := off + localHeaderLen + nlen + xlen
		if data > size {
			b.Event(content.EventCorrupt, "", "zip local header at %d: truncated", off)
			return nil
		}
		nb := make([]byte, nlen)
		r.ReadAt(nb, off+localHeaderLen)
		name := string(nb)
		if name == "" {
			name = "?"
		}
		known := flags&0x8 == 0 || csize != 0
		end := size
		if known && data+csize <= size {
			end = data + csize
		}
		sec := io.NewSectionReader(r, data, end-data)
		isDir := strings.HasSuffix(name, "/") && usize == 0
		switch {
		case isDir:
		case flags&flagEncrypted != 0 || method == methodAES:
			b.Event(content.EventEncrypted, name, "zip entry is encrypted")
		default:
			rd, err := localReader(sec, method, flags, usize, known)
			if err != nil {
				b.Event(content.EventUnsupported, name, "zip entry: %v", err)
				break
			}
			if err := yield(name, rd); err != nil {
				return err
			}
		}
		if known && end > data {
			off = end
		} else {
			next, ok := findSig(r, data, size)
			if !ok {
				return nil
			}
			off = next
		}
	}
	return nil
}

// localReader decodes one entry read from its local header.
func localReader(sec io.Reader, method, flags uint16, usize int64, known bool) (io.Reader, error) {
	switch method {
	case methodStore:
		if !known {
			return nil, fmt.Errorf("stored entry of unknown size")
		}
		return sec, nil
	case methodDeflate:
		return flate.NewReader(sec), nil
	case methodDeflate64:
		return NewInflater64(sec), nil
	case methodBzip2:
		return bzip2.NewReader(sec), nil
	case methodImplode:
		if usize == 0 {
			return nil, fmt.Errorf("imploded entry of unknown size")
		}
		return NewExploder(sec, flags, usize), nil
	case methodLZMA:
		if flags&0x8 != 0 && usize == 0 {
			usize = -1 // sizes in a data descriptor: the stream has an end marker
		}
		return newLZMA(sec, flags, usize)
	case methodZstd:
		return newZstd(sec), nil
	case methodXZ:
		return newXZ(sec), nil
	}
	return nil, fmt.Errorf("compression method %d is not supported", method)
}

// findSig returns the offset of the next local header signature at or
// after from.
func findSig(r io.ReaderAt, from, size int64) (int64, bool) {
	buf := make([]byte, searchChunk+len(localSig)-1)
	for from < size {
		n, _ := r.ReadAt(buf[:min(int64(len(buf)), size-from)], from)
		if n < len(localSig) {
			return 0, false
		}
		if i := bytes.Index(buf[:n], localSig); i >= 0 {
			return from + int64(i), true
		}
		from += int64(n - len(localSig) + 1)
	}
	return 0, false
}
