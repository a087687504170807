package ac

// Hit is one occurrence of a pattern.
type Hit struct {
	End     int64  // absolute offset just past the occurrence
	Pattern uint32 // index of the pattern in Build's argument
}

// ScanHits is the batched form of Scan: it appends hits to hits without
// growing it past its capacity and returns the extended slice and the
// number of bytes of data consumed. When the returned slice is full, the
// caller handles it and calls again with data[n:] (even if that is empty)
// until a call returns with room to spare: then the data is exhausted. A
// zero-capacity slice makes no progress. ScanHits does not allocate.
func (a *Automaton) ScanHits(st *State, data []byte, hits []Hit) ([]Hit, int) {
	if st.pend != 0 {
		if hits = a.emit(st, hits); st.pend != 0 {
			return hits, 0
		}
	}
	s, base := st.s, st.off
	limit := a.denseLen
	i := 0
	for i < len(data) {
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
			k := a.stateNum(s)
			if !a.hasOwn(k) {
				k = a.dict[k]
			}
			st.pend, st.pendPos, st.pendEnd = k, a.outStart[k], base+int64(i)
			if hits = a.emit(st, hits); st.pend != 0 {
				break
			}
		}
	}
	st.s, st.off = s, base+int64(i)
	return hits, i
}

// emit appends the pending outputs of st to hits until they are all
// delivered (st.pend becomes 0) or hits is full.
func (a *Automaton) emit(st *State, hits []Hit) []Hit {
	k, pos := st.pend, st.pendPos
	for k != 0 {
		for end := a.outStart[k+1]; pos < end; pos++ {
			if len(hits) == cap(hits) {
				st.pend, st.pendPos = k, pos
				return hits
			}
			hits = append(hits, Hit{End: st.pendEnd, Pattern: a.out[pos]})
		}
		if k = a.dict[k]; k != 0 {
			pos = a.outStart[k]
		}
	}
	st.pend = 0
	return hits
}
