//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package yara

import (
	"errors"
	"os"
)

// mapFile is not supported on this platform: ScanFile reads the file.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	return nil, nil, errors.New("memory mapping not supported")
}
