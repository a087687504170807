package magic

import (
	"testing"

	"github.com/overt-sec/overt/yara/modules/object"
)

func elfHeader(class, order byte, typ, mach uint16, abi byte) []byte {
	d := make([]byte, 64)
	copy(d, "\x7fELF")
	d[4], d[5], d[6], d[7] = class, order, 1, abi
	put16 := func(off int, v uint16) {
		if order == 2 {
			d[off], d[off+1] = byte(v>>8), byte(v)
		} else {
			d[off], d[off+1] = byte(v), byte(v>>8)
		}
	}
	put16(16, typ)
	put16(18, mach)
	if order == 2 {
		d[23] = 1
	} else {
		d[20] = 1
	}
	return d
}

func TestIdentify(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x20\x08\x06\x00\x00\x00")
	for _, c := range []struct {
		name       string
		data       []byte
		typ, mime  string
		identified bool
	}{
		{"elf64 dyn", elfHeader(2, 1, 3, 62, 0), "ELF 64-bit LSB shared object, x86-64, version 1 (SYSV)", "application/x-sharedlib", true},
		{"elf32 msb exec", elfHeader(1, 2, 2, 20, 3), "ELF 32-bit MSB executable, PowerPC or cisco 4500, version 1 (GNU/Linux)", "application/x-executable", true},
		{"elf rel", elfHeader(2, 1, 1, 183, 0), "ELF 64-bit LSB relocatable, ARM aarch64, version 1 (SYSV)", "application/x-object", true},
		{"elf unknown machine", elfHeader(2, 1, 3, 9999, 0), "", "", false},
		{"png", png, "PNG image data, 16 x 32, 8-bit/color RGBA, non-interlaced", "image/png", true},
		{"gif", []byte("GIF89a\x10\x00\x20\x00\x00\x00"), "GIF image data, version 89a, 16 x 32", "image/gif", true},
		{"bzip2", []byte("BZh91AY&SY"), "bzip2 compressed data, block size = 900k", "application/x-bzip2", true},
		{"png gray+alpha", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x05\x00\x00\x00\x06\x10\x04\x00\x00\x01"), "PNG image data, 5 x 6, 16-bit gray+alpha, interlaced", "image/png", true},
		{"gzip unix", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03"), "gzip compressed data, max compression, from Unix", "application/gzip", true},
		{"gzip name date ntfs", []byte("\x1f\x8b\x08\x08\x00\x10\x5e\x5f\x02\x0bhello.txt\x00"), `gzip compressed data, was "hello.txt", last modified: Sun Sep 13 12:26:40 2020, max compression, from NTFS filesystem (NT)`, "application/gzip", true},
		{"gzip flags", []byte("\x1f\x8b\x08\x16\x00\x00\x00\x00\x00\x07\x02\x00ab"), "gzip compressed data, has CRC, extra field, has comment, from MacOS", "application/gzip", true},
		{"gzip escaped name", []byte("\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\x00a\\b\x7f\x80c\x00"), `gzip compressed data, was "a\b\177\200c", from FAT filesystem (MS-DOS, OS/2, NT)`, "application/gzip", true},
		{"gzip negative time", []byte("\x1f\x8b\x07\x00\x00\x00\x00\x80\x04\xff"), "gzip compressed data, reserved method, max speed", "application/gzip", true},
		{"gzip short", []byte("\x1f\x8b\x08\x00"), "", "", false},
		{"xz", []byte("\xfd7zXZ\x00\x00\x04"), "XZ compressed data, checksum CRC64", "application/x-xz", true},
		{"xz bad check", []byte("\xfd7zXZ\x00\x00\x05"), "", "", false},
		{"zstd", []byte("\x28\xb5\x2f\xfd\x24\x06"), "Zstandard compressed data (v0.8+), Dictionary ID: None", "application/zstd", true},
		{"zstd dict", []byte("\x28\xb5\x2f\xfd\x25\x06"), "", "", false},
		{"7z", []byte("7z\xbc\xaf\x27\x1c\x00\x04"), "7-zip archive data, version 0.4", "application/x-7z-compressed", true},
		{"rar4", []byte("Rar!\x1a\x07\x00"), "RAR archive data", "application/x-rar", true},
		{"rar5", []byte("Rar!\x1a\x07\x01\x00"), "RAR archive data, v5", "application/x-rar", true},
		{"ar", []byte("!<arch>\nfoo.o/          0           0     0     644     4         `\nabcd"), "current ar archive", "application/x-archive", true},
		{"deb", []byte("!<arch>\ndebian-binary   1234567890  0     0     100644  4         `\n2.0\n"), "", "", false},
		{"dex", append([]byte("dex\n035\x00"), make([]byte, 104)...), "Dalvik dex file version 035", "application/octet-stream", true},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\n"), "PDF document, version 1.7", "application/pdf", true},
		{"pdf with page count", []byte("%PDF-1.4\n1 0 obj <</Type /Pages /Count 3>> endobj\n"), "", "", false},
		{"zip deflate", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00\x05\x00\x00\x00\x05\x00\x00\x00a.txthello"), "Zip archive data, at least v2.0 to extract, compression method=deflate", "application/zip", true},
		{"zip docx", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00\x05\x00\x00\x00\x11\x00\x00\x00word/document.xml"), "", "", false},
		{"text", []byte("hello\n"), "", "", false},
		{"empty", nil, "", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			typ, mime, ok := identify(c.data)
			if typ != c.typ || mime != c.mime || ok != c.identified {
				t.Errorf("identify = %q, %q, %v; want %q, %q, %v", typ, mime, ok, c.typ, c.mime, c.identified)
			}
			root, _ := Module.Load(&object.LoadInput{Data: c.data})
			r := root.Field(object.FieldIndex(Schema, "type")).Funcs[0](nil, root, nil)
			if r.Defined != c.identified || r.Str != c.typ {
				t.Errorf("magic.type() = %+v", r)
			}
		})
	}
}

func FuzzIdentify(f *testing.F) {
	f.Add(elfHeader(2, 1, 3, 62, 0))
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x20\x08\x06\x00\x00\x00"))
	f.Add([]byte("GIF87a\x01\x00\x01\x00"))
	f.Add([]byte("BZh1"))
	f.Add([]byte("\x1f\x8b\x08\x08\x00\x10\x5e\x5f\x02\x0bhello.txt\x00"))
	f.Add([]byte("\xfd7zXZ\x00\x00\x04"))
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00\x05\x00\x00\x00\x05\x00\x00\x00a.txthello"))
	f.Add([]byte("!<arch>\nfoo.o/          0           0     0     644     4         `\nabcd"))
	f.Add([]byte("%PDF-1.7\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, mime, ok := identify(data)
		if ok != (typ != "" && mime != "") {
			t.Errorf("identify = %q, %q, %v", typ, mime, ok)
		}
	})
}
