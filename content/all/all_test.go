package all_test

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	_ "github.com/overt-sec/overt/content/all"
)

const marker = "OVERT-MARKER-7f3a9c"

// walk extracts data (named name) and returns the paths, joined by "!", of
// the objects that contain the marker, and the events.
func walk(t testing.TB, name string, data []byte, lim content.Limits) ([]string, []content.Event) {
	t.Helper()
	w := content.Walker{Sniff: content.Sniff, Limits: lim}
	var found []string
	ev, err := w.Walk(context.Background(), name, bytes.NewReader(data), int64(len(data)), func(p []string, d []byte) error {
		if bytes.Contains(d, []byte(marker)) {
			found = append(found, strings.Join(p, "!"))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	return found, ev
}

func TestFormats(t *testing.T) {
	payload := []byte("some text before " + marker + " and after")
	tests := []struct {
		name  string
		build func(t testing.TB) []byte
		want  string
	}{
		{"zip-deflate", func(t testing.TB) []byte { return mkZip(t, zip.Deflate, file{"a/b.txt", payload}) }, "x!a/b.txt"},
		{"zip-store", func(t testing.TB) []byte { return mkZip(t, zip.Store, file{"b.txt", payload}) }, "x!b.txt"},
		{"tar", func(t testing.TB) []byte { return mkTar(t, file{"dir/f.txt", payload}) }, "x!dir/f.txt"},
		{"gzip", func(t testing.TB) []byte { return mkGzip(t, payload) }, "x"},
		{"gzip-multimember", func(t testing.TB) []byte {
			return append(mkGzip(t, []byte("first member ")), mkGzip(t, payload)...)
		}, "x"},
		{"tar.gz", func(t testing.TB) []byte { return mkGzip(t, mkTar(t, file{"in.txt", payload})) }, "x!in.txt"},
		{"bzip2", func(t testing.TB) []byte { return mkBzip2(t, payload) }, "x"},
		{"xz", func(t testing.TB) []byte { return mkXZ(t, payload) }, "x"},
		{"zstd", func(t testing.TB) []byte { return mkZstd(t, payload) }, "x"},
		{"tar.zst", func(t testing.TB) []byte { return mkZstd(t, mkTar(t, file{"z.txt", payload})) }, "x!z.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, ev := walk(t, "x", tt.build(t), content.Limits{})
			if len(found) == 0 || found[len(found)-1] != tt.want {
				t.Errorf("marker found at %q, want %q (events %v)", found, tt.want, ev)
			}
			if len(ev) != 0 {
				t.Errorf("unexpected events %v", ev)
			}
		})
	}
}

// TestNearMiss checks that a marker broken by the container (split across
// entries) or only named, not contained, is not found.
func TestNearMiss(t *testing.T) {
	half := len(marker) / 2
	data := mkZip(t, zip.Deflate, file{"a", []byte(marker[:half])}, file{"b", []byte(marker[half:])}, file{marker, []byte("x")})
	found, _ := walk(t, "x.zip", data, content.Limits{})
	if len(found) != 0 {
		t.Errorf("near miss found at %q", found)
	}
}

func TestNested(t *testing.T) {
	payload := []byte(marker)
	inner := mkZip(t, zip.Deflate, file{"report.txt", payload})
	middle := mkZip(t, zip.Store, file{"in.zip", inner}) // TODO 7z when content/sevenz lands
	outer := mkGzip(t, mkTar(t, file{"backup/x.zip", middle}))
	found, ev := walk(t, "outer.tar.gz", outer, content.Limits{})
	want := "outer.tar.gz!backup/x.zip!in.zip!report.txt"
	if len(found) == 0 || found[len(found)-1] != want {
		t.Errorf("found %q, want %q (events %v)", found, want, ev)
	}
}

func TestEncryptedReported(t *testing.T) {
	data := mkZip(t, zip.Store, file{"secret.txt", []byte("hello")})
	// Set the encrypted flag in the local and central headers.
	i := bytes.Index(data, []byte("PK\x03\x04"))
	data[i+6] |= 1
	j := bytes.Index(data, []byte("PK\x01\x02"))
	data[j+8] |= 1
	_, ev := walk(t, "e.zip", data, content.Limits{})
	if len(ev) != 1 || ev[0].Kind != content.EventEncrypted || strings.Join(ev[0].Path, "!") != "e.zip!secret.txt" {
		t.Errorf("events %+v, want one encrypted event for e.zip!secret.txt", ev)
	}
}
