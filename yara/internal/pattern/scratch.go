package pattern

// Scratch holds the buffers of the Pike VM and of verification, reused
// across calls so that verifying a hit does not allocate once they have
// grown to the size of the largest program. The zero value is ready to use;
// a Scratch belongs to one goroutine at a time.
type Scratch struct {
	cur, next threadSet
	stack     []int32
	cands     []int
}

// NewScratch returns an empty Scratch.
func NewScratch() *Scratch { return new(Scratch) }

// threadSet is a set of program counters that remembers insertion order
// (thread priority) and clears in constant time.
type threadSet struct {
	sparse []uint32
	dense  []int32
}

func (s *threadSet) reset(n int) {
	if len(s.sparse) < n {
		s.sparse = make([]uint32, n)
		s.dense = make([]int32, 0, n)
	}
	s.dense = s.dense[:0]
}

func (s *threadSet) has(pc int32) bool {
	i := s.sparse[pc]
	return int(i) < len(s.dense) && s.dense[i] == pc
}

func (s *threadSet) insert(pc int32) {
	s.sparse[pc] = uint32(len(s.dense))
	s.dense = append(s.dense, pc)
}

// add inserts pc and everything it reaches without consuming input at
// position i into q, in priority order (depth first, preferred branch first).
func (sc *Scratch) add(p *prog, q *threadSet, pc int32, data []byte, i int) {
	sc.stack = append(sc.stack[:0], pc)
	for len(sc.stack) > 0 {
		pc := sc.stack[len(sc.stack)-1]
		sc.stack = sc.stack[:len(sc.stack)-1]
		if q.has(pc) {
			continue
		}
		q.insert(pc)
		in := &p.insts[pc]
		switch in.op {
		case iJmp:
			sc.stack = append(sc.stack, in.x)
		case iSplit:
			sc.stack = append(sc.stack, in.y, in.x)
		case iAssert:
			if assertAt(in.a, data, i, p.wide) {
				sc.stack = append(sc.stack, pc+1)
			}
		}
	}
}

// matchAt runs p anchored at data[start:], consuming at most p.limit bytes
// if it is positive, and returns
// the length of the highest-priority (leftmost-first) match.
func (sc *Scratch) matchAt(p *prog, data []byte, start int) (int, bool) {
	n := len(p.insts)
	sc.cur.reset(n)
	sc.next.reset(n)
	sc.add(p, &sc.cur, 0, data, start)
	end := -1
	stop := len(data)
	if p.limit > 0 && start+p.limit < stop {
		stop = start + p.limit
	}
	for i := start; len(sc.cur.dense) > 0; i++ {
		sc.next.dense = sc.next.dense[:0]
		for _, pc := range sc.cur.dense {
			in := &p.insts[pc]
			if in.op == iMatch {
				end = i
				break // lower-priority threads lose to this match
			}
			if in.op == iByte && i < stop && p.classes[in.cls].Has(data[i]) {
				sc.add(p, &sc.next, pc+1, data, i+1)
			}
		}
		if i >= stop {
			break
		}
		sc.cur, sc.next = sc.next, sc.cur
	}
	return end - start, end >= 0
}

// starts runs the reversed program p backward from position pos, consuming
// data[pos-1], data[pos-2] and so on down to data[low], and appends to
// sc.cands every position where p matches (where a match may start).
func (sc *Scratch) starts(p *prog, data []byte, pos, low int) {
	n := len(p.insts)
	sc.cur.reset(n)
	sc.next.reset(n)
	sc.add(p, &sc.cur, 0, data, pos)
	for i := pos; len(sc.cur.dense) > 0; i-- {
		sc.next.dense = sc.next.dense[:0]
		matched := false
		for _, pc := range sc.cur.dense {
			in := &p.insts[pc]
			switch {
			case in.op == iMatch:
				matched = true
			case in.op == iByte && i > low && p.classes[in.cls].Has(data[i-1]):
				sc.add(p, &sc.next, pc+1, data, i-1)
			}
		}
		if matched {
			sc.cands = append(sc.cands, i)
		}
		if i <= low {
			break
		}
		sc.cur, sc.next = sc.next, sc.cur
	}
}
