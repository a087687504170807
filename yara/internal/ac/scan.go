package ac

// State is the position of a scan: the automaton state and the absolute
// offset of the next byte. The zero value starts a scan at offset 0; keep
// the same State across the chunks of one stream. A State belongs to one
// goroutine at a time.
type State struct {
	s   uint32 // encoded automaton state
	off int64  // absolute offset of the next byte

	// Outputs not yet delivered by ScanHits: pending state number (0 when
	// none), next position in Automaton.out, and the hit's end offset.
	pend    uint32
	pendPos uint32
	pendEnd int64
}

// Offset returns the absolute offset of the next byte to scan.
func (st *State) Offset() int64 { return st.off }

// Reset starts a new stream at the given absolute offset. Scanning a piece
// of a larger input that begins at off reports hits at absolute offsets; to
// see hits that straddle the piece's start, begin it MaxLen()-1 bytes early
// and drop hits whose end is at or before the true start.
func (st *State) Reset(off int64) { *st = State{off: off} }

// Scan reports every occurrence of every pattern in data, continuing the
// stream st: fn(pattern, end) with end the absolute offset just past the
// occurrence. Occurrences ending at the same offset are reported in order
// of decreasing length, then increasing pattern index. Scan does not
// allocate.
func (a *Automaton) Scan(st *State, data []byte, fn func(pattern int, end int64)) {
	s, base := st.s, st.off
	limit := a.denseLen
	for i := 0; i < len(data); {
		if s < limit {
			s, i = a.runDense(s, data, i)
			if s < limit {
				break
			}
		} else {
			s = a.next(s, a.classes[data[i]])
			i++
		}
		if s&matchBit != 0 {
			a.report(s, base+int64(i), fn)
		}
	}
	st.s, st.off = s, base+int64(len(data))
}

// runDense steps through data from index i while the state is dense and
// has no output. It returns either a state below denseLen and len(data), or
// the first "special" state (sparse or with output) and the index just past
// the byte that reached it.
func (a *Automaton) runDense(s uint32, data []byte, i int) (uint32, int) {
	trans, cls, limit := a.trans, &a.classes, a.denseLen
	if a.skip.kind == skipNone {
		for j, b := range data[i:] {
			s = trans[s+uint32(cls[b])]
			if s >= limit {
				return s, i + j + 1
			}
		}
		return s, len(data)
	}
	for ; i < len(data); i++ {
		if s == 0 {
			if i = a.skip.next(data, i); i == len(data) {
				break
			}
		}
		s = trans[s+uint32(cls[data[i]])]
		if s >= limit {
			return s, i + 1
		}
	}
	return s, len(data)
}

// report delivers the outputs of state s (encoded, with matchBit).
func (a *Automaton) report(s uint32, end int64, fn func(pattern int, end int64)) {
	k := a.stateNum(s)
	if !a.hasOwn(k) {
		k = a.dict[k]
	}
	for k != 0 {
		for _, p := range a.out[a.outStart[k]:a.outStart[k+1]] {
			fn(int(p), end)
		}
		k = a.dict[k]
	}
}
