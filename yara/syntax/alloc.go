package syntax

// Nodes and small slices of the tree are carved from chunks rather than
// allocated one by one: a large rule set has millions of nodes, and one
// allocation per node dominates the cost of parsing and of the garbage
// collections it causes. A chunk lives as long as any node carved from it;
// the nodes of a tree are used together, so little is kept needlessly.

// Chunks start at slabMinChunk elements and double up to slabMaxChunk: a
// small file allocates little, a large one amortizes each allocation over
// hundreds of nodes.
const (
	slabMinChunk = 8
	slabMaxChunk = 256
)

// slab hands out pointers to zeroed values of type T.
type slab[T any] struct {
	free []T
	next int // size of the next chunk
}

// new returns a pointer to a zeroed T.
func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		s.grow()
	}
	x := &s.free[0]
	s.free = s.free[1:]
	return x
}

// grow allocates the next chunk.
func (s *slab[T]) grow() {
	s.next = min(max(s.next*2, slabMinChunk), slabMaxChunk)
	s.free = make([]T, s.next)
}

// clone returns a copy of v carved from the slab, with no spare capacity
// (appending to it copies), or nil if v is empty. Slices longer than a
// chunk are allocated on their own.
func (s *slab[T]) clone(v []T) []T {
	n := len(v)
	switch {
	case n == 0:
		return nil
	case n > slabMaxChunk/4:
		out := make([]T, n)
		copy(out, v)
		return out
	case len(s.free) < n:
		s.grow()
		if len(s.free) < n {
			s.free = make([]T, slabMaxChunk)
		}
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	copy(out, v)
	return out
}

// nodeAlloc holds the slabs of one parse.
type nodeAlloc struct {
	rules     slab[Rule]
	idents    slab[Ident]
	metas     slab[Meta]
	strLits   slab[StringLit]
	intLits   slab[IntLit]
	defs      slab[StringDef]
	texts     slab[TextString]
	mods      slab[Modifier]
	refs      slab[StringRef]
	selectors slab[SelectorExpr]
	binaries  slab[BinaryExpr]

	identPtrs slab[*Ident]
	metaPtrs  slab[*Meta]
	defPtrs   slab[*StringDef]
	modPtrs   slab[*Modifier]

	// Scratch buffers for the lists of the rule being parsed, copied into
	// the slabs above once complete.
	tagBuf  []*Ident
	metaBuf []*Meta
	defBuf  []*StringDef
	modBuf  []*Modifier
}
