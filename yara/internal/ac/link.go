package ac

import "slices"

// layout decides how many states, in breadth-first order, get a dense row.
func (a *Automaton) layout(opts Options) {
	budget := opts.DenseBytes
	switch {
	case budget == 0:
		budget = DefaultDenseBytes
	case budget > MaxDenseBytes:
		budget = MaxDenseBytes
	}
	rows := 1 // the start state is always dense
	if budget > 0 {
		rows = max(1, budget/(4*int(a.stride)))
	}
	a.nDense = uint32(min(rows, a.nStates))
	a.denseLen = a.nDense * a.stride
}

// outputs files every pattern under its terminal state, in ascending
// pattern order within a state (a counting sort by state).
func (a *Automaton) outputs(t *trie) {
	a.outStart = make([]uint32, a.nStates+1)
	for _, s := range t.ends {
		a.outStart[s+1]++
	}
	for s := 1; s <= a.nStates; s++ {
		a.outStart[s] += a.outStart[s-1]
	}
	a.out = make([]uint32, len(t.ends))
	fill := make([]uint32, a.nStates)
	for p, s := range t.ends {
		a.out[a.outStart[s]+fill[s]] = uint32(p)
		fill[s]++
	}
}

// hasOwn reports whether patterns end exactly at state n.
func (a *Automaton) hasOwn(n uint32) bool { return a.outStart[n+1] > a.outStart[n] }

// encode returns the id of state n: its row offset if dense, denseLen plus
// its sparse index otherwise, with matchBit if it has any output.
func (a *Automaton) encode(n uint32) uint32 {
	var id uint32
	if n < a.nDense {
		id = n * a.stride
	} else {
		id = a.denseLen + n - a.nDense
	}
	if a.hasOwn(n) || a.dict[n] != 0 {
		id |= matchBit
	}
	return id
}

// link computes failure and dictionary links breadth first, fills the dense
// rows (a row is its failure state's row with the state's own edges on top)
// and the sparse tables.
func (a *Automaton) link(t *trie) {
	n := uint32(a.nStates)
	fail := make([]uint32, n)
	a.dict = make([]uint32, n)
	a.trans = make([]uint32, a.denseLen)
	stride := a.stride
	for p := range n {
		for c := t.first[p]; c < t.first[p+1]; c++ {
			f := uint32(0)
			if p != 0 {
				f = a.gotoState(t, fail, fail[p], t.label[c])
			}
			fail[c] = f
			if a.hasOwn(f) {
				a.dict[c] = f
			} else {
				a.dict[c] = a.dict[f]
			}
		}
		if p < a.nDense {
			row := a.trans[p*stride : (p+1)*stride]
			if p != 0 {
				copy(row, a.trans[fail[p]*stride:(fail[p]+1)*stride])
			}
			for c := t.first[p]; c < t.first[p+1]; c++ {
				row[t.label[c]] = a.encode(c)
			}
		}
	}
	nSparse := n - a.nDense
	a.sparse = make([]sparseState, nSparse+1)
	a.edges = make([]edge, nSparse)
	for j := range nSparse {
		s := a.nDense + j
		a.sparse[j] = sparseState{first: t.first[s] - a.nDense, fail: a.encode(fail[s])}
		a.edges[j] = edge{target: a.encode(s), label: t.label[s]}
	}
	a.sparse[nSparse].first = n - a.nDense
}

// gotoState returns the state reached from state s on class c in the
// finished automaton, using the dense rows already built.
func (a *Automaton) gotoState(t *trie, fail []uint32, s uint32, c byte) uint32 {
	for s >= a.nDense {
		lo := t.first[s]
		if i, ok := slices.BinarySearch(t.label[lo:t.first[s+1]], c); ok {
			return lo + uint32(i)
		}
		s = fail[s]
	}
	return a.stateNum(a.trans[s*a.stride+uint32(c)])
}
