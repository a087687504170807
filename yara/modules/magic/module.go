package magic

import (
	"encoding/binary"
	"fmt"

	"github.com/overt-sec/overt/yara/modules/object"
)

// Module is the run-time magic module.
//
// yara's magic module asks libmagic (file(1)'s library) to describe the
// scanned buffer. overt implements a documented subset instead of reading
// libmagic's compiled database: evaluating magic(5) rules exactly like
// file(1) (its many special-purpose tests, text classification and
// strength ordering included) is a project of its own, while a table of
// common formats can be made to agree with libmagic byte for byte and be
// tested against yara. For any other data both functions are undefined.
//
// Supported: ELF (class, byte order, type, common machines, version and
// OS/ABI, as libmagic describes a buffer: without the details file(1) reads
// from a file descriptor, such as "dynamically linked"), PNG, GIF, bzip2,
// gzip (header flags, name, date, OS), xz, Zstandard, 7-zip, RAR, ar,
// Dalvik dex, PDF (version) and plain zip archives. Variants libmagic
// names differently and overt cannot tell apart with certainty are left
// undefined: zip containers of OOXML/ODF/EPUB/JAR/APK, Debian packages,
// PDFs with a page count, zstd frames naming a dictionary. PE, text,
// scripts and OLE2 are not covered: libmagic's packer/installer checks and
// its text heuristics (C, Perl, ... source) could not be matched exactly.
// Agreement with yara 4.2.3 is measured by TestVsYara.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

func load(in *object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	typ, mime, ok := identify(in.Data)
	res := func(s string) object.Func {
		return func(*object.Env, *object.Value, []object.Arg) object.Result {
			if !ok {
				return object.Undefined
			}
			return object.StrResult(s)
		}
	}
	root.SetFunc(Schema, "type", res(typ))
	root.SetFunc(Schema, "mime_type", res(mime))
	return root, nil
}

// identify returns the description and MIME type of data, and false when
// data is not of a supported type.
func identify(d []byte) (typ, mime string, ok bool) {
	switch {
	case len(d) >= 0x34 && string(d[:4]) == "\x7fELF":
		return elfType(d)
	case len(d) >= 24 && string(d[:8]) == "\x89PNG\r\n\x1a\n" && string(d[12:16]) == "IHDR":
		return pngType(d)
	case len(d) >= 10 && (string(d[:6]) == "GIF87a" || string(d[:6]) == "GIF89a"):
		w, h := binary.LittleEndian.Uint16(d[6:]), binary.LittleEndian.Uint16(d[8:])
		return fmt.Sprintf("GIF image data, version %s, %d x %d", d[3:6], w, h), "image/gif", true
	case len(d) >= 4 && string(d[:3]) == "BZh" && d[3] >= '1' && d[3] <= '9':
		return fmt.Sprintf("bzip2 compressed data, block size = %c00k", d[3]), "application/x-bzip2", true
	case len(d) >= 10 && string(d[:2]) == "\x1f\x8b":
		return gzipType(d)
	case len(d) >= 6 && string(d[:6]) == "\xfd7zXZ\x00":
		return xzType(d)
	case len(d) >= 4 && string(d[:4]) == "\x28\xb5\x2f\xfd":
		return zstdType(d)
	case len(d) >= 6 && string(d[:6]) == "7z\xbc\xaf\x27\x1c":
		return sevenZipType(d)
	case len(d) >= 7 && string(d[:6]) == "Rar!\x1a\x07":
		return rarType(d)
	case len(d) >= 8 && string(d[:8]) == "!<arch>\n":
		return arType(d)
	case len(d) >= 8 && string(d[:4]) == "dex\n":
		return dexType(d)
	case len(d) >= 8 && string(d[:5]) == "%PDF-":
		return pdfType(d)
	case len(d) >= 30 && string(d[:4]) == "PK\x03\x04":
		return zipType(d)
	}
	return "", "", false
}

// elfMachines names the machines libmagic names, by e_machine.
var elfMachines = map[uint16]string{
	3: "Intel 80386", 8: "MIPS", 20: "PowerPC or cisco 4500", 21: "64-bit PowerPC or cisco 7500",
	22: "IBM S/390", 40: "ARM", 62: "x86-64", 183: "ARM aarch64", 243: "UCB RISC-V",
}

// elfABIs names the OS/ABI values libmagic names, by e_ident[EI_OSABI].
var elfABIs = map[byte]string{0: "SYSV", 3: "GNU/Linux", 6: "Solaris", 9: "FreeBSD", 12: "OpenBSD"}

func elfType(d []byte) (string, string, bool) {
	var class string
	switch d[4] {
	case 1:
		class = "32-bit"
	case 2:
		class = "64-bit"
	default:
		return "", "", false
	}
	var bo binary.ByteOrder
	var order string
	switch d[5] {
	case 1:
		bo, order = binary.LittleEndian, "LSB"
	case 2:
		bo, order = binary.BigEndian, "MSB"
	default:
		return "", "", false
	}
	var kind, mime string
	switch bo.Uint16(d[16:]) {
	case 1:
		kind, mime = "relocatable", "application/x-object"
	case 2:
		kind, mime = "executable", "application/x-executable"
	case 3:
		kind, mime = "shared object", "application/x-sharedlib"
	case 4:
		kind, mime = "core file", "application/x-coredump"
	default:
		return "", "", false
	}
	mach, ok1 := elfMachines[bo.Uint16(d[18:])]
	abi, ok2 := elfABIs[d[7]]
	if !ok1 || !ok2 || d[6] != 1 || bo.Uint32(d[20:]) != 1 {
		return "", "", false
	}
	return fmt.Sprintf("ELF %s %s %s, %s, version 1 (%s)", class, order, kind, mach, abi), mime, true
}

// pngColor describes PNG colour types as libmagic does.
// The RGB types are "N-bit/color", the others "N-bit".
var pngColor = map[byte]string{0: "-bit grayscale", 2: "-bit/color RGB", 3: "-bit colormap", 4: "-bit gray+alpha", 6: "-bit/color RGBA"}

func pngType(d []byte) (string, string, bool) {
	w, h := binary.BigEndian.Uint32(d[16:]), binary.BigEndian.Uint32(d[20:])
	if len(d) < 29 {
		return "", "", false
	}
	color, ok := pngColor[d[25]]
	if !ok {
		return "", "", false
	}
	il := "non-interlaced"
	if d[28] == 1 {
		il = "interlaced"
	}
	return fmt.Sprintf("PNG image data, %d x %d, %d%s, %s", w, h, d[24], color, il), "image/png", true
}
