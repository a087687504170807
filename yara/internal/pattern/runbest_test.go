package pattern

import (
	"math/rand"
	"testing"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// randomPositions returns a run of n positions drawn from bytes that score
// differently: common bytes, letters, case pairs, small classes.
func randomPositions(r *rand.Rand, n int) []position {
	run := make([]position, n)
	for i := range run {
		switch k := r.Intn(10); {
		case k < 3:
			run[i] = bytePositions[[]byte{0x00, 0x20, 0xCC, 0xFF}[r.Intn(4)]]
		case k < 6:
			run[i] = bytePositions[byte(r.Intn(8)+1)]
		case k < 8:
			run[i] = foldedPositions['a'+byte(r.Intn(3))]
		default:
			var c rxsyntax.Class
			for j := 0; j <= r.Intn(6); j++ {
				c.Add(byte(r.Intn(16)))
			}
			run[i] = newPosition(&c)
		}
	}
	return run
}

// TestRunBest checks that runBest, fed a run one position at a time, agrees
// with bestWindow after every position, and that once its window reaches
// maxWindowQuality the window no longer changes (what lets selector.best
// and addTextVariant stop early).
func TestRunBest(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for iter := range 20000 {
		run := randomPositions(r, 1+r.Intn(12))
		var rb runBest
		rb.reset()
		var final struct{ st, n, q int }
		final.st, final.n, final.q = bestWindow(run)
		for e := 1; e <= len(run); e++ {
			rb.add(run[:e])
			st, n, q := bestWindow(run[:e])
			if n == 0 {
				q = rb.q // bestWindow reports 0 without a window
			}
			if rb.start != st || rb.n != n || rb.q != q {
				t.Fatalf("iteration %d, run %v, after %d positions: runBest (%d %d %d), bestWindow (%d %d %d)",
					iter, run, e, rb.start, rb.n, rb.q, st, n, q)
			}
			if rb.q == maxWindowQuality && (rb.start != final.st || rb.n != final.n) {
				t.Fatalf("iteration %d: window (%d %d) of the highest quality replaced by (%d %d)",
					iter, rb.start, rb.n, final.st, final.n)
			}
		}
	}
}

// TestYqRunBest is TestRunBest for yara's quality: yqRunBest against yqBest.
func TestYqRunBest(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	alphabet := []yqPos{
		{kind: yqExact, b: 0x00}, {kind: yqExact, b: 0x20}, {kind: yqExact, b: 0xFF},
		{kind: yqExact, b: 'a'}, {kind: yqExact, b: 'B'}, {kind: yqExact, b: 1},
		{kind: yqExact, b: 2}, {kind: yqExact, b: 3}, {kind: yqExact, b: 4},
		{kind: yqAny}, {kind: yqHalf},
	}
	for iter := range 20000 {
		run := make([]yqPos, 1+r.Intn(12))
		for i := range run {
			run[i] = alphabet[r.Intn(len(alphabet))]
		}
		var rb yqRunBest
		rb.reset()
		fw, _ := yqBest(run)
		fst := cap(run) - cap(fw)
		for e := 1; e <= len(run); e++ {
			rb.add(run[:e])
			w, q := yqBest(run[:e])
			st := cap(run) - cap(w)
			if rb.start != st || rb.n != len(w) || rb.q != q {
				t.Fatalf("iteration %d, run %v, after %d positions: yqRunBest (%d %d %d), yqBest (%d %d %d)",
					iter, run, e, rb.start, rb.n, rb.q, st, len(w), q)
			}
			if rb.q == yqMax && (rb.start != fst || rb.n != len(fw)) {
				t.Fatalf("iteration %d: window (%d %d) of the highest quality replaced by (%d %d)",
					iter, rb.start, rb.n, fst, len(fw))
			}
		}
	}
}
