// Package iox holds small io helpers shared by the content extractors.
package iox

import "io"

// CountReader counts the bytes read through it.
type CountReader struct {
	R io.Reader // the underlying reader
	N int64     // bytes read so far
}

// Read reads from R and adds what it read to N.
func (c *CountReader) Read(p []byte) (int, error) {
	n, err := c.R.Read(p)
	c.N += int64(n)
	return n, err
}

// Unhex returns the value of the hexadecimal digit c (either case).
func Unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
