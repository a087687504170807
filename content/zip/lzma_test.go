package zip

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"strings"
	"testing"
	"time"

	"github.com/ulikunitz/xz/lzma"

	"github.com/overt-sec/overt/content"
)

// lzmaEntry is an entry's data in zip's LZMA format: version, properties
// size, properties, raw stream; with an end marker if eos.
func lzmaEntry(t testing.TB, data []byte, eos bool, dict uint32) []byte {
	t.Helper()
	var out bytes.Buffer
	c := lzma.WriterConfig{DictCap: 1 << 16, Size: int64(len(data)), SizeInHeader: true, EOSMarker: eos}
	if eos {
		c.Size, c.SizeInHeader = 0, false
	}
	w, err := c.NewWriter(&out)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	enc := out.Bytes()
	props := binary.LittleEndian.AppendUint32([]byte{enc[0]}, dict)
	return append(append([]byte{9, 20, 5, 0}, props...), enc[lzma.HeaderLen:]...)
}

// mkLZMAZip writes a zip of one LZMA entry.
func mkLZMAZip(t testing.TB, name string, data, raw []byte, flags uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: methodLZMA, Flags: flags, CRC32: crc32.ChecksumIEEE(data),
		CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func walkZip(t testing.TB, data []byte) (map[string]string, []content.Event) {
	t.Helper()
	got := map[string]string{}
	w := content.Walker{Sniff: func(head []byte, name string) content.Extractor {
		if name == "x.zip" {
			return Extractor
		}
		return nil
	}}
	evs, err := w.Walk(context.Background(), "x.zip", bytes.NewReader(data), int64(len(data)), func(p []string, d []byte) error {
		if len(p) > 1 {
			got[p[1]] = string(d)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	return got, evs
}

func TestLZMA(t *testing.T) {
	text := []byte(strings.Repeat("the quick brown fox jumps over the lazy dog ", 500))
	tests := []struct {
		name  string
		zip   func(t testing.TB) []byte
		want  string            // content of a.txt, if extracted
		event content.EventKind // expected single event, 0 for none
	}{
		{"sized", func(t testing.TB) []byte { return mkLZMAZip(t, "a.txt", text, lzmaEntry(t, text, false, 1<<16), 0) }, string(text), 0},
		{"end-marker", func(t testing.TB) []byte {
			return mkLZMAZip(t, "a.txt", text, lzmaEntry(t, text, true, 1<<16), flagLZMAEOS)
		}, string(text), 0},
		{"local-headers", func(t testing.TB) []byte {
			z := mkLZMAZip(t, "a.txt", text, lzmaEntry(t, text, false, 1<<16), 0)
			return z[:bytes.Index(z, []byte("PK\x01\x02"))] // no central directory
		}, string(text), content.EventCorrupt},
		{"dict-4GiB-small-entry", func(t testing.TB) []byte {
			return mkLZMAZip(t, "a.txt", text, lzmaEntry(t, text, false, 1<<32-1), 0)
		}, string(text), 0},
		{"dict-4GiB", func(t testing.TB) []byte {
			z := mkLZMAZip(t, "a.txt", text, lzmaEntry(t, text, false, 1<<32-1), 0)
			cd := bytes.Index(z, []byte("PK\x01\x02"))
			binary.LittleEndian.PutUint32(z[cd+24:], 1<<30) // declare 1 GiB uncompressed
			return z
		}, "", content.EventUnsupported},
		{"props-size", func(t testing.TB) []byte {
			raw := lzmaEntry(t, text, false, 1<<16)
			raw[2] = 4
			return mkLZMAZip(t, "a.txt", text, raw, 0)
		}, "", content.EventUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evs := walkZip(t, tt.zip(t))
			if got["a.txt"] != tt.want {
				t.Errorf("a.txt: %d bytes, want %d", len(got["a.txt"]), len(tt.want))
			}
			if tt.event == 0 && len(evs) != 0 || tt.event != 0 && (len(evs) != 1 || evs[0].Kind != tt.event) {
				t.Errorf("events %v, want %v", evs, tt.event)
			}
		})
	}
}

func FuzzZip(f *testing.F) {
	text := []byte("hello hello hello hello")
	z := mkLZMAZip(f, "a.txt", text, lzmaEntry(f, text, false, 1<<16), 0)
	f.Add(z)
	f.Add(mkLZMAZip(f, "b.txt", text, lzmaEntry(f, text, true, 1<<16), flagLZMAEOS))
	f.Add(z[:bytes.Index(z, []byte("PK\x01\x02"))])
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("d.txt")
	w.Write(text)
	zw.Close()
	f.Add(buf.Bytes())
	lim := content.Limits{MaxExpanded: 8 << 20, MaxObject: 4 << 20, MaxEntries: 1000, Timeout: 2 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		w := content.Walker{Limits: lim, Sniff: func(head []byte, name string) content.Extractor {
			if name == "f" {
				return Extractor
			}
			return nil
		}}
		if _, err := w.Walk(context.Background(), "f", bytes.NewReader(data), int64(len(data)), func([]string, []byte) error { return nil }); err != nil {
			t.Fatalf("walk: %v", err)
		}
	})
}
