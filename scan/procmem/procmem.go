package procmem

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/overt-sec/overt/yara"
)

// Errors of Open, with yara's texts.
var (
	// ErrAttach is the error for a process that does not exist or that
	// this user may not trace.
	ErrAttach = errors.New("can not attach to process (try running as root)")
	// ErrRead is the error for a process whose memory map or memory cannot
	// be opened once attached.
	ErrRead = errors.New("could not read process memory")
	// ErrUnsupported is the error of Open on systems other than Linux.
	ErrUnsupported = errors.New("process memory scanning is not supported on " + runtime.GOOS + " yet")
)

// DefaultChunk is the largest block a region is read in by default: yara's
// default --max-process-memory-chunk, 1 GiB.
const DefaultChunk = yara.MaxBlockSize

// pageSize is the granularity of chunks: yara 4.2.3 misses matches when
// the chunk size is not a multiple of the page size, so chunks are rounded
// down to a whole number of pages (at least one).
const pageSize = 4096

// chunkSize turns a requested chunk size into the one used: a positive
// multiple of pageSize, at most yara.MaxBlockSize; 0 or less means
// DefaultChunk.
func chunkSize(chunk int64) int64 {
	if chunk <= 0 || chunk > yara.MaxBlockSize {
		return DefaultChunk
	}
	return max(chunk/pageSize*pageSize, pageSize)
}

// Region is one mapping of a process, as listed in its memory map.
type Region struct {
	Start, End int64  // addresses of the first byte and just past the last
	Perms      string // "r-xp" and the like
	Path       string // the mapped file or pseudo-name ("[heap]"), or ""
}

// Scanned reports whether the region is scanned. As in yara 4.2.3, every
// mapping is, whatever its permissions (what cannot be read, such as a
// PROT_NONE guard page or [vvar], reads as zeros), except device mappings:
// reading device memory can have side effects or block (/dev/zero and
// /dev/shm files are ordinary memory and are scanned).
func (r *Region) Scanned() bool {
	if r.End <= r.Start {
		return false
	}
	if strings.HasPrefix(r.Path, "/dev/") {
		return r.Path == "/dev/zero" || strings.HasPrefix(r.Path, "/dev/zero ") || strings.HasPrefix(r.Path, "/dev/shm/")
	}
	return true
}

// MaxBlocks bounds the blocks of one process (16 bytes each): a process
// may reserve terabytes of address space (sanitizer shadow memory), which
// in small chunks would make more blocks than memory can hold.
const MaxBlocks = 1 << 22

// Blocks splits the scanned regions into blocks of at most chunk bytes
// (see chunkSize), in the regions' order. It fails when that makes more
// than MaxBlocks blocks.
func Blocks(regions []Region, chunk int64) ([]yara.Block, error) {
	chunk = chunkSize(chunk)
	n := int64(0)
	for i := range regions {
		if r := &regions[i]; r.Scanned() {
			n += (r.End - r.Start + chunk - 1) / chunk
			if n > MaxBlocks {
				return nil, fmt.Errorf("%w: more than %d blocks of %d bytes (use a larger --max-process-memory-chunk)", ErrRead, MaxBlocks, chunk)
			}
		}
	}
	out := make([]yara.Block, 0, n)
	for i := range regions {
		r := &regions[i]
		if !r.Scanned() {
			continue
		}
		for a := r.Start; a < r.End; a += chunk {
			out = append(out, yara.Block{Base: a, Size: min(chunk, r.End-a)})
		}
	}
	return out, nil
}
