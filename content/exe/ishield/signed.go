package ishield

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"io"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
)

const (
	signature    = "InstallShield\x00"
	signedHdrLen = 46  // signature, count, padding
	nameField    = 260 // MAX_PATH
	descLen      = 52  // flags, size and reserved words
	entryHdrLen  = nameField + descLen
	flagEncrypt  = 2    // data encrypted with the name key
	flagBlocks   = 4    // the key index restarts every keyBlock bytes
	keyBlock     = 1024 // see flagBlocks
	keySeed      = "\x13\x35\x86\x07"
)

// findSigned returns the offset of the "InstallShield" signature within
// MaxSearch bytes of the overlay.
func findSigned(f *exe.File) (int64, bool) {
	buf := make([]byte, min(int64(MaxSearch+len(signature)), f.Size-f.Overlay))
	n, _ := f.R.ReadAt(buf, f.Overlay)
	i := bytes.Index(buf[:n], []byte(signature))
	if i < 0 {
		return 0, false
	}
	return f.Overlay + int64(i), true
}

// extractSigned yields the files of the "InstallShield" layout.
func extractSigned(ctx context.Context, f *exe.File, b *content.Budget, yield func(string, io.Reader) error) (bool, error) {
	start, ok := findSigned(f)
	if !ok {
		return false, nil
	}
	var cnt [4]byte
	f.R.ReadAt(cnt[:], start+int64(len(signature)))
	count := int64(binary.LittleEndian.Uint32(cnt[:]))
	off := start + signedHdrLen
	hdr := make([]byte, entryHdrLen)
	for i := int64(0); i < count; i++ {
		if err := ctx.Err(); err != nil {
			return true, err
		}
		if err := b.Err(); err != nil {
			return true, err
		}
		if i >= MaxFiles {
			return true, b.Limit("installshield: file count limit (%d) reached", MaxFiles)
		}
		if n, _ := f.R.ReadAt(hdr, off); n < entryHdrLen {
			b.Event(content.EventCorrupt, "", "installshield: file %d of %d: header at offset %d runs past the end of the file", i+1, count, off)
			return true, nil
		}
		rawName := hdr[:nameField]
		if k := bytes.IndexByte(rawName, 0); k >= 0 {
			rawName = rawName[:k]
		}
		name := cleanPath(string(rawName))
		flags := binary.LittleEndian.Uint32(hdr[nameField:])
		size := int64(binary.LittleEndian.Uint32(hdr[nameField+8:]))
		data := off + entryHdrLen
		if size > f.Size-data {
			b.Event(content.EventCorrupt, name, "installshield: file of %d bytes at offset %d runs past the end of the file", size, data)
			size = f.Size - data
		}
		var rd io.Reader = io.NewSectionReader(f.R, data, size)
		if flags&flagEncrypt != 0 {
			if len(rawName) == 0 {
				b.Event(content.EventEncrypted, name, "installshield: encrypted file without a name to derive its key from")
				off = data + size
				continue
			}
			rd = newDecrypter(rd, rawName, flags&flagBlocks != 0)
		}
		rd = maybeZlib(rd)
		if err := yield(name, rd); err != nil {
			return true, err
		}
		off = data + size
	}
	return true, nil
}

// decrypter undoes the name-keyed byte encryption.
type decrypter struct {
	r      io.Reader
	key    []byte
	blocks bool
	pos    int64
}

func newDecrypter(r io.Reader, name []byte, blocks bool) *decrypter {
	key := make([]byte, len(name))
	for i, c := range name {
		key[i] = c ^ keySeed[i%len(keySeed)]
	}
	return &decrypter{r: r, key: key, blocks: blocks}
}

func (d *decrypter) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	for i := range p[:n] {
		j := d.pos
		if d.blocks {
			j %= keyBlock
		}
		c := p[i]
		p[i] = ^(d.key[j%int64(len(d.key))] ^ (c<<4 | c>>4))
		d.pos++
	}
	return n, err
}

// maybeZlib returns a zlib decompressor of r if r starts with a zlib
// header (deflate, without preset dictionary), else r.
func maybeZlib(r io.Reader) io.Reader {
	var h [2]byte
	n, _ := io.ReadFull(r, h[:])
	whole := io.MultiReader(bytes.NewReader(h[:n]), r)
	if n < 2 || h[0]&0x0f != 8 || h[0]>>4 > 7 || h[1]&0x20 != 0 || (uint16(h[0])<<8|uint16(h[1]))%31 != 0 {
		return whole
	}
	zr, err := zlib.NewReader(whole)
	if err != nil { // cannot happen: the header was checked
		return bytes.NewReader(nil)
	}
	return zr
}
