package ole

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// An embedded OLE1 "Package" object (a file dropped into a document) is
// kept in a stream named "\x01Ole10Native": a 4-byte size, then the
// package: 2 bytes, the label and the source path as NUL-terminated
// strings, 4 bytes, the temporary path's length and bytes, then the
// file's size and content.

// PackagePrefix starts the names of files carried by OLE1 packages:
// "#package/<label>", then "#package2/<label>", ….
const PackagePrefix = "#package"

// ole10Stream is the display name of the stream.
const ole10Stream = `\x01Ole10Native`

// yieldPackages yields the file carried by every Ole10Native stream that
// holds a package; other native data stays only in the raw stream.
func yieldPackages(ctx context.Context, c *cfb, yield func(string, io.Reader) error) error {
	k := 0
	for i := range c.entries {
		e := &c.entries[i]
		if e.typ != 2 || e.path == "" || !strings.HasSuffix(e.path, ole10Stream) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		label, file, ok := packageFile(c.streamData(e))
		if !ok {
			continue
		}
		k++
		prefix := PackagePrefix + "/"
		if k > 1 {
			prefix = fmt.Sprintf("%s%d/", PackagePrefix, k)
		}
		if label == "" {
			label = "file"
		}
		if err := yield(prefix+label, bytes.NewReader(file)); err != nil {
			return err
		}
	}
	return nil
}

// packageFile parses an Ole10Native stream; ok is false when it does not
// hold a well-formed package.
func packageFile(d []byte) (label string, file []byte, ok bool) {
	le := binary.LittleEndian
	if len(d) < 6 {
		return "", nil, false
	}
	if n := int64(le.Uint32(d)); n < int64(len(d)-4) {
		d = d[:4+n]
	}
	pos := 6
	cstr := func() (string, bool) {
		if pos > len(d) {
			return "", false
		}
		i := bytes.IndexByte(d[pos:], 0)
		if i < 0 {
			return "", false
		}
		s := string(d[pos : pos+i])
		pos += i + 1
		return s, true
	}
	label, ok1 := cstr()
	_, ok2 := cstr()
	if !ok1 || !ok2 {
		return "", nil, false
	}
	// field reads a 32-bit length and the bytes it counts.
	field := func() ([]byte, bool) {
		if pos+4 > len(d) {
			return nil, false
		}
		n := int64(le.Uint32(d[pos:]))
		pos += 4
		if n > int64(len(d)-pos) {
			return nil, false
		}
		f := d[pos : pos+int(n)]
		pos += int(n)
		return f, true
	}
	pos += 4
	_, ok1 = field() // the temporary path
	file, ok2 = field()
	if !ok1 || !ok2 {
		return "", nil, false
	}
	if i := strings.LastIndexAny(label, `/\`); i >= 0 {
		label = label[i+1:]
	}
	return label, file, true
}
