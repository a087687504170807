package regex

import "github.com/overt-sec/overt/yara/regex/syntax"

// sparseSet is a set of pcs with insertion order, cleared in O(1).
type sparseSet struct {
	sparse []uint32
	dense  []int32
}

func newSparseSet(n int) sparseSet {
	return sparseSet{sparse: make([]uint32, n), dense: make([]int32, 0, n)}
}

func (s *sparseSet) has(pc int32) bool {
	i := s.sparse[pc]
	return int(i) < len(s.dense) && s.dense[i] == pc
}

func (s *sparseSet) insert(pc int32) {
	s.sparse[pc] = uint32(len(s.dense))
	s.dense = append(s.dense, pc)
}

func (s *sparseSet) clear() { s.dense = s.dense[:0] }

// machine is the per-call state of the Pike VM; it is pooled per Regexp.
type machine struct {
	p     *prog
	cur   sparseSet
	next  sparseSet
	stack []int32
}

func newMachine(p *prog) *machine {
	n := len(p.insts)
	return &machine{p: p, cur: newSparseSet(n), next: newSparseSet(n), stack: make([]int32, 0, 16)}
}

// input is what the assertions look at.
type input struct {
	data   []byte
	winEnd int // bytes at or past winEnd cannot be consumed; \b sees nothing there
}

// assert evaluates a zero-width assertion at position i.
func (in *input) assert(kind byte, i int) bool {
	switch kind {
	case assertBegin:
		return i == 0
	case assertEnd:
		return i == len(in.data)
	}
	before := i > 0 && syntax.IsWordByte(in.data[i-1])
	after := i < in.winEnd && syntax.IsWordByte(in.data[i])
	if kind == assertWord {
		return before != after
	}
	return before == after
}

// add inserts pc and everything reachable from it without consuming input
// into q, in priority order (depth first, preferred branch first).
func (m *machine) add(q *sparseSet, pc int32, i int, in *input) {
	m.stack = append(m.stack[:0], pc)
	for len(m.stack) > 0 {
		pc := m.stack[len(m.stack)-1]
		m.stack = m.stack[:len(m.stack)-1]
		if q.has(pc) {
			continue
		}
		q.insert(pc)
		ins := &m.p.insts[pc]
		switch ins.op {
		case opJmp:
			m.stack = append(m.stack, ins.x)
		case opSplit:
			m.stack = append(m.stack, ins.y, ins.x)
		case opAssert:
			if in.assert(ins.b, i) {
				m.stack = append(m.stack, pc+1)
			}
		}
	}
}

// run executes the program from start over in.data[start:in.winEnd]. When
// anchored it returns the end of the highest-priority match starting at
// start. When not anchored it starts a new lowest-priority thread at every
// position and returns at the first match found (enough for a yes/no answer).
func (m *machine) run(in *input, start int, anchored bool) (end int, ok bool) {
	m.cur.clear()
	m.next.clear()
	m.add(&m.cur, 0, start, in)
	end = -1
	for i := start; ; i++ {
		if len(m.cur.dense) == 0 {
			break
		}
		m.next.clear()
		for _, pc := range m.cur.dense {
			ins := &m.p.insts[pc]
			if ins.op == opMatch {
				end = i
				if !anchored {
					return end, true
				}
				break // lower-priority threads lose to this match
			}
			if i < in.winEnd && ins.op <= opAny && m.p.accepts(pc, in.data[i]) {
				m.add(&m.next, pc+1, i+1, in)
			}
		}
		if i >= in.winEnd {
			break
		}
		if !anchored {
			m.add(&m.next, 0, i+1, in)
		}
		m.cur, m.next = m.next, m.cur
	}
	return end, end >= 0
}
