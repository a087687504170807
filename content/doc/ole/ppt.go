package ole

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/overt-sec/overt/content"
)

// PowerPoint 97–2003 embedded objects ([MS-PPT]): the "PowerPoint
// Document" stream is a tree of records, each an 8-byte header (4 bits of
// version, 12 of instance, 16 of type, 32 of length) and a body; version
// 0xF marks a container whose body is more records. An ExOleObjStg record
// holds an embedded OLE object (itself usually a compound file): stored
// when its instance is 0, zlib-compressed after a 4-byte decompressed size
// when it is 1.
const (
	pptStream      = "PowerPoint Document"
	pptContainer   = 0xF
	recExOleObjStg = 0x1011
	pptHeader      = 8
	// PPTPrefix starts the names of PowerPoint's embedded objects:
	// "#ppt/object1", "#ppt/object2", … in stream order.
	PPTPrefix = "#ppt/object"
	// MaxPPTRecords bounds the record headers read from one stream: a
	// large presentation has tens of thousands; each costs a little time.
	MaxPPTRecords = 1 << 20
	// MaxPPTDepth bounds container nesting: real presentations nest a
	// handful of levels.
	MaxPPTDepth = 64
)

// yieldPPT yields every embedded object of a PowerPoint document.
func yieldPPT(ctx context.Context, c *cfb, b *content.Budget, yield func(string, io.Reader) error) error {
	e := c.find(pptStream)
	if e == nil || c.find("EncryptedSummary") != nil {
		return nil
	}
	d := c.streamData(e)
	le := binary.LittleEndian
	ends := []int{len(d)} // ends of the open containers, innermost last
	pos, count, records := 0, 0, 0
	for len(ends) > 0 {
		end := ends[len(ends)-1]
		if pos+pptHeader > end {
			if pos < end {
				b.Event(content.EventCorrupt, e.path, "ppt: truncated record header at offset %d", pos)
			}
			pos = end
			ends = ends[:len(ends)-1]
			continue
		}
		if records++; records > MaxPPTRecords {
			b.Event(content.EventLimit, e.path, "ppt: record limit (%d) reached", MaxPPTRecords)
			return nil
		}
		verInst := le.Uint16(d[pos:])
		typ := le.Uint16(d[pos+2:])
		n := int64(le.Uint32(d[pos+4:]))
		body := pos + pptHeader
		if n > int64(end-body) {
			b.Event(content.EventCorrupt, e.path, "ppt: record of type 0x%04x at offset %d runs past its container", typ, pos)
			n = int64(end - body)
		}
		switch {
		case verInst&0xF == pptContainer:
			if len(ends) == MaxPPTDepth {
				b.Event(content.EventLimit, e.path, "ppt: container nesting limit (%d) reached at offset %d", MaxPPTDepth, pos)
				pos = body + int(n)
				continue
			}
			ends = append(ends, body+int(n))
			pos = body
			continue
		case typ == recExOleObjStg:
			if err := ctx.Err(); err != nil {
				return err
			}
			count++
			name := fmt.Sprintf("%s%d", PPTPrefix, count)
			data := d[body : body+int(n)]
			var rd io.Reader = bytes.NewReader(data)
			if verInst>>4 == 1 {
				if len(data) < 4 {
					b.Event(content.EventCorrupt, name, "ppt: compressed object without its size")
					break
				}
				zr, err := zlib.NewReader(bytes.NewReader(data[4:]))
				if err != nil {
					b.Event(content.EventCorrupt, name, "ppt: embedded object: %v", err)
					break
				}
				rd = zr
			}
			if err := yield(name, rd); err != nil {
				return err
			}
		}
		pos = body + int(n)
	}
	return nil
}
