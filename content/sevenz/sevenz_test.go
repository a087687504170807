package sevenz

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/overt-sec/overt/content"
)

// walk extracts data with the 7z extractor at the top (nested objects are
// not sniffed) and returns the objects by path and the events.
func walk(t testing.TB, data []byte, lim content.Limits) (map[string]string, []content.Event) {
	t.Helper()
	got := map[string]string{}
	w := content.Walker{Limits: lim, Sniff: func(head []byte, name string) content.Extractor {
		if name == "x.7z" {
			return Sniff(head, name)
		}
		return nil
	}}
	evs, err := w.Walk(context.Background(), "x.7z", bytes.NewReader(data), int64(len(data)), func(p []string, d []byte) error {
		if len(p) > 1 {
			got[strings.Join(p[1:], "/")] = string(d)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	return got, evs
}

func TestExtract(t *testing.T) {
	kv := []string{"a.txt", "alpha", "dir/b.bin", strings.Repeat("beta ", 1000), "c", "γ"}
	tests := []struct {
		name string
		a    func(t testing.TB) archive
	}{
		{"copy", func(t testing.TB) archive { return files(t, coderCopy, kv...) }},
		{"lzma", func(t testing.TB) archive { return files(t, coderLZMA, kv...) }},
		{"lzma2", func(t testing.TB) archive { return files(t, coderLZMA2, kv...) }},
		{"lzma-encoded-header", func(t testing.TB) archive {
			a := files(t, coderLZMA, kv...)
			a.encodeHeader = true
			return a
		}},
		{"copy-no-crc", func(t testing.TB) archive {
			a := files(t, coderCopy, kv...)
			a.crcs = nil
			return a
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evs := walk(t, build7z(t, tt.a(t)), content.Limits{})
			for i := 0; i < len(kv); i += 2 {
				if got[kv[i]] != kv[i+1] {
					t.Errorf("%s: got %.20q, want %.20q", kv[i], got[kv[i]], kv[i+1])
				}
			}
			if len(got) != len(kv)/2 || len(evs) != 0 {
				t.Errorf("objects %d, events %v", len(got), evs)
			}
		})
	}
}

// TestRefused checks that headers declaring more than the limits are
// refused before the library allocates, with the right event.
func TestRefused(t *testing.T) {
	tests := []struct {
		name string
		data func(t testing.TB) []byte
		kind content.EventKind
		want string
	}{
		{"lzma-dict-1.5GiB", func(t testing.TB) []byte {
			a := files(t, coderLZMA, "a", strings.Repeat("x", 200))
			a.props = lzmaProps(1536 << 20)
			a.sizes[0] = 10 << 30 // the dictionary is capped by the output size
			a.crcs = nil
			return build7z(t, a)
		}, content.EventLimit, "memory"},
		{"lzma2-dict-4GiB", func(t testing.TB) []byte {
			a := files(t, coderLZMA2, "a", "x")
			a.props = []byte{40}
			return build7z(t, a)
		}, content.EventLimit, "memory"},
		{"ppmd-1GiB", func(t testing.TB) []byte {
			a := files(t, coderPPMd, "a", "x")
			a.props = binary.LittleEndian.AppendUint32([]byte{6}, 1<<30)
			return build7z(t, a)
		}, content.EventLimit, "memory"},
		{"encoded-header-dict", func(t testing.TB) []byte {
			a := files(t, coderCopy, "a", "x")
			a.encodeHeader, a.headerProps, a.headerUnpack = true, lzmaProps(1<<31), 1<<31
			return build7z(t, a)
		}, content.EventLimit, "memory"},
		{"encoded-header-1GiB", func(t testing.TB) []byte {
			a := files(t, coderCopy, "a", "x")
			a.encodeHeader, a.headerUnpack = true, 1<<30
			return build7z(t, a)
		}, content.EventLimit, "encoded header is"},
		{"billion-files", func(t testing.TB) []byte {
			a := files(t, coderCopy, "a", "x")
			a.numFiles = 1 << 30
			return build7z(t, a)
		}, content.EventLimit, "files"},
		{"files-beyond-header", func(t testing.TB) []byte {
			a := files(t, coderCopy, "a", "x")
			a.numFiles = 5000
			return build7z(t, a)
		}, content.EventCorrupt, "do not fit"},
		{"header-beyond-eof", func(t testing.TB) []byte {
			d := build7z(t, files(t, coderCopy, "a", "x"))
			return d[:len(d)-1]
		}, content.EventCorrupt, "beyond the end"},
		{"header-size-huge", func(t testing.TB) []byte {
			d := build7z(t, files(t, coderCopy, "a", "x"))
			binary.LittleEndian.PutUint64(d[20:], 1<<40)
			binary.LittleEndian.PutUint32(d[8:], crc32.ChecksumIEEE(d[12:32]))
			return d
		}, content.EventCorrupt, "beyond the end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evs := walk(t, tt.data(t), content.Limits{})
			if len(evs) != 1 || evs[0].Kind != tt.kind || !strings.Contains(evs[0].Message, tt.want) {
				t.Errorf("events %v, want one %s event containing %q", evs, tt.kind, tt.want)
			}
			if len(got) != 0 {
				t.Errorf("objects %v", got)
			}
		})
	}
}

// zerosLZMA2 is an LZMA2 stream of n×2 MiB zeros: one chunk that resets
// the dictionary (so it stands alone), repeated.
func zerosLZMA2(t testing.TB, n int) []byte {
	chunk := packLZMA2(t, make([]byte, 2<<20))
	chunk = chunk[:len(chunk)-1] // the end marker
	return append(bytes.Repeat(chunk, n), 0x00)
}

func TestZerosLZMA2(t *testing.T) {
	got, evs := walk(t, build7z(t, archive{coder: coderLZMA2, props: []byte{8}, packed: zerosLZMA2(t, 3),
		names: []string{"z"}, sizes: []uint64{6 << 20}}), content.Limits{})
	if got["z"] != string(make([]byte, 6<<20)) || len(evs) != 0 {
		t.Errorf("%d bytes, events %v", len(got["z"]), evs)
	}
}

// TestSolidDrain checks that a file after one cut at the object size limit
// in the same solid block is still extracted, the skipped data counted.
func TestSolidDrain(t *testing.T) {
	packed := zerosLZMA2(t, 3)
	packed = append(packed[:len(packed)-1], packLZMA2(t, []byte("tail"))...)
	data := build7z(t, archive{coder: coderLZMA2, props: []byte{8}, packed: packed,
		names: []string{"zeros", "tail"}, sizes: []uint64{6 << 20, 4}})
	got, evs := walk(t, data, content.Limits{MaxObject: 1 << 20})
	if len(got["zeros"]) != 1<<20 || got["tail"] != "tail" {
		t.Errorf("zeros: %d bytes, tail: %q", len(got["zeros"]), got["tail"])
	}
	if len(evs) != 1 || evs[0].Kind != content.EventLimit || !strings.Contains(evs[0].Message, "object size") {
		t.Errorf("events %v, want one object size limit", evs)
	}
	// With an expanded-size limit below the block, the drain stops it.
	_, evs = walk(t, data, content.Limits{MaxObject: 1 << 20, MaxExpanded: 3 << 20})
	if len(evs) != 2 || !strings.Contains(evs[1].Message, "expanded size limit") {
		t.Errorf("events %v, want the expanded size limit", evs)
	}
}

// TestBomb is 10 GiB of zeros in a solid LZMA2 block (a 10 GiB file,
// then a small one): it must stop on a limit within 10 s and 512 MiB of
// heap: the big file is read up to the object size limit, and the rest of
// the solid block is skipped (decoding the unread 9.75 GiB to reach the
// small file would take minutes).
func TestBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("bombs take seconds")
	}
	const chunks = 5 << 10 // 10 GiB
	packed := zerosLZMA2(t, chunks)
	packed = append(packed[:len(packed)-1], packLZMA2(t, []byte("tail"))...)
	data := build7z(t, archive{coder: coderLZMA2, props: []byte{8}, packed: packed,
		names: []string{"zeros", "tail"}, sizes: []uint64{chunks << 21, 4}})
	runtime.GC()
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak.Store(max(peak.Load(), ms.HeapAlloc))
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	var objects int
	w := content.Walker{Sniff: func(head []byte, name string) content.Extractor { return Sniff(head, name) }}
	evs, err := w.Walk(context.Background(), "x.7z", bytes.NewReader(data), int64(len(data)), func([]string, []byte) error {
		objects++ // the data is not kept: the heap measured is the extractor's
		return nil
	})
	elapsed := time.Since(start)
	close(stop)
	<-done
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	t.Logf("%d-byte archive: %d objects in %v, peak heap %d MiB, events %v", len(data), objects, elapsed, peak.Load()>>20, evs)
	if elapsed > 10*time.Second {
		t.Errorf("took %v", elapsed)
	}
	if peak.Load() > 512<<20 {
		t.Errorf("peak heap %d MiB", peak.Load()>>20)
	}
	var limit bool
	for _, e := range evs {
		limit = limit || e.Kind == content.EventLimit && strings.Contains(e.Message, "solid block skipped")
	}
	if !limit {
		t.Errorf("no limit event stopping the archive: %v", evs)
	}
}

