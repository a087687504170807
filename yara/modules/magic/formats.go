package magic

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"time"
)

// maxGzipName is the most bytes of a gzip header's original file name that
// libmagic quotes; longer names are cut, as libmagic cuts them.
const maxGzipName = 127

// gzipOS names the operating systems of a gzip header's OS byte as libmagic
// does; unknown values print nothing.
var gzipOS = []string{
	"FAT filesystem (MS-DOS, OS/2, NT)", "Amiga", "VMS", "Unix", "VM/CMS", "Atari",
	"HPFS filesystem (OS/2, NT)", "MacOS", "Z-System", "CP/M", "TOPS/20",
	"NTFS filesystem (NT)", "QDOS", "Acorn RISCOS",
}

// escapeMagic quotes bytes as libmagic prints a string value: printable
// ASCII as is, anything else as a three-digit octal escape.
func escapeMagic(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7f {
			sb.WriteByte(c)
		} else {
			fmt.Fprintf(&sb, "\\%03o", c)
		}
	}
	return sb.String()
}

// gzipType describes a gzip member header (RFC 1952). Headers shorter than
// the fixed 10 bytes are left undefined: libmagic's output for them depends
// on which of its tests run out of data.
func gzipType(d []byte) (string, string, bool) {
	if len(d) < 10 {
		return "", "", false
	}
	parts := []string{"gzip compressed data"}
	switch m := d[2]; {
	case m < 8:
		parts = append(parts, "reserved method")
	case m > 8:
		parts = append(parts, "unknown method")
	}
	flg := d[3]
	for _, f := range []struct {
		bit  byte
		text string
	}{{1, "ASCII"}, {2, "has CRC"}, {4, "extra field"}} {
		if flg&f.bit != 0 {
			parts = append(parts, f.text)
		}
	}
	if flg&0x0c == 0x08 {
		name := d[10:]
		if i := bytes.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		if len(name) > maxGzipName {
			name = name[:maxGzipName]
		}
		parts = append(parts, `was "`+escapeMagic(name)+`"`)
	}
	if flg&0x10 != 0 {
		parts = append(parts, "has comment")
	}
	if flg&0x20 != 0 {
		parts = append(parts, "encrypted")
	}
	if mt := int32(binary.LittleEndian.Uint32(d[4:])); mt > 0 {
		parts = append(parts, "last modified: "+time.Unix(int64(mt), 0).UTC().Format("Mon Jan _2 15:04:05 2006"))
	}
	switch d[8] {
	case 2:
		parts = append(parts, "max compression")
	case 4:
		parts = append(parts, "max speed")
	}
	if int(d[9]) < len(gzipOS) {
		parts = append(parts, "from "+gzipOS[d[9]])
	}
	return strings.Join(parts, ", "), "application/gzip", true
}

// xzChecks names the integrity checks of an xz stream header, by check ID.
var xzChecks = map[byte]string{0: "NONE", 1: "CRC32", 4: "CRC64", 10: "SHA-256"}

func xzType(d []byte) (string, string, bool) {
	if len(d) < 8 || d[6] != 0 {
		return "", "", false
	}
	c, ok := xzChecks[d[7]]
	if !ok {
		return "", "", false
	}
	return "XZ compressed data, checksum " + c, "application/x-xz", true
}

// zstdType describes a Zstandard frame (RFC 8878) without a dictionary ID;
// frames naming a dictionary are left undefined.
func zstdType(d []byte) (string, string, bool) {
	if len(d) < 5 || d[4]&3 != 0 {
		return "", "", false
	}
	return "Zstandard compressed data (v0.8+), Dictionary ID: None", "application/zstd", true
}

func sevenZipType(d []byte) (string, string, bool) {
	if len(d) < 8 || d[6] != 0 {
		return "", "", false
	}
	return fmt.Sprintf("7-zip archive data, version %d.%d", d[6], d[7]), "application/x-7z-compressed", true
}

func rarType(d []byte) (string, string, bool) {
	switch {
	case len(d) >= 8 && string(d[:8]) == "Rar!\x1a\x07\x01\x00":
		return "RAR archive data, v5", "application/x-rar", true
	case len(d) >= 7 && string(d[:7]) == "Rar!\x1a\x07\x00":
		return "RAR archive data", "application/x-rar", true
	}
	return "", "", false
}

// arType describes a Unix ar archive. Debian packages and other archives
// libmagic names by their first member are left undefined.
func arType(d []byte) (string, string, bool) {
	if len(d) < 8+60 || d[8+58] != '`' || d[8+59] != '\n' {
		return "", "", false
	}
	name := d[8:24]
	if bytes.HasPrefix(name, []byte("debian")) || bytes.HasPrefix(name, []byte("__.SYMDEF")) {
		return "", "", false
	}
	return "current ar archive", "application/x-archive", true
}

func dexType(d []byte) (string, string, bool) {
	if len(d) < 112 || d[7] != 0 || !isDigits(d[4:7]) {
		return "", "", false
	}
	return "Dalvik dex file version " + string(d[4:7]), "application/octet-stream", true
}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// pdfType describes a PDF header. libmagic adds a page count when it finds a
// "/Count" entry near the start; overt leaves such files undefined rather
// than guess the extent of that search.
func pdfType(d []byte) (string, string, bool) {
	if !isDigits(d[5:6]) || d[6] != '.' || !isDigits(d[7:8]) || bytes.Contains(d, []byte("/Count")) {
		return "", "", false
	}
	return fmt.Sprintf("PDF document, version %c.%c", d[5], d[7]), "application/pdf", true
}

// zipMethods names the compression methods of a zip local header as libmagic
// does; other methods are left undefined.
var zipMethods = map[uint16]string{
	0: "store", 1: "Shrinking", 6: "Imploding", 7: "Tokenizing", 8: "deflate", 9: "deflate64",
	10: "Library imploding", 12: "bzip2", 14: "lzma", 18: "IBM TERSE", 19: "IBM LZ77 (z/Architecture)",
	93: "Zstd", 94: "MP3", 95: "xz", 96: "Jpeg", 97: "WavPack", 98: "PPMd", 99: "AES Encrypted",
}

// zipSpecialNames are first-entry name prefixes for which libmagic names
// the container format (OpenDocument, EPUB, JAR, APK, OOXML, ...) instead
// of "Zip archive data"; such archives are left undefined.
var zipSpecialNames = []string{
	"mimetype", "META-INF", "[Content_Types].xml", "_rels/", "AndroidManifest.xml", "classes.dex",
	"resources.arsc", "word/", "xl/", "ppt/", "docProps/", "Payload/", "doc.kml", "res/", "assets/",
}

// zipType describes a zip archive by its first local file header.
func zipType(d []byte) (string, string, bool) {
	method, ok := zipMethods[binary.LittleEndian.Uint16(d[8:])]
	nameLen := int(binary.LittleEndian.Uint16(d[26:]))
	if !ok || 30+nameLen > len(d) || nameLen == 0 {
		return "", "", false
	}
	name := string(d[30 : 30+nameLen])
	for _, p := range zipSpecialNames {
		if strings.HasPrefix(name, p) {
			return "", "", false
		}
	}
	return fmt.Sprintf("Zip archive data, at least v%d.%d to extract, compression method=%s", d[4]/10, d[4]%10, method),
		"application/zip", true
}
