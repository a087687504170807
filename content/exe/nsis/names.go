package nsis

import (
	"encoding/binary"
	"strings"
	"unicode/utf16"
)

// The install script header (the "#header" object) starts with a flags
// word and eight block headers {offset, count}: pages, sections, entries,
// strings, language tables, control colours, background font, data. The
// entries block holds the compiled script: each entry is an opcode and six
// parameters. The opcode that extracts a file (ExtractFile, 20 in NSIS 2
// and 3) has the output name's string offset as parameter 1 and the data
// block's offset (from the end of the header block) as parameter 2.
const (
	blockEntries = 2 // index of the entries block header
	blockStrings = 3 // index of the strings block header
	numBlocks    = 8
	entrySize    = 4 * 7 // opcode and six parameters
	opExtract    = 20    // EW_EXTRACTFILE
)

// MaxName bounds a file name read from the string table: Windows paths
// are at most 32767 UTF-16 units; installers use a few dozen.
const MaxName = 1024

// MaxEntries bounds the script entries examined for names; real installers
// have thousands, the header size (at most MaxHeader) bounds it anyway.
const MaxEntries = 1 << 20

// fileNames maps data offsets to the names ExtractFile entries give them;
// what cannot be parsed is skipped, the names are a convenience.
func fileNames(hdr []byte) map[uint32]string {
	le := binary.LittleEndian
	if len(hdr) < 4+8*numBlocks {
		return nil
	}
	entOff := le.Uint32(hdr[4+8*blockEntries:])
	entNum := le.Uint32(hdr[4+8*blockEntries+4:])
	strOff := le.Uint32(hdr[4+8*blockStrings:])
	if entNum > MaxEntries || uint64(entOff)+uint64(entNum)*entrySize > uint64(len(hdr)) || uint64(strOff) >= uint64(len(hdr)) {
		return nil
	}
	strs := hdr[strOff:]
	wide := isUTF16(strs)
	names := map[uint32]string{}
	for i := uint32(0); i < entNum; i++ {
		e := hdr[entOff+i*entrySize:]
		if le.Uint32(e) != opExtract {
			continue
		}
		nameOff, dataOff := le.Uint32(e[8:]), le.Uint32(e[12:])
		if _, dup := names[dataOff]; dup {
			continue
		}
		if n := readString(strs, nameOff, wide); n != "" {
			names[dataOff] = n
		}
	}
	return names
}

// isUTF16 reports whether the string table is UTF-16 (Unicode NSIS 3): its
// first string is empty and most high bytes of the next characters are 0.
func isUTF16(s []byte) bool {
	if len(s) < 4 || s[0] != 0 || s[1] != 0 {
		return false
	}
	zero, n := 0, 0
	for i := 3; i < len(s) && i < 259; i += 2 {
		n++
		if s[i] == 0 {
			zero++
		}
	}
	return zero*4 >= n*3
}

// readString decodes the NUL-terminated string at off (in characters) of
// the table, turning NSIS's variable and language codes into "$" and
// sanitising the result into a relative slash-separated path; "" if none.
func readString(tab []byte, off uint32, wide bool) string {
	var sb strings.Builder
	if wide {
		p := uint64(off) * 2
		for n := 0; p+1 < uint64(len(tab)) && n < MaxName; n++ {
			c := binary.LittleEndian.Uint16(tab[p:])
			p += 2
			switch {
			case c == 0:
				return clean(sb.String())
			case c >= 1 && c <= 3: // language, shell folder, variable: one code unit follows
				p += 2
				sb.WriteByte('$')
			case c == 4: // skip: the next unit is literal
				if p+1 < uint64(len(tab)) {
					sb.WriteRune(utf16.Decode([]uint16{binary.LittleEndian.Uint16(tab[p:])})[0])
				}
				p += 2
			default:
				sb.WriteRune(utf16.Decode([]uint16{c})[0])
			}
		}
		return ""
	}
	for p, n := uint64(off), 0; p < uint64(len(tab)) && n < MaxName; n++ {
		c := tab[p]
		p++
		switch {
		case c == 0:
			return clean(sb.String())
		case c >= 1 && c <= 3, c >= 253: // NSIS 3 and NSIS 2 codes: two bytes follow
			p += 2
			sb.WriteByte('$')
		case c == 4 || c == 252: // skip code: the next byte is literal
			if p < uint64(len(tab)) {
				sb.WriteRune(rune(tab[p]))
			}
			p++
		default:
			sb.WriteRune(rune(c)) // Latin-1 view of the code page
		}
	}
	return ""
}

// clean makes a script path a relative, slash-separated name without
// empty, "." or ".." elements or control characters.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\\", "/")
	var parts []string
	for _, p := range strings.Split(s, "/") {
		p = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return -1
			}
			return r
		}, p)
		if p == "" || p == "." || p == ".." {
			continue
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "/")
}
