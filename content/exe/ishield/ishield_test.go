package ishield

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
	"github.com/overt-sec/overt/content/exe/internal/petest"
	"github.com/overt-sec/overt/content/internal/ctest"
)

type file struct {
	name string
	data []byte
}

// plainOverlay builds the plain layout.
func plainOverlay(files []file) []byte {
	var ov []byte
	for _, f := range files {
		ov = fmt.Appendf(ov, "%s\x00Disk1\\%s\x000.0.0.0\x00%d\x00", f.name, f.name, len(f.data))
		ov = append(ov, f.data...)
	}
	return ov
}

// encrypt is the inverse of the decrypter.
func encrypt(p, name []byte, blocks bool) []byte {
	out := make([]byte, len(p))
	for i, c := range p {
		j := i
		if blocks {
			j %= keyBlock
		}
		k := name[j%len(name)] ^ keySeed[j%len(name)%len(keySeed)]
		x := ^c ^ k
		out[i] = x>>4 | x<<4
	}
	return out
}

// signedOverlay builds the "InstallShield" layout after some debug data;
// files are zlib-compressed, then encrypted with flags.
func signedOverlay(files []file, flags uint32) []byte {
	le := binary.LittleEndian
	ov := []byte("NB10\x00\x00\x00\x00debug path\\setup.pdb\x00")
	hdr := make([]byte, signedHdrLen)
	copy(hdr, signature)
	le.PutUint32(hdr[len(signature):], uint32(len(files)))
	ov = append(ov, hdr...)
	for _, f := range files {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(f.data)
		w.Close()
		data := z.Bytes()
		if flags&flagEncrypt != 0 {
			data = encrypt(data, []byte(f.name), flags&flagBlocks != 0)
		}
		e := make([]byte, entryHdrLen)
		copy(e, f.name)
		le.PutUint32(e[nameField:], flags)
		le.PutUint32(e[nameField+8:], uint32(len(data)))
		le.PutUint32(e[nameField+20:], 1)
		ov = append(append(ov, e...), data...)
	}
	return ov
}

var (
	marker = []byte("OVERT-ISHIELD-MARKER " + strings.Repeat("payload data ", 300))
	small  = []byte("[Startup]\r\nProduct=Test\r\n")
)

// run extracts the PE in pe with the handler.
func run(t testing.TB, pe []byte) (bool, []string, map[string][]byte, []content.Event) {
	return petest.Run(t, Extract, pe)
}

// buildPE returns a minimal PE with overlay appended.
func buildPE(overlay []byte) []byte { return petest.WithOverlay(overlay) }

func TestExtract(t *testing.T) {
	files := []file{{"setup.ini", small}, {"marker.bin", marker}}
	tests := []struct {
		name string
		ov   []byte
		want []string
	}{
		{"plain", plainOverlay(files), []string{"Disk1/setup.ini", "Disk1/marker.bin"}},
		{"encrypted in blocks", signedOverlay(files, flagEncrypt|flagBlocks), []string{"setup.ini", "marker.bin"}},
		{"encrypted", signedOverlay(files, flagEncrypt), []string{"setup.ini", "marker.bin"}},
		{"compressed only", signedOverlay(files, 0), []string{"setup.ini", "marker.bin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := petest.RunClean(t, Extract, buildPE(tt.ov), tt.want)
			if !bytes.Equal(objs[tt.want[0]], small) || !bytes.Equal(objs[tt.want[1]], marker) {
				t.Errorf("contents differ: %q, %d bytes", objs[tt.want[0]], len(objs[tt.want[1]]))
			}
		})
	}
}

func TestNotInstallShield(t *testing.T) {
	for _, tc := range []struct {
		name string
		ov   []byte
	}{
		{"no overlay", nil},
		{"text overlay", []byte(strings.Repeat("just some text\x00", 20))},
		{"size not decimal", []byte("a\x00Disk1\\a\x001.0\x00x12\x00data")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			handled, names, _, events := run(t, buildPE(tc.ov))
			if handled || len(names) != 0 || len(events) != 0 {
				t.Errorf("handled=%v names=%q events=%v", handled, names, events)
			}
		})
	}
}

func TestDamaged(t *testing.T) {
	files := []file{{"setup.ini", small}, {"marker.bin", marker}}
	plain := plainOverlay(files)
	signed := signedOverlay(files, flagEncrypt|flagBlocks)
	tests := []struct {
		name string
		ov   []byte
	}{
		{"plain truncated", plain[:len(plain)-100]},
		{"plain garbage after a file", append(plainOverlay(files[:1]), "garbage"...)},
		{"signed truncated in data", signed[:len(signed)-100]},
		{"signed truncated in a header", signed[:bytes.Index(signed, []byte("marker.bin"))+100]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			handled, _, _, events := run(t, buildPE(tt.ov))
			if !handled {
				t.Fatal("not handled")
			}
			if !ctest.HasKind(events, content.EventCorrupt) {
				t.Errorf("events = %v, want a corrupt one", events)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	files := []file{{"a.ini", small}, {"b", marker[:100]}}
	f.Add(plainOverlay(files))
	f.Add(signedOverlay(files, flagEncrypt|flagBlocks))
	f.Add(signedOverlay(files, 0))
	f.Fuzz(func(t *testing.T, overlay []byte) {
		pe := buildPE(overlay)
		ef, err := exe.Parse(bytes.NewReader(pe), int64(len(pe)))
		if err != nil {
			t.Fatal(err)
		}
		b := content.NewBudget(content.Limits{}, int64(len(pe)))
		Extract(context.Background(), ef, b, func(name string, rd io.Reader) error {
			_, err := io.Copy(io.Discard, io.LimitReader(rd, 1<<20))
			return err
		})
	})
}
