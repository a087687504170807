package ishield

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"io"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// buildCab builds an "ISc(" cabinet without index whose data area holds
// files as chains of deflate chunks of at most 32 KiB output.
func buildCab(files ...[]byte) []byte {
	le := binary.LittleEndian
	c := make([]byte, 0x200)
	copy(c, cabMagic)
	le.PutUint32(c[4:], 0x01009500)
	le.PutUint32(c[12:], 0x200)
	for _, f := range files {
		for len(f) > 0 {
			part := f[:min(len(f), fullChunk)]
			f = f[len(part):]
			var z bytes.Buffer
			w, _ := flate.NewWriter(&z, flate.BestCompression)
			w.Write(part)
			w.Close()
			c = le.AppendUint16(c, uint16(z.Len()))
			c = append(c, z.Bytes()...)
		}
	}
	return c
}

func runCab(t testing.TB, data []byte) ([]string, map[string][]byte, []content.Event) {
	t.Helper()
	b := content.NewBudget(content.Limits{}, int64(len(data)))
	ext := sniffCab(data, "data1.cab")
	if ext == nil {
		t.Fatal("not sniffed")
	}
	var c ctest.Collector
	if err := ext.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), b, c.Yield(b)); err != nil {
		t.Fatal(err)
	}
	return c.Names, c.Objects, b.Events()
}

func TestCab(t *testing.T) {
	big := []byte(strings.Repeat("0123456789abcdef", 5000)) // 80000 bytes: three chunks
	names, objs, events := runCab(t, buildCab(small, big, marker))
	if len(events) != 0 {
		t.Errorf("events: %v", events)
	}
	if strings.Join(names, " ") != "#file-0 #file-1 #file-2" {
		t.Fatalf("names = %q", names)
	}
	for i, want := range [][]byte{small, big, marker} {
		if got := objs[names[i]]; !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, want %d", names[i], len(got), len(want))
		}
	}
}

func TestCabDamaged(t *testing.T) {
	big := []byte(strings.Repeat("0123456789abcdef", 5000))
	good := buildCab(big)
	tests := []struct {
		name string
		data []byte
		kind content.EventKind
	}{
		{"truncated in a file", good[:len(good)-10], content.EventCorrupt},
		{"no chunks", buildCab(), content.EventUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, events := runCab(t, tt.data)
			if !ctest.HasKind(events, tt.kind) {
				t.Errorf("events = %v, want kind %v", events, tt.kind)
			}
		})
	}
}

func FuzzCab(f *testing.F) {
	f.Add(buildCab(small, marker))
	f.Add(buildCab([]byte(strings.Repeat("x", 40000))))
	f.Fuzz(func(t *testing.T, data []byte) {
		ext := sniffCab(data, "")
		if ext == nil {
			return
		}
		b := content.NewBudget(content.Limits{}, int64(len(data)))
		ext.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), b, func(name string, rd io.Reader) error {
			_, err := io.Copy(io.Discard, rd)
			return err
		})
	})
}
