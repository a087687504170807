package pattern

import (
	"math/bits"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// Atom quality. Scores are in points per atom byte; they are this package's
// own and only choose the atoms searched for. The "slow" verdict uses
// yara's quality instead (yaraq.go).
const (
	scoreByte       = 20 // an ordinary byte
	scoreCommonByte = 12 // 00 20 CC FF: frequent in binaries and text
	scorePerBit     = 6  // penalty per bit of choice of a class position
	// SlowQuality is the yara atom quality (yaraq.go) below which a
	// string is reported slow, as yara warns.
	SlowQuality = 38
)

// isCommonByte reports whether b is so frequent in files that an atom made
// of it finds too many hits.
func isCommonByte(b byte) bool { return b == 0x00 || b == 0x20 || b == 0xCC || b == 0xFF }

// position is one byte of a literal run: the set of bytes it accepts, with
// its smallest member and its score computed once (atom selection scores
// every window of every run, so these must be cheap to read).
type position struct {
	cls rxsyntax.Class
	n   int  // members of cls
	lo  byte // smallest member of cls
	pts int  // score of the position
}

// newPosition returns the position accepting the members of cls.
func newPosition(cls *rxsyntax.Class) position {
	p := position{cls: *cls}
	for _, w := range cls {
		p.n += bits.OnesCount64(w)
	}
	p.lo = p.smallest()
	p.pts = p.computeScore()
	return p
}

// posOf returns the position of a single byte, folded for nocase.
func posOf(b byte, fold bool) position {
	if fold {
		return foldedPositions[b]
	}
	return bytePositions[b]
}

// bytePositions and foldedPositions are the positions of every byte, as
// is and case-folded (text strings build one per byte and xor key).
var bytePositions, foldedPositions = func() (plain, folded [256]position) {
	for b := range 256 {
		var cls rxsyntax.Class
		cls.Add(byte(b))
		plain[b] = newPosition(&cls)
		cls.FoldCase()
		folded[b] = newPosition(&cls)
	}
	return plain, folded
}()

// isCasePair reports whether the class is exactly the two cases of a letter.
func (p *position) isCasePair() bool {
	if p.n != 2 {
		return false
	}
	for b := 'a'; b <= 'z'; b++ {
		if p.cls.Has(byte(b)) && p.cls.Has(byte(b-'a'+'A')) {
			return true
		}
	}
	return false
}

// smallest returns the smallest member of the position's class, 0 if none.
func (p *position) smallest() byte {
	for i, w := range p.cls {
		if w != 0 {
			return byte(64*i + bits.TrailingZeros64(w))
		}
	}
	return 0
}

// first returns the smallest member of the position's class.
func (p *position) first() byte { return p.lo }

// score returns the points of one position.
func (p *position) score() int { return p.pts }

// computeScore computes the points of one position.
func (p *position) computeScore() int {
	switch {
	case p.n == 1:
		if isCommonByte(p.first()) {
			return scoreCommonByte
		}
		return scoreByte
	case p.isCasePair():
		return scoreByte
	}
	return scoreByte - scorePerBit*bits.Len(uint(p.n-1))
}

// windowQuality scores a window of positions: the sum of its positions,
// except that a run of one repeated common byte (00 00 00 00, 20 20)
// counts as that byte alone.
func windowQuality(w []position) int {
	q := 0
	same := true
	for i := range w {
		q += w[i].score()
		if w[i].n != 1 || w[i].first() != w[0].first() {
			same = false
		}
	}
	if same && len(w) > 1 && w[0].n == 1 && isCommonByte(w[0].first()) {
		return scoreCommonByte
	}
	return q
}

// variants returns the number of byte strings a window expands to, or
// MaxAtomVariants+1 if more.
func variants(w []position) int {
	v := 1
	for i := range w {
		v *= w[i].n
		if v > MaxAtomVariants {
			return MaxAtomVariants + 1
		}
	}
	return v
}

// maxWindowQuality is the highest quality a window can have (MaxAtomLen
// ordinary bytes): a window of it cannot be beaten, so searches stop there.
const maxWindowQuality = MaxAtomLen * scoreByte

// bestWindow returns the start and length of the best window of at most
// MaxAtomLen positions of run whose expansion has at most MaxAtomVariants
// strings, and its quality; n is 0 if there is none. The best window is the
// first of highest quality, in order of start then length.
func bestWindow(run []position) (start, n, q int) {
	q = -1 << 30
	for i := range run {
		for l := 1; l <= MaxAtomLen && i+l <= len(run); l++ {
			w := run[i : i+l]
			if variants(w) > MaxAtomVariants {
				break
			}
			if wq := windowQuality(w); wq > q {
				start, n, q = i, l, wq
			}
		}
		if q == maxWindowQuality {
			break // no later window is strictly better
		}
	}
	if n == 0 {
		q = 0
	}
	return start, n, q
}

// runBest finds bestWindow's window incrementally while a run grows: add
// scores the windows that end at the run's last position, so that once the
// window found cannot be beaten the rest of the run need not be built.
type runBest struct{ start, n, q int }

// reset forgets the windows seen, for a new run.
func (b *runBest) reset() { *b = runBest{q: -1 << 30} }

// add scores the windows ending at the last position of run, which must be
// the run of the earlier calls since reset plus one position. After every
// call, b holds what bestWindow(run) returns (but q is not 0 if n is 0): of
// the windows of equal quality, the one of the smallest start wins, as the
// shorter one of equal start was scored first.
func (b *runBest) add(run []position) {
	e := len(run)
	last := &run[e-1]
	v, pts, same := 1, 0, true
	for l := 1; l <= MaxAtomLen && l <= e; l++ {
		p := &run[e-l]
		if v *= p.n; v > MaxAtomVariants {
			return // longer windows expand to even more strings
		}
		pts += p.pts
		same = same && p.n == 1 && p.lo == last.lo
		q := pts
		if same && l > 1 && isCommonByte(last.lo) {
			q = scoreCommonByte
		}
		if q > b.q || q == b.q && e-l < b.start {
			b.start, b.n, b.q = e-l, l, q
		}
	}
}

// expand returns every byte string of the window (the cartesian product of
// its classes), the smallest bytes first.
func expand(w []position) [][]byte {
	n := variants(w)
	if n > MaxAtomVariants {
		n = 0
	}
	// One slab for every string: the atoms live as long as the rules.
	slab := make([]byte, n*len(w))
	out := make([][]byte, 0, n)
	var rec func(i int, prefix []byte)
	cur := make([]byte, len(w))
	rec = func(i int, prefix []byte) {
		if i == len(w) {
			s := slab[:len(w):len(w)]
			slab = slab[len(w):]
			copy(s, prefix)
			out = append(out, s)
			return
		}
		for k, word := range w[i].cls {
			for word != 0 {
				prefix[i] = byte(64*k + bits.TrailingZeros64(word))
				word &= word - 1
				rec(i+1, prefix)
			}
		}
	}
	if n > 0 {
		rec(0, cur)
	}
	return out
}
