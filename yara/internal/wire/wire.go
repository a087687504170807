// Package wire holds the primitives of the saved-rules encoding shared by
// the rules file (package yara) and the compiled strings
// (yara/internal/pattern): varints, length-prefixed byte strings and
// booleans appended to a byte slice, and a Decoder whose first error
// sticks, so a caller checks Err once after reading a whole record.
//
// Every read is bounded by the bytes left: a corrupt count or length gives
// an error, never an allocation larger than the input.
package wire

import (
	"encoding/binary"
	"fmt"
)

// AppendString appends s with its length as a uvarint.
func AppendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// AppendBool appends v as one byte, 0 or 1.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// Decoder reads from B. After the first failure Err is set, B is empty and
// every later read returns a zero value.
type Decoder struct {
	B   []byte
	Err error
}

// Fail records a decoding error (the first one sticks) and stops reading.
func (d *Decoder) Fail(format string, args ...any) {
	if d.Err == nil {
		d.Err = fmt.Errorf(format, args...)
	}
	d.B = nil
}

// Uvarint reads an unsigned varint.
func (d *Decoder) Uvarint() uint64 {
	v, n := binary.Uvarint(d.B)
	if n <= 0 {
		d.Fail("bad or missing integer")
		return 0
	}
	d.B = d.B[n:]
	return v
}

// Varint reads a signed varint.
func (d *Decoder) Varint() int64 {
	v, n := binary.Varint(d.B)
	if n <= 0 {
		d.Fail("bad or missing integer")
		return 0
	}
	d.B = d.B[n:]
	return v
}

// Count reads a count of items that take at least size bytes each: a
// count the bytes left cannot hold is an error, so no count drives an
// allocation beyond the input's size.
func (d *Decoder) Count(size int) int {
	v := d.Uvarint()
	if v > uint64(len(d.B)/size) {
		d.Fail("count %d larger than the %d bytes left allow", v, len(d.B))
		return 0
	}
	return int(v)
}

// Byte reads one byte.
func (d *Decoder) Byte() byte {
	if len(d.B) == 0 {
		d.Fail("unexpected end")
		return 0
	}
	c := d.B[0]
	d.B = d.B[1:]
	return c
}

// Bool reads a boolean written by AppendBool.
func (d *Decoder) Bool() bool {
	switch d.Byte() {
	case 0:
		return false
	case 1:
		return true
	}
	d.Fail("bad boolean")
	return false
}

// Bytes reads a length-prefixed byte string, sharing B's memory.
func (d *Decoder) Bytes() []byte {
	n := d.Uvarint()
	if n > uint64(len(d.B)) {
		d.Fail("string of %d bytes, only %d left", n, len(d.B))
		return nil
	}
	s := d.B[:n:n]
	d.B = d.B[n:]
	return s
}
