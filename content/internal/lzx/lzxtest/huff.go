package lzxtest

import "sort"

// huffLens returns code lengths for symbol frequencies freq, none longer
// than limit. Fewer than two used symbols get a complete two-symbol code;
// no used symbol gives all zero lengths.
func huffLens(freq []int, limit int) []uint8 {
	lens := make([]uint8, len(freq))
	var used []int
	for s, f := range freq {
		if f > 0 {
			used = append(used, s)
		}
	}
	switch len(used) {
	case 0:
		return lens
	case 1:
		other := 0
		if used[0] == 0 {
			other = 1
		}
		lens[used[0]], lens[other] = 1, 1
		return lens
	}
	f := make([]int, len(freq))
	copy(f, freq)
	for {
		if huffmanDepths(f, used, lens) <= limit {
			return lens
		}
		for _, s := range used {
			f[s] = f[s]/2 | 1
		}
	}
}

// huffmanDepths sets lens[s] for the used symbols to their depth in a
// Huffman tree of frequencies f and returns the greatest depth.
func huffmanDepths(f []int, used []int, lens []uint8) int {
	type node struct{ w, parent int }
	nodes := make([]node, 0, 2*len(used))
	var live []int
	for _, s := range used {
		nodes = append(nodes, node{f[s], -1})
		live = append(live, len(nodes)-1)
	}
	for len(live) > 1 {
		sort.SliceStable(live, func(i, j int) bool { return nodes[live[i]].w < nodes[live[j]].w })
		a, b := live[0], live[1]
		nodes = append(nodes, node{nodes[a].w + nodes[b].w, -1})
		p := len(nodes) - 1
		nodes[a].parent, nodes[b].parent = p, p
		live = append([]int{p}, live[2:]...)
	}
	max := 0
	for i, s := range used {
		d := 0
		for n := i; nodes[n].parent >= 0; n = nodes[n].parent {
			d++
		}
		lens[s] = uint8(d)
		max = maxInt(max, d)
	}
	return max
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// codes returns the canonical codes of lens.
func codes(lens []uint8) []uint32 {
	var count [33]uint32
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	var next [34]uint32
	for l := 1; l <= 32; l++ {
		next[l] = (next[l-1] + count[l-1]) << 1
	}
	c := make([]uint32, len(lens))
	for s, l := range lens {
		if l != 0 {
			c[s] = next[l]
			next[l]++
		}
	}
	return c
}
