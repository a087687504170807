//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package yara

import (
	"os"
	"syscall"
)

// mapFile maps the first size bytes of f read-only. An empty file maps to
// an empty slice.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	if size == 0 {
		return nil, func() {}, nil
	}
	if int64(int(size)) != size {
		return nil, nil, syscall.EFBIG
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}
