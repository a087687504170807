// Package tlsh computes TLSH digests (Trend Micro Locality Sensitive
// Hash) in their common form: 128 buckets, a 1-byte checksum, 70
// hexadecimal digits, written from the algorithm's published description
// (Oliver, Cheng and Chen, "TLSH — A Locality Sensitive Hash", 2013).
//
// The data is read through a 5-byte sliding window; six byte triplets of
// each window are hashed with Pearson's table into 256 buckets, of which
// the first 128 are kept. The digest is a checksum byte, a byte encoding
// the logarithm of the data length, a byte of two quartile ratios, and
// 2 bits per bucket telling which quartile of the counts it falls in.
package tlsh

import (
	"encoding/hex"
	"errors"
	"math"
	"slices"
)

// Parameters of the digest.
const (
	// window is the width of the sliding window, in bytes.
	window = 5
	// buckets is the number of buckets that make up the body (the
	// "128 buckets" variant).
	buckets = 128
	// codeSize is the body's size in bytes: 2 bits per bucket.
	codeSize = buckets / 4
	// MinLen is the least data TLSH digests: below 50 bytes the bucket
	// counts are too sparse to mean anything (TLSH 4's minimum).
	MinLen = 50
	// MaxLen is the most data TLSH digests: its length field is defined
	// for lengths below 4 GiB.
	MaxLen = 1<<32 - 1
	// Version is the prefix TLSH 4 writes before a digest of this form.
	Version = "T1"
)

// Errors of Sum.
var (
	// ErrTooShort is returned for fewer than MinLen bytes.
	ErrTooShort = errors.New("tlsh: fewer than 50 bytes")
	// ErrTooLong is returned past MaxLen bytes.
	ErrTooLong = errors.New("tlsh: more than 4 GiB")
	// ErrNoVariety is returned when the data has too little variety:
	// the third quartile of the bucket counts is zero, or no more than
	// half of the buckets are used.
	ErrNoVariety = errors.New("tlsh: data has too little variety")
)

// salts are the Pearson salts of the six triplets of a window, and the
// window positions (0 the newest byte) of each triplet's second and
// third bytes; the first is always the newest byte.
var triplets = [6]struct{ salt, b, c byte }{
	{2, 1, 2}, {3, 1, 3}, {5, 2, 3}, {7, 2, 4}, {11, 1, 4}, {13, 3, 4},
}

// Hasher accumulates data for a digest; the zero value is ready to use.
type Hasher struct {
	bucket   [256]uint32
	win      [window]byte // circular; win[n%window] is byte n
	n        uint64       // bytes written
	checksum byte
}

// Write adds p to the data; it never fails.
func (h *Hasher) Write(p []byte) (int, error) {
	for _, b := range p {
		h.win[h.n%window] = b
		if h.n >= window-1 {
			var w [window]byte // w[k] is the byte k positions back
			for k := range w {
				w[k] = h.win[(h.n+window-uint64(k))%window]
			}
			h.checksum = mix(0, w[0], w[1], h.checksum)
			for _, t := range triplets {
				h.bucket[mix(t.salt, w[0], w[t.b], w[t.c])]++
			}
		}
		h.n++
	}
	return len(p), nil
}

// Sum returns the 70-digit upper-case hexadecimal digest of the data
// written, without the version prefix, or an error when the data is
// outside TLSH's domain (see the Err values).
func (h *Hasher) Sum() (string, error) {
	switch {
	case h.n < MinLen:
		return "", ErrTooShort
	case h.n > MaxLen:
		return "", ErrTooLong
	}
	sorted := h.bucket[:buckets:buckets]
	sorted = slices.Clone(sorted)
	slices.Sort(sorted)
	q1, q2, q3 := sorted[buckets/4-1], sorted[buckets/2-1], sorted[buckets*3/4-1]
	used := 0
	for _, c := range h.bucket[:buckets] {
		if c > 0 {
			used++
		}
	}
	if q3 == 0 || used <= buckets/2 {
		return "", ErrNoVariety
	}
	var out [3 + codeSize]byte
	out[0] = swap(h.checksum)
	out[1] = swap(lengthCode(h.n))
	q1r := byte(uint64(q1) * 100 / uint64(q3) % 16)
	q2r := byte(uint64(q2) * 100 / uint64(q3) % 16)
	out[2] = q1r<<4 | q2r
	for i := range codeSize {
		var code byte
		for j := range 4 {
			var v byte
			switch c := h.bucket[4*i+j]; {
			case c > q3:
				v = 3
			case c > q2:
				v = 2
			case c > q1:
				v = 1
			}
			code |= v << (2 * j)
		}
		out[3+codeSize-1-i] = code // the body is written last bucket first
	}
	dst := make([]byte, hex.EncodedLen(len(out)))
	hex.Encode(dst, out[:])
	for i, c := range dst {
		if c >= 'a' {
			dst[i] = c - 'a' + 'A'
		}
	}
	return string(dst), nil
}

// Hash returns the TLSH digest of data with its version prefix
// ("T1" and 70 upper-case hexadecimal digits), or an error when data is
// outside TLSH's domain.
func Hash(data []byte) (string, error) {
	var h Hasher
	h.Write(data)
	s, err := h.Sum()
	if err != nil {
		return "", err
	}
	return Version + s, nil
}

// swap exchanges the two hexadecimal digits of b: TLSH writes its header
// bytes low digit first.
func swap(b byte) byte { return b<<4 | b>>4 }

// lengthCode is TLSH's logarithmic code of a data length: log base 1.5
// up to 656 bytes, then log base 1.3 and log base 1.1 shifted to join
// continuously, kept modulo 256. The natural logarithm is taken in single
// precision of the length in single precision, as TLSH's reference does:
// codes at the boundaries depend on it (checked against Debian's tlsh
// on both sides of every boundary up to 1 MiB).
func lengthCode(n uint64) byte {
	const (
		log15 = 0.4054651   // ln 1.5
		log13 = 0.26236426  // ln 1.3
		log11 = 0.095310180 // ln 1.1
	)
	l := float64(float32(math.Log(float64(float32(n)))))
	var i float64
	switch {
	case n <= 656:
		i = l / log15
	case n <= 3199:
		i = l/log13 - 8.72777
	default:
		i = l/log11 - 62.5472
	}
	return byte(int64(math.Floor(i)) & 0xff)
}
