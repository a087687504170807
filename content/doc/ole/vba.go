package ole

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"unicode/utf16"
)

// MaxVBASource bounds one decompressed VBA module or dir stream: real
// modules are kilobytes; the MS-OVBA format expands at most ~1,300×.
const MaxVBASource = 16 << 20

// errVBA reports a damaged compressed container.
var errVBA = errors.New("damaged VBA compressed container")

// decompressVBA undoes MS-OVBA's compression (section 2.4.1): a signature
// byte 1, then chunks of at most 4,096 decompressed bytes, each raw or a
// sequence of flag bytes and literal or copy tokens. What decompressed
// before damage is returned with the error.
func decompressVBA(in []byte) ([]byte, error) {
	if len(in) == 0 || in[0] != 1 {
		return nil, errVBA
	}
	var out []byte
	pos := 1
	for pos+2 <= len(in) {
		h := binary.LittleEndian.Uint16(in[pos:])
		size := int(h&0x0FFF) + 3
		end := min(pos+size, len(in))
		pos += 2
		chunkStart := len(out)
		if h&0x8000 == 0 {
			end = min(pos+4096, len(in))
			out = append(out, in[pos:end]...)
			pos = end
		} else {
			for pos < end {
				flags := in[pos]
				pos++
				for bit := 0; bit < 8 && pos < end; bit++ {
					if flags&(1<<bit) == 0 {
						out = append(out, in[pos])
						pos++
						continue
					}
					if pos+2 > end {
						return out, errVBA
					}
					tok := int(binary.LittleEndian.Uint16(in[pos:]))
					pos += 2
					d := len(out) - chunkStart
					bits := 4
					for 1<<bits < d {
						bits++
					}
					length := tok&(0xFFFF>>bits) + 3
					offset := tok>>(16-bits) + 1
					if offset > d {
						return out, errVBA
					}
					for range length {
						out = append(out, out[len(out)-offset])
					}
				}
			}
		}
		if len(out) > MaxVBASource {
			return out[:MaxVBASource], errVBA
		}
	}
	return out, nil
}

// vbaModule is one module found in a VBA project's dir stream.
type vbaModule struct {
	name, stream string
	offset       uint32
}

// parseDir reads the module records of a decompressed dir stream
// (MS-OVBA 2.3.4.2).
func parseDir(d []byte) []vbaModule {
	le := binary.LittleEndian
	var mods []vbaModule
	var cur vbaModule
	for pos := 0; pos+6 <= len(d); {
		id := le.Uint16(d[pos:])
		size := int(le.Uint32(d[pos+2:]))
		if id == 0x0009 { // PROJECTVERSION: its size field is reserved; 6 bytes follow it
			pos += 12
			continue
		}
		body := pos + 6
		if size < 0 || size > len(d)-body {
			break
		}
		v := d[body : body+size]
		switch id {
		case 0x0019: // MODULENAME
			cur = vbaModule{name: latin1(v)}
		case 0x0047: // MODULENAMEUNICODE
			if n := utf16le(v); n != "" {
				cur.name = n
			}
		case 0x001A: // MODULESTREAMNAME
			cur.stream = latin1(v)
		case 0x0032: // MODULESTREAMNAMEUNICODE
			if n := utf16le(v); n != "" {
				cur.stream = n
			}
		case 0x0031: // MODULEOFFSET
			if size >= 4 {
				cur.offset = le.Uint32(v)
			}
		case 0x002B: // end of MODULE
			if cur.stream == "" {
				cur.stream = cur.name
			}
			if cur.stream != "" {
				mods = append(mods, cur)
			}
			cur = vbaModule{}
		case 0x0010: // end of dir
			return mods
		}
		pos = body + size
	}
	return mods
}

func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

func utf16le(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// attributMarker starts every module's source ("Attribute VB_Name = …")
// and lets a module be found without a readable dir stream: the
// compressed container begins 3 bytes before "\x00Attribut".
var attributMarker = []byte("\x00Attribut")

// findSource decompresses module source from a stream whose offset is
// unknown.
func findSource(s []byte) ([]byte, bool) {
	i := bytes.Index(s, attributMarker)
	if i < 3 {
		return nil, false
	}
	src, _ := decompressVBA(s[i-3:])
	return src, len(src) > 0 && bytes.HasPrefix(src, []byte("Attribut"))
}

// isVBAStorage reports whether a storage path names a VBA project storage.
func isVBAStorage(p string) bool {
	i := strings.LastIndexByte(p, '/')
	return strings.EqualFold(p[i+1:], "VBA")
}