// TestNumber checks the 7z variable-length number decoder.
func TestNumber(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want uint64
	}{
		{"one-byte", []byte{0x7F}, 0x7F},
		{"two-bytes", []byte{0x81, 0x02}, 0x102},
		{"three-bytes", []byte{0xC1, 0x02, 0x03}, 0x10302},
		{"nine-bytes", []byte{0xFF, 1, 2, 3, 4, 5, 6, 7, 8}, 0x0807060504030201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &hreader{b: tt.in}
			got, err := r.number()
			if err != nil || got != tt.want || r.left() != 0 {
				t.Errorf("got %#x, %v, %d left; want %#x", got, err, r.left(), tt.want)
			}
		})
	}
	if _, err := (&hreader{b: []byte{0xC1, 0x02}}).number(); err == nil {
		t.Error("truncated number: no error")
	}
}

func TestLZMA2Dict(t *testing.T) {
	for p, want := range map[byte]uint64{0: 4 << 10, 1: 6 << 10, 8: 64 << 10, 18: 2 << 20, 40: 1<<32 - 1} {
		if got := lzma2Dict(p); got != want {
			t.Errorf("lzma2Dict(%d) = %d, want %d", p, got, want)
		}
	}
}

// fuzzLimits keep each fuzz input cheap.
var fuzzLimits = content.Limits{MaxExpanded: 8 << 20, MaxObject: 4 << 20, MaxEntries: 1000, Timeout: 2 * time.Second}

