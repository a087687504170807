package ac

import "fmt"

// Automaton is a compiled set of patterns. It is immutable after Build and
// safe for concurrent use by any number of goroutines, each with its own
// State.
type Automaton struct {
	// classes maps every byte to its equivalence class.
	classes [256]byte
	// stride is the number of classes: the length of a dense row.
	stride uint32
	// trans holds the dense rows, state after state; a dense state's id is
	// the offset of its row. Cells hold encoded ids (matchBit included).
	trans []uint32
	// denseLen is len(trans): ids (without matchBit) at or above it are sparse.
	denseLen uint32
	// nDense is the number of dense states; states are numbered breadth
	// first and the first nDense are dense.
	nDense uint32

	// Sparse states, indexed by j = id - denseLen (state number nDense+j),
	// plus a sentinel. Sparse state j's edges are
	// edges[sparse[j].first:sparse[j+1].first]; an edge's position is its
	// target's sparse index, because a sparse state's children are sparse
	// and numbered consecutively. Each array keeps what one lookup needs
	// together, for cache locality.
	sparse []sparseState
	edges  []edge

	// Outputs, indexed by state number: out[outStart[n]:outStart[n+1]] are
	// the patterns ending exactly at state n (ascending index), and dict[n]
	// is the nearest state on n's failure chain with patterns of its own (0
	// when none: the start state never has output).
	outStart []uint32
	out      []uint32
	dict     []uint32

	// Start-state accelerator.
	skip skipper

	nPatterns int
	maxLen    int
	nStates   int
}

// sparseState is a sparse state's edge range start and failure state.
type sparseState struct {
	first uint32 // index of its first edge in Automaton.edges
	fail  uint32 // encoded id of its failure state
}

// edge is one transition out of a sparse state.
type edge struct {
	target uint32 // encoded id of the target
	label  byte   // class of the input byte
}

// Stats describes an automaton, for logs, the debug command and tests.
type Stats struct {
	Patterns     int // patterns given to Build, duplicates included
	MaxLen       int // longest pattern
	States       int // trie states, start state included
	DenseStates  int // states with a full transition row
	SparseStates int // states with edges and a failure link
	Classes      int // byte equivalence classes
	StartBytes   int // bytes that leave the start state
	Accelerated  string
	MemoryBytes  int // bytes held by the automaton's tables
}

// Stats returns the automaton's statistics.
func (a *Automaton) Stats() Stats {
	return Stats{
		Patterns:     a.nPatterns,
		MaxLen:       a.maxLen,
		States:       a.nStates,
		DenseStates:  int(a.nDense),
		SparseStates: len(a.edges),
		Classes:      int(a.stride),
		StartBytes:   a.skip.count,
		Accelerated:  a.skip.kind.String(),
		MemoryBytes:  a.MemoryBytes(),
	}
}

// String renders the statistics on one line.
func (s Stats) String() string {
	return fmt.Sprintf("patterns=%d maxlen=%d states=%d dense=%d sparse=%d classes=%d startbytes=%d accel=%s memory=%d",
		s.Patterns, s.MaxLen, s.States, s.DenseStates, s.SparseStates, s.Classes, s.StartBytes, s.Accelerated, s.MemoryBytes)
}

// MemoryBytes returns the size of the automaton's tables in bytes.
func (a *Automaton) MemoryBytes() int {
	n := 256 + 4*len(a.trans) + 8*len(a.sparse) + 8*len(a.edges)
	n += 4*len(a.outStart) + 4*len(a.out) + 4*len(a.dict)
	return n + 256 + 128 // skip table and headers
}

// Len returns the number of patterns given to Build.
func (a *Automaton) Len() int { return a.nPatterns }

// MaxLen returns the length of the longest pattern: a scan split into
// pieces must let each piece overlap the previous one by MaxLen()-1 bytes.
func (a *Automaton) MaxLen() int { return a.maxLen }

// stateNum turns an encoded id into a state number.
func (a *Automaton) stateNum(s uint32) uint32 {
	id := s &^ matchBit
	if id < a.denseLen {
		return id / a.stride
	}
	return a.nDense + id - a.denseLen
}

// next returns the state after reading class c in state s (encoded ids),
// following failure links from sparse states until a dense one answers.
func (a *Automaton) next(s uint32, c byte) uint32 {
	for {
		id := s &^ matchBit
		if id < a.denseLen {
			return a.trans[id+uint32(c)]
		}
		st := a.sparse[id-a.denseLen : id-a.denseLen+2 : id-a.denseLen+2]
		for _, e := range a.edges[st[0].first:st[1].first] {
			if e.label == c {
				return e.target
			}
		}
		s = st[0].fail
	}
}
