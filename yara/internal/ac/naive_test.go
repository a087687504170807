package ac

import (
	"bytes"
	"cmp"
	"math/rand/v2"
	"slices"
)

// naive finds every occurrence of every pattern by brute force, in the
// order Scan documents: by end, then longest first, then by pattern index.
func naive(patterns [][]byte, data []byte) []Hit {
	var hits []Hit
	for pi, p := range patterns {
		for end := len(p); end <= len(data); end++ {
			if bytes.Equal(data[end-len(p):end], p) {
				hits = append(hits, Hit{End: int64(end), Pattern: uint32(pi)})
			}
		}
	}
	slices.SortFunc(hits, func(x, y Hit) int {
		if c := cmp.Compare(x.End, y.End); c != 0 {
			return c
		}
		if c := cmp.Compare(len(patterns[y.Pattern]), len(patterns[x.Pattern])); c != 0 {
			return c
		}
		return cmp.Compare(x.Pattern, y.Pattern)
	})
	return hits
}

// scanAll runs Scan over data in one call and collects the hits.
func scanAll(a *Automaton, data []byte) []Hit {
	var st State
	var hits []Hit
	a.Scan(&st, data, func(p int, end int64) { hits = append(hits, Hit{End: end, Pattern: uint32(p)}) })
	return hits
}

// scanBatched runs ScanHits with a buffer of the given capacity over data
// given in chunks of the given sizes (the remainder goes last).
func scanBatched(a *Automaton, data []byte, capacity int, cuts ...int) []Hit {
	var st State
	var all []Hit
	buf := make([]Hit, 0, capacity)
	chunks := split(data, cuts...)
	for _, chunk := range chunks {
		for {
			hits, n := a.ScanHits(&st, chunk, buf[:0])
			all = append(all, hits...)
			chunk = chunk[n:]
			if len(hits) < cap(hits) {
				break
			}
		}
	}
	return all
}

// scanChunks runs Scan over data split at the given offsets.
func scanChunks(a *Automaton, data []byte, cuts ...int) []Hit {
	var st State
	var hits []Hit
	fn := func(p int, end int64) { hits = append(hits, Hit{End: end, Pattern: uint32(p)}) }
	for _, chunk := range split(data, cuts...) {
		a.Scan(&st, chunk, fn)
	}
	return hits
}

// split cuts data at ascending offsets.
func split(data []byte, cuts ...int) [][]byte {
	var out [][]byte
	prev := 0
	for _, c := range cuts {
		out = append(out, data[prev:c])
		prev = c
	}
	return append(out, data[prev:])
}

// randomBytes returns n bytes drawn from the first alpha byte values
// (offset by base so that 0x00 and 0xff both get exercised).
func randomBytes(r *rand.Rand, n, alpha int, base byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = base + byte(r.IntN(alpha))
	}
	return b
}

// randomPatterns returns n patterns of length 1..maxLen over the alphabet.
func randomPatterns(r *rand.Rand, n, maxLen, alpha int, base byte) [][]byte {
	ps := make([][]byte, n)
	for i := range ps {
		ps[i] = randomBytes(r, 1+r.IntN(maxLen), alpha, base)
	}
	return ps
}
