package refmatch

import rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"

// machine runs a program at one start offset with a bit-state backtracker:
// a depth-first search of (instruction, position) states in priority order
// that never enters a state twice. The first path to reach opMatch is the
// one yara reports (leftmost-first, Perl-like priorities), and the visited
// set bounds the work by len(prog) × window states whatever the pattern.
type machine struct {
	prog    []inst
	visited []uint64 // bit per (pc, pos-start) state
	touched []int    // words of visited set since the last reset
	stack   []state
	// exact makes a match count only if it ends at the limit (the prefix
	// of an atom, which must end where the atom starts).
	exact bool
}

// state is a pending (instruction, position) pair of the search.
type state struct{ pc, pos int }

// newMachine returns a machine for prog.
func newMachine(prog []inst) *machine { return &machine{prog: prog} }

// isWord reports whether data[i] exists and is a \w byte.
func isWord(data []byte, i int) bool { return i >= 0 && i < len(data) && rxsyntax.IsWordByte(data[i]) }

// isWideWord reports whether data[i], data[i+1] is a wide word character:
// a \w byte then a zero byte.
func isWideWord(data []byte, i int) bool { return isWord(data, i) && i+1 < len(data) && data[i+1] == 0 }

// matchAt returns the length of the highest-priority match of the program
// starting at data[start], seeing no byte at or after limit; assertions
// look at the whole data.
func (m *machine) matchAt(data []byte, start, limit int) (int, bool) {
	width := limit - start + 1
	need := (len(m.prog)*width + 63) / 64
	if cap(m.visited) < need {
		m.visited = make([]uint64, need)
		m.touched = m.touched[:0]
	} else {
		// Clear every word touched by the previous call, also those past
		// this call's need: a later, wider call would see them.
		full := m.visited[:cap(m.visited)]
		for _, w := range m.touched {
			full[w] = 0
		}
		m.visited = m.visited[:need]
		m.touched = m.touched[:0]
	}
	m.stack = append(m.stack[:0], state{0, start})
	for len(m.stack) > 0 {
		s := m.stack[len(m.stack)-1]
		m.stack = m.stack[:len(m.stack)-1]
		bit := s.pc*width + s.pos - start
		if m.visited[bit/64]&(1<<(bit%64)) != 0 {
			continue
		}
		if m.visited[bit/64] == 0 {
			m.touched = append(m.touched, bit/64)
		}
		m.visited[bit/64] |= 1 << (bit % 64)
		in := &m.prog[s.pc]
		switch in.op {
		case opMatch:
			if m.exact && s.pos != limit {
				continue
			}
			return s.pos - start, true
		case opByte:
			n := 1
			if in.wide {
				n = 2
			}
			if s.pos+n <= limit && in.class.Has(data[s.pos]) && (!in.wide || data[s.pos+1] == 0) {
				m.stack = append(m.stack, state{s.pc + 1, s.pos + n})
			}
		case opSplit:
			m.stack = append(m.stack, state{in.y, s.pos}, state{in.x, s.pos})
		case opJmp:
			m.stack = append(m.stack, state{in.x, s.pos})
		case opSkip:
			hi := limit - s.pos
			if in.max >= 0 && in.max < hi {
				hi = in.max
			}
			for k := hi; k >= in.min; k-- { // pushed in reverse: fewest bytes popped first
				m.stack = append(m.stack, state{s.pc + 1, s.pos + k})
			}
		case opBegin:
			if s.pos == 0 {
				m.stack = append(m.stack, state{s.pc + 1, s.pos})
			}
		case opEnd:
			if s.pos == len(data) {
				m.stack = append(m.stack, state{s.pc + 1, s.pos})
			}
		case opWordB, opNotWordB:
			b := isWord(data, s.pos-1) != isWord(data, s.pos)
			if in.wide {
				// The wide form compares wide characters (yara -s agrees).
				b = isWideWord(data, s.pos-2) != isWideWord(data, s.pos)
			}
			if b == (in.op == opWordB) {
				m.stack = append(m.stack, state{s.pc + 1, s.pos})
			}
		}
	}
	return 0, false
}
