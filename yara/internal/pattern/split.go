package pattern

import (
	"bytes"
	"fmt"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// A hex string whose jumps are too long to expand into one program (as
// { 61 [0-100000] 62 }, which yara accepts) is split at its long top-level
// jumps into segments, each compiled on its own. A match is a match of the
// first segment, then for each jump the nearest match of the next segment
// within the jump's range: jumps are lazy, so the nearest wins, as with
// yara (checked with yara -s: { 61 [2-300] 62 63 } on "axxbxbxaabcbc"
// matches from the first a up to the first "bc" at least 2 bytes away).
// Atoms come from the first segment only.

// Limits of split hex strings.
const (
	// longJump is the span (max - min) above which a top-level jump splits
	// a hex string that is too large as one program: yara chains the parts
	// of a hex string at jumps longer than 200 bytes.
	longJump = 200

	// maxSplitSteps bounds the anchored segment attempts of one split match:
	// a segment is tried at every offset of a jump's range, and nested long
	// jumps multiply the ranges; past the bound the attempt reports no
	// match rather than let one atom hit cost without limit.
	maxSplitSteps = 1 << 20
)

// splitHex is the forward matcher of a split hex string.
type splitHex struct {
	segs  []*prog
	first []int    // the exact first byte of each segment, or -1
	jumps [][2]int // jumps[i] precedes segs[i+1]: min, max (-1 unbounded)
}

// splitHexTokens splits a hex string at its long top-level jumps. It
// returns the matcher and the tree of the first segment, or an error if a
// segment is still too large or the string has no long jump.
func splitHexTokens(toks []syntax.HexToken) (*splitHex, *rxsyntax.Node, error) {
	var parts [][]syntax.HexToken
	var jumps [][2]int
	start := 0
	for i, t := range toks {
		j, ok := t.(*syntax.HexJump)
		if !ok || j.Max >= 0 && j.Max-j.Min <= longJump {
			continue
		}
		parts = append(parts, toks[start:i])
		jumps = append(jumps, [2]int{j.Min, j.Max})
		start = i + 1
	}
	if len(jumps) == 0 {
		return nil, nil, errProgTooLarge
	}
	parts = append(parts, toks[start:])
	sh := &splitHex{jumps: jumps}
	var first *rxsyntax.Node
	for i, part := range parts {
		if len(part) == 0 {
			return nil, nil, fmt.Errorf("hex string with two adjacent jumps or a jump at an end")
		}
		tree, err := hexTree(part, 0)
		if err != nil {
			return nil, nil, err
		}
		pr, err := compileProg(tree, false)
		if err != nil {
			return nil, nil, fmt.Errorf("segment %d of a hex string split at its long jumps: %w", i+1, err)
		}
		if i == 0 {
			first = tree
		}
		sh.segs = append(sh.segs, pr)
		fb := -1
		if b, ok := part[0].(*syntax.HexByte); ok && b.Mask == 0xFF && !b.Not {
			fb = int(b.Value)
		}
		sh.first = append(sh.first, fb)
	}
	return sh, first, nil
}

// matchAt matches the split string anchored at data[s:] and returns the
// length of the match.
func (h *splitHex) matchAt(sc *Scratch, data []byte, s int) (int, bool) {
	n, ok := sc.matchAt(h.segs[0], data, s)
	if !ok {
		return 0, false
	}
	steps := 0
	end, ok := h.rest(sc, data, 1, s+n, &steps)
	return end - s, ok
}

// rest matches segments i and later after a segment that ended at pos and
// returns the end of the match.
func (h *splitHex) rest(sc *Scratch, data []byte, i, pos int, steps *int) (int, bool) {
	if i == len(h.segs) {
		return pos, true
	}
	j := h.jumps[i-1]
	lo, hi := pos+j[0], len(data)
	if j[1] >= 0 && pos+j[1] < hi {
		hi = pos + j[1]
	}
	for q := lo; q <= hi && q < len(data); q++ {
		if fb := h.first[i]; fb >= 0 {
			k := bytes.IndexByte(data[q:min(hi+1, len(data))], byte(fb))
			if k < 0 {
				return 0, false
			}
			q += k
		}
		if *steps++; *steps > maxSplitSteps {
			return 0, false
		}
		if n, ok := sc.matchAt(h.segs[i], data, q); ok {
			if end, ok := h.rest(sc, data, i+1, q+n, steps); ok {
				return end, true
			}
		}
	}
	return 0, false
}
