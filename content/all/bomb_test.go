package all_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/overt-sec/overt/content"
)

// Every bomb must stop within these bounds, with default limits.
const (
	bombTime   = 10 * time.Second
	bombMemory = 512 << 20
)

// peakHeap samples the allocated heap until stop is closed.
func peakHeap(stop <-chan struct{}, peak *atomic.Uint64) {
	var ms runtime.MemStats
	for {
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > peak.Load() {
			peak.Store(ms.HeapAlloc)
		}
		select {
		case <-stop:
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("bombs take seconds")
	}
	tests := []struct {
		name  string
		build func(t testing.TB) []byte
		want  string // in the limit event's message
	}{
		{"gzip-10GB-zeros", gzipZeros, "limit"},
		{"recursive-zip", recursiveZip, "limit"},
		{"overlapping-zip", overlappingZip, "overlap"},
		{"deep-nesting", deepNesting, "depth limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.build(t)
			runtime.GC()
			var peak atomic.Uint64
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() { peakHeap(stop, &peak); close(done) }()
			start := time.Now()
			var objects int
			var bytesSeen int64
			w := content.Walker{Sniff: content.Sniff}
			ev, err := w.Walk(context.Background(), "bomb", bytes.NewReader(data), int64(len(data)), func(p []string, d []byte) error {
				objects++
				bytesSeen += int64(len(d))
				return nil
			})
			elapsed := time.Since(start)
			close(stop)
			<-done
			if err != nil {
				t.Fatalf("walk: %v", err)
			}
			t.Logf("%d bytes: %d objects, %d bytes extracted in %v, peak heap %d MiB, events %v",
				len(data), objects, bytesSeen, elapsed, peak.Load()>>20, ev)
			if elapsed > bombTime {
				t.Errorf("took %v, limit %v", elapsed, bombTime)
			}
			if peak.Load() > bombMemory {
				t.Errorf("peak heap %d MiB, limit %d MiB", peak.Load()>>20, bombMemory>>20)
			}
			ok := false
			for _, e := range ev {
				if e.Kind == content.EventLimit && strings.Contains(e.Message, tt.want) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("no limit event containing %q: %v", tt.want, ev)
			}
		})
	}
}

// gzipZeros is 10 GiB of zeros as a multi-member gzip: one member of
// 16 MiB of zeros, repeated.
func gzipZeros(t testing.TB) []byte {
	const member = 16 << 20
	var one bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&one, gzip.BestCompression)
	zw.Write(make([]byte, member))
	zw.Close()
	n := (10 << 30) / member
	return bytes.Repeat(one.Bytes(), n)
}

// recursiveZip is 42.zip's shape: 16 copies of the level below, 5 levels,
// over a leaf of 64 MiB of zeros (2^20 leaves, 64 TiB in all).
func recursiveZip(t testing.TB) []byte {
	data := mkZip(t, zip.Deflate, file{"zeros.bin", make([]byte, 64<<20)})
	for level := range 5 {
		var files []file
		for i := range 16 {
			files = append(files, file{fmt.Sprintf("lib%d_%d.zip", level, i), data})
		}
		data = mkZip(t, zip.Deflate, files...)
	}
	return data
}

// overlappingZip is a "better zip bomb" without quoting: one local header
// and its compressed kernel (1 GiB of zeros would expand from each entry),
// and a central directory of many entries all pointing at it.
func overlappingZip(t testing.TB) []byte {
	kernel := mkZip(t, zip.Deflate, file{"k", make([]byte, 32<<20)})
	// Take the first local header and its data from the generated zip.
	cd := bytes.Index(kernel, []byte("PK\x01\x02"))
	central := kernel[cd:]
	localPart := kernel[:cd]
	entry := central[:46+int(binary.LittleEndian.Uint16(central[28:]))]
	var out bytes.Buffer
	out.Write(localPart)
	const entries = 1000
	for i := range entries {
		e := append([]byte(nil), entry...)
		e[46] = byte('a' + i%26) // distinct-ish names, same length
		out.Write(e)
	}
	cdSize := out.Len() - len(localPart)
	var end [22]byte
	copy(end[:], "PK\x05\x06")
	binary.LittleEndian.PutUint16(end[8:], entries)
	binary.LittleEndian.PutUint16(end[10:], entries)
	binary.LittleEndian.PutUint32(end[12:], uint32(cdSize))
	binary.LittleEndian.PutUint32(end[16:], uint32(len(localPart)))
	out.Write(end[:])
	return out.Bytes()
}

// deepNesting is a marker inside 64 levels of zip.
func deepNesting(t testing.TB) []byte {
	data := []byte(marker)
	for i := range 64 {
		data = mkZip(t, zip.Deflate, file{fmt.Sprintf("level%d.zip", i), data})
	}
	return data
}
