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
