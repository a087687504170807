package all_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/bz2"
	"github.com/overt-sec/overt/content/cpio"
	"github.com/overt-sec/overt/content/gz"
	"github.com/overt-sec/overt/content/rar"
	"github.com/overt-sec/overt/content/sevenz"
	"github.com/overt-sec/overt/content/tar"
	"github.com/overt-sec/overt/content/xz"
	ozip "github.com/overt-sec/overt/content/zip"
	"github.com/overt-sec/overt/content/zstd"
)

// fuzzLimits keep each fuzz input cheap; the point is no panic, no hang.
var fuzzLimits = content.Limits{MaxExpanded: 8 << 20, MaxObject: 4 << 20, MaxEntries: 1000, Timeout: 2 * time.Second}

// fuzzExtract runs one extractor over data, nested objects sniffed by the
// registry, and checks the walk ends without error.
func fuzzExtract(f *testing.F, sniff content.Sniffer, seeds [][]byte, clamFiles ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	for _, c := range clamFiles {
		if d, err := os.ReadFile(filepath.Join(clamavDir, c)); err == nil {
			f.Add(d)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		first := true
		w := content.Walker{Limits: fuzzLimits, Sniff: func(head []byte, name string) content.Extractor {
			if first {
				first = false
				if e := sniff(head, name); e != nil {
					return e
				}
			}
			return content.Sniff(head, name)
		}}
		if _, err := w.Walk(context.Background(), "f", bytes.NewReader(data), int64(len(data)), func([]string, []byte) error { return nil }); err != nil {
			t.Fatalf("walk: %v", err)
		}
	})
}

func FuzzZip(f *testing.F) {
	fuzzExtract(f, ozip.Sniff, [][]byte{mkZip(f, zip.Deflate, file{"a", []byte("hello hello hello")}), mkZip(f, zip.Store, file{"b/", nil})},
		"clam.zip", "clam.d64.zip", "clam.impl.zip", "clam.bz2.zip")
}

func FuzzTar(f *testing.F) {
	fuzzExtract(f, tar.Sniff, [][]byte{mkTar(f, file{"a", []byte("x")}, file{"b", []byte("yy")})})
}

func FuzzGzip(f *testing.F) {
	fuzzExtract(f, gz.Sniff, [][]byte{mkGzip(f, []byte("hello"))}, "clam.tar.gz")
}

func FuzzBzip2(f *testing.F) { fuzzExtract(f, bz2.Sniff, nil, "clam.exe.bz2") }

func FuzzXZ(f *testing.F) { fuzzExtract(f, xz.Sniff, [][]byte{mkXZ(f, []byte("hello"))}) }

func FuzzZstd(f *testing.F) { fuzzExtract(f, zstd.Sniff, [][]byte{mkZstd(f, []byte("hello"))}) }

func FuzzSevenZip(f *testing.F) {
	fuzzExtract(f, sevenz.Sniff, [][]byte{[]byte("7z\xbc\xaf\x27\x1c\x00\x04")}, "clam.7z")
}

func FuzzRar(f *testing.F) { fuzzExtract(f, rar.Sniff, [][]byte{[]byte("Rar!\x1a\x07\x01\x00")}) }

func FuzzCpio(f *testing.F) {
	fuzzExtract(f, cpio.Sniff, nil, "clam.newc.cpio", "clam.odc.cpio", "clam.bin-le.cpio", "clam.bin-be.cpio")
}
