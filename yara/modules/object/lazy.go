package object

import "github.com/overt-sec/overt/yara/types"

// NewLazyArray returns an array of n elements whose element i is built by
// gen(i) the first time it is read (Index), then kept. Modules use it for
// big tables (an ELF symbol table holds up to a million entries) that most
// rules never read: building every element up front costs several hundred
// bytes per entry and dominated the scanner's peak memory.
//
// gen must return the same value whatever the order of the calls, and may
// return nil (an undefined element). It runs during the scan of the object
// the array was built for: it may read that object's data. A negative n
// counts as 0. Reading a lazy array builds and keeps elements, so it is not
// safe for concurrent use: it belongs in the value tree of one object,
// which one scan reads, not in a tree shared by several scans.
func NewLazyArray(n int, gen func(i int) *Value) *Value {
	return &Value{Kind: types.Array, lazy: &lazyElems{n: max(n, 0), gen: gen}}
}

// lazyElems is the state of an array built on demand.
type lazyElems struct {
	n     int
	gen   func(i int) *Value
	built []*Value // built[i] once generated; allocated on the first read
	done  []bool   // done[i] once gen(i) ran (its result may be nil)
}

// at returns element i, building it on first use.
func (l *lazyElems) at(i int64) *Value {
	if i < 0 || i >= int64(l.n) {
		return nil
	}
	if l.built == nil {
		l.built = make([]*Value, l.n)
		l.done = make([]bool, l.n)
	}
	if !l.done[i] {
		l.built[i] = l.gen(int(i))
		l.done[i] = true
	}
	return l.built[i]
}

// materialize turns a lazy array into an ordinary one (every element built
// into Elems), so that it can be modified.
func (v *Value) materialize() {
	l := v.lazy
	if l == nil {
		return
	}
	elems := make([]*Value, l.n)
	for i := range elems {
		elems[i] = l.at(int64(i))
	}
	v.Elems, v.lazy = elems, nil
}
