//go:build !linux

package yara

// pageSize is the granularity of released ranges; nothing is released on
// this system.
const pageSize = 4096

// releasePages does nothing on this system: mapped pages stay resident
// until the file is unmapped.
func releasePages([]byte) {}
