package pattern

import (
	"math/bits"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// maxPrefilterLen is the most leading positions a prefilter checks: 16
// fit the bit masks of its table, and a run of 16 bytes each in its
// position's class is rare enough in real data that checking further
// saves little over running the matcher.
const maxPrefilterLen = 16

// maxPrefilterStates bounds the program states the prefilter's
// construction tracks per position, so that a huge program costs bounded
// time at compile time; past it the form gets no prefilter.
const maxPrefilterStates = 4096

// prefilter is a necessary condition for a match of one form of a
// full-scan pattern to start at an offset: every match consumes at least n
// bytes, and its i-th byte (i < n) is one of the bytes b with
// mask[b]&(1<<i) != 0. Full-scan patterns try every offset of the data, so
// rejecting most offsets with a few table lookups, before the matcher
// runs, is what makes them affordable.
type prefilter struct {
	n    int
	mask [256]uint16
}

// newPrefilter computes the prefilter of a form's tree, or nil when the
// form can match the empty string (every offset must be tried) or its
// program is too large to analyse.
func newPrefilter(tree *rxsyntax.Node) *prefilter {
	pr, err := compileProg(tree, false)
	if err != nil {
		return nil
	}
	return prefilterOf(pr)
}

// prefilterOf simulates pr from its start, assuming every assertion holds
// (which only widens the classes), and records the bytes each thread can
// consume at each position until a thread can match.
func prefilterOf(pr *prog) *prefilter {
	f := &prefilter{}
	seen := make([]int, len(pr.insts)) // position+1 at which pc was added
	cur := closure(pr, []int32{0}, seen, 1)
	for i := 0; i < maxPrefilterLen; i++ {
		if cur == nil {
			return nil
		}
		var next []int32
		for _, pc := range cur {
			in := &pr.insts[pc]
			switch in.op {
			case iMatch:
				// A match can end after i bytes: positions from i on are free.
				if i == 0 {
					return nil
				}
				f.n = i
				return f
			case iByte:
				cls := &pr.classes[in.cls]
				for b := range 256 {
					if cls.Has(byte(b)) {
						f.mask[b] |= 1 << i
					}
				}
				next = append(next, pc+1)
			}
		}
		if len(next) == 0 {
			// No match is possible past here: what was checked suffices.
			f.n = i + 1
			return f
		}
		cur = closure(pr, next, seen, i+2)
	}
	f.n = maxPrefilterLen
	return f
}

// closure returns the pcs reachable from pcs without consuming a byte,
// following every assertion, each once per position (seen[pc] == mark), or
// nil when they exceed maxPrefilterStates.
func closure(pr *prog, pcs []int32, seen []int, mark int) []int32 {
	var out []int32
	stack := append([]int32(nil), pcs...)
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if pc < 0 || int(pc) >= len(pr.insts) || seen[pc] == mark {
			continue
		}
		seen[pc] = mark
		out = append(out, pc)
		if len(out) > maxPrefilterStates {
			return nil
		}
		in := &pr.insts[pc]
		switch in.op {
		case iJmp:
			stack = append(stack, in.x)
		case iSplit:
			stack = append(stack, in.y, in.x)
		case iAssert:
			stack = append(stack, pc+1)
		}
	}
	return out
}

// next returns the first offset in s..to-1 where a match may start, or to
// when there is none; a nil prefilter admits every offset. It checks the
// positions of a start from the last to the first and, on a byte b that
// position i rejects, moves to the next start that puts b at a position
// whose class has it, as Boyer-Moore skips on a bad character.
func (f *prefilter) next(data []byte, s, to int) int {
	if f == nil {
		return min(s, to)
	}
	n := f.n
	last := min(len(data)-n, to-1) // the last start with room for n bytes
	m := &f.mask
	for s <= last {
		w := data[s : s+n : s+n]
		i := n - 1
		for ; i >= 0; i-- {
			if m[w[i]]&(1<<i) == 0 {
				break
			}
		}
		if i < 0 {
			return s
		}
		// The nearest position j < i whose class has the byte: shift by i-j.
		s += i + 1 - bits.Len16(m[w[i]]&(1<<i-1))
	}
	return to
}

// setPrefilters gives each form of a full-scan pattern its prefilter;
// trees are the forms' trees, in the order of p.forms.
func (p *Pattern) setPrefilters(trees []*rxsyntax.Node) {
	if len(p.atoms) > 0 || len(trees) != len(p.forms) {
		return
	}
	p.pres = make([]*prefilter, len(trees))
	for i, t := range trees {
		p.pres[i] = newPrefilter(t)
	}
}

// maxScanForms is the most forms scanForms tracks at once (a regex has an
// ascii and a wide form); more fall back to trying every offset.
const maxScanForms = 4

// scanForms tries every form of a KindHex or KindRegex pattern at every
// start offset from..to-1 that its prefilter admits. Offsets are visited in
// increasing order and, at one offset, forms in order, as forward does.
func (p *Pattern) scanForms(sc *Scratch, data []byte, from, to int, emit func(Match)) {
	if len(p.pres) != len(p.forms) || len(p.forms) > maxScanForms {
		for off := from; off < to; off++ {
			p.forward(sc, data, off, emit)
		}
		return
	}
	var next [maxScanForms]int
	for i := range p.forms {
		next[i] = p.pres[i].next(data, from, to)
	}
	for {
		off := to
		for i := range p.forms {
			off = min(off, next[i])
		}
		if off >= to {
			return
		}
		for i := range p.forms {
			if next[i] == off {
				p.formAt(sc, data, &p.forms[i], off, emit)
				next[i] = p.pres[i].next(data, off+1, to)
			}
		}
	}
}
