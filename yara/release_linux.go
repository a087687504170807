package yara

import (
	"os"
	"syscall"
)

// pageSize is the system's memory page size: released ranges start and end
// on page boundaries.
var pageSize = os.Getpagesize()

// releasePages drops the pages of b, part of a read-only mapping of a file,
// from the process's resident memory (they stay in the page cache); a later
// read of b faults them back in.
func releasePages(b []byte) {
	if len(b) > 0 {
		_ = syscall.Madvise(b, syscall.MADV_DONTNEED)
	}
}