func FuzzSevenZip(f *testing.F) {
	kv := []string{"a.txt", "alpha", "dir/b.bin", "beta beta beta beta"}
	f.Add([]byte("7z\xbc\xaf\x27\x1c\x00\x04"))
	for _, c := range [][]byte{coderCopy, coderLZMA, coderLZMA2} {
		a := files(f, c, kv...)
		f.Add(build7z(f, a))
		a.encodeHeader = true
		f.Add(build7z(f, a))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fixCRCs(data)
		w := content.Walker{Limits: fuzzLimits, Sniff: func(head []byte, name string) content.Extractor {
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

// fixCRCs rewrites the header's and the signature header's checksums of a
// 7z archive so that mutated inputs reach the header parsers instead of
// failing the checksum.
func fixCRCs(data []byte) {
	if len(data) < sigHeaderLen {
		return
	}
	off := binary.LittleEndian.Uint64(data[12:])
	n := binary.LittleEndian.Uint64(data[20:])
	avail := uint64(len(data) - sigHeaderLen)
	if off <= avail && n <= avail-off {
		h := data[sigHeaderLen+off : sigHeaderLen+off+n]
		binary.LittleEndian.PutUint32(data[28:], crc32.ChecksumIEEE(h))
	}
	binary.LittleEndian.PutUint32(data[8:], crc32.ChecksumIEEE(data[12:32]))
}

// FuzzHeader feeds the header parser and the coder checks directly.
func FuzzHeader(f *testing.F) {
	for _, c := range [][]byte{coderCopy, coderLZMA, coderLZMA2} {
		d := build7z(f, files(f, c, "a", "alpha", "b/c", "gamma"))
		n := binary.LittleEndian.Uint64(d[20:])
		f.Add(d[uint64(len(d))-n:])
	}
	f.Fuzz(func(t *testing.T, h []byte) {
		r := &hreader{b: h}
		if id, err := r.byte(); err != nil || id != idHeader {
			return
		}
		main, _, err := r.header()
		if err == nil && main != nil {
			checkStreams(main, 1<<40)
		}
	})
}
