package rtf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// ole1 reads an OLE1 object (MS-OLEDS 2.2.4 ObjectHeader + native data).
// For the "Package" class it returns the carried file's name and content;
// otherwise "" and the native data.
func ole1(d []byte) (string, []byte, error) {
	le := binary.LittleEndian
	pos := 8 // OLEVersion, FormatID
	if len(d) < pos {
		return "", nil, errors.New("header truncated")
	}
	if f := le.Uint32(d[4:]); f != 2 {
		return "", nil, fmt.Errorf("format %d is not an embedded object", f)
	}
	str := func() (string, error) {
		if pos+4 > len(d) {
			return "", errors.New("truncated string length")
		}
		n := int(le.Uint32(d[pos:]))
		pos += 4
		if n < 0 || n > len(d)-pos {
			return "", fmt.Errorf("string of %d bytes overruns the object", n)
		}
		s := strings.TrimRight(string(d[pos:pos+n]), "\x00")
		pos += n
		return s, nil
	}
	class, err := str()
	if err != nil {
		return "", nil, fmt.Errorf("class name: %w", err)
	}
	for range 2 { // topic and item names
		if _, err := str(); err != nil {
			return "", nil, err
		}
	}
	if pos+4 > len(d) {
		return "", nil, errors.New("native data size truncated")
	}
	n := int(le.Uint32(d[pos:]))
	pos += 4
	native := d[pos:]
	if n >= 0 && n <= len(native) {
		native = native[:n]
	}
	if class != "Package" {
		return "", native, nil
	}
	name, file, err := packageFile(native)
	if err != nil {
		return "", native, nil
	}
	return name, file, nil
}

// packageFile reads an OLE Package's native data: a 2-byte header, the
// label and source path as NUL-terminated strings, two reserved bytes, a
// 2-byte format, the temporary path, then the file size and content.
func packageFile(d []byte) (string, []byte, error) {
	le := binary.LittleEndian
	if len(d) < 2 {
		return "", nil, errors.New("package truncated")
	}
	pos := 2
	cstr := func() (string, error) {
		i := bytes.IndexByte(d[pos:], 0)
		if i < 0 {
			return "", errors.New("unterminated string")
		}
		s := string(d[pos : pos+i])
		pos += i + 1
		return s, nil
	}
	label, err := cstr()
	if err != nil {
		return "", nil, err
	}
	if _, err := cstr(); err != nil {
		return "", nil, err
	}
	pos += 4 // reserved and format
	if pos+4 > len(d) {
		return "", nil, errors.New("package truncated")
	}
	tl := int(le.Uint32(d[pos:]))
	pos += 4
	if tl < 0 || tl > len(d)-pos {
		return "", nil, errors.New("temporary path overruns the package")
	}
	pos += tl
	if pos+4 > len(d) {
		return "", nil, errors.New("package truncated")
	}
	n := int(le.Uint32(d[pos:]))
	pos += 4
	file := d[pos:]
	if n >= 0 && n <= len(file) {
		file = file[:n]
	}
	if i := strings.LastIndexAny(label, `/\`); i >= 0 {
		label = label[i+1:]
	}
	return label, file, nil
}
