package ac

import (
	"bytes"
	"fmt"
	"slices"
)

// Options tune Build. The zero value asks for the defaults.
type Options struct {
	// DenseBytes is the budget for dense transition rows; 0 means
	// DefaultDenseBytes and a negative value makes only the start state
	// dense. Tests and benchmarks use it to force either layout.
	DenseBytes int
	// NoSkip disables the start-state accelerator (for tests and benchmarks).
	NoSkip bool
}

// Build compiles the patterns with the default options. Each pattern is 1 to
// MaxPatternLen bytes; duplicates are allowed and each keeps its index.
func Build(patterns [][]byte) (*Automaton, error) {
	return BuildWith(patterns, Options{})
}

// BuildWith compiles the patterns with the given options.
func BuildWith(patterns [][]byte, opts Options) (*Automaton, error) {
	if err := validate(patterns); err != nil {
		return nil, err
	}
	a := &Automaton{nPatterns: len(patterns)}
	for _, p := range patterns {
		a.maxLen = max(a.maxLen, len(p))
	}
	a.stride = computeClasses(patterns, &a.classes)
	t := buildTrie(patterns, &a.classes)
	a.nStates = len(t.label)
	a.layout(opts)
	a.outputs(t)
	a.link(t)
	a.skip = newSkipper(a, opts.NoSkip)
	return a, nil
}

// validate checks the limits and says which pattern breaks them.
func validate(patterns [][]byte) error {
	if len(patterns) > MaxPatterns {
		return fmt.Errorf("ac: %d patterns, more than the limit of %d", len(patterns), MaxPatterns)
	}
	total := 0
	for i, p := range patterns {
		if len(p) == 0 {
			return fmt.Errorf("ac: pattern %d is empty", i)
		}
		if len(p) > MaxPatternLen {
			return fmt.Errorf("ac: pattern %d is %d bytes long, more than the limit of %d", i, len(p), MaxPatternLen)
		}
		total += len(p)
		if total > MaxTotalLen {
			return fmt.Errorf("ac: patterns 0..%d total more than the limit of %d bytes", i, MaxTotalLen)
		}
	}
	return nil
}

// computeClasses assigns each byte used by some pattern its own class, in
// byte order, and all unused bytes one more class. Two bytes used by
// patterns are never equivalent in a trie-based automaton: at a state where
// one has an edge the other goes elsewhere. It returns the class count.
func computeClasses(patterns [][]byte, classes *[256]byte) uint32 {
	var used [256]bool
	for _, p := range patterns {
		for _, b := range p {
			used[b] = true
		}
	}
	n := 0
	for b := range 256 {
		if used[b] {
			n++
		}
	}
	// With all 256 bytes used there is no "other" class; otherwise the
	// unused bytes share class n, which sorts after every used one.
	c := 0
	for b := range 256 {
		if used[b] {
			classes[b] = byte(c)
			c++
		} else {
			classes[b] = byte(n)
		}
	}
	if n == 256 {
		return 256
	}
	return uint32(n + 1)
}

// trie is the keyword trie in breadth-first order: the children of state n
// are the states first[n]..first[n+1]-1, sorted by label.
type trie struct {
	label []byte   // class of the edge into each state (0 for the start)
	first []uint32 // first child of each state; len = states+1
	ends  []uint32 // terminal state of each pattern
}

// buildTrie builds the trie level by level from the patterns in sorted
// order: at every depth, patterns that share a prefix are adjacent, so the
// states of one level come out in lexicographic order, which is also
// breadth-first order with every state's children contiguous.
func buildTrie(patterns [][]byte, classes *[256]byte) *trie {
	order := sortedOrder(patterns)

	total := 1
	for _, p := range patterns {
		total += len(p)
	}
	t := &trie{
		label: make([]byte, 1, total),
		ends:  make([]uint32, len(patterns)),
	}
	parentOf := make([]uint32, 1, total) // discarded after first is built
	active := order
	cur := t.ends // the state each active pattern has reached; ends at the end
	for d := 0; len(active) > 0; d++ {
		keep := active[:0]
		prevParent, prevByte, last := uint32(0), -1, uint32(0)
		for _, p := range active {
			parent, b := cur[p], int(patterns[p][d])
			if parent != prevParent || b != prevByte {
				last = uint32(len(t.label))
				t.label = append(t.label, classes[b])
				parentOf = append(parentOf, parent)
				prevParent, prevByte = parent, b
			}
			cur[p] = last
			if len(patterns[p]) > d+1 {
				keep = append(keep, p)
			}
		}
		active = keep
	}
	n := len(t.label)
	t.first = make([]uint32, n+1)
	t.first[n] = uint32(n)
	for s := n - 1; s >= 1; s-- {
		t.first[parentOf[s]] = uint32(s) // the smallest child wins
	}
	// States without children point at the next state's first child.
	for s := n - 1; s >= 0; s-- {
		if t.first[s] == 0 {
			t.first[s] = t.first[s+1]
		}
	}
	return t
}

// radixMaxLen is the longest pattern length sortedOrder radix-sorts: a key
// of up to 7 pattern bytes and a length byte fits a uint64. Atoms are at
// most 4 bytes; longer patterns are sorted by comparison.
const radixMaxLen = 7

// sortedOrder returns the pattern indexes in lexicographic order of the
// patterns, equal patterns by index (a stable sort).
func sortedOrder(patterns [][]byte) []uint32 {
	order := make([]uint32, len(patterns))
	for i := range order {
		order[i] = uint32(i)
	}
	maxLen := 0
	for _, p := range patterns {
		maxLen = max(maxLen, len(p))
	}
	if maxLen > radixMaxLen || len(patterns) < 64 {
		slices.SortStableFunc(order, func(x, y uint32) int { return bytes.Compare(patterns[x], patterns[y]) })
		return order
	}
	// Key: the bytes, zero-padded to maxLen, then the length. Padding
	// compares like the end of a shorter pattern only against zero bytes,
	// and then the length puts the prefix first, as bytes.Compare does.
	keys := make([]uint64, len(patterns))
	for i, p := range patterns {
		var k uint64
		for j := range maxLen {
			k <<= 8
			if j < len(p) {
				k |= uint64(p[j])
			}
		}
		keys[i] = k<<8 | uint64(len(p))
	}
	// Stable LSD radix sort, one byte of the key per pass.
	tmp := make([]uint32, len(order))
	var count [256]int
	for shift := uint(0); shift < uint(8*(maxLen+1)); shift += 8 {
		count = [256]int{}
		for _, i := range order {
			count[byte(keys[i]>>shift)]++
		}
		if count[byte(keys[order[0]]>>shift)] == len(order) {
			continue // every key has the same byte here
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, i := range order {
			d := byte(keys[i] >> shift)
			tmp[count[d]] = i
			count[d]++
		}
		order, tmp = tmp, order
	}
	return order
}
