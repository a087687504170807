package yara

import (
	"encoding/binary"

	"github.com/overt-sec/overt/yara/check"
	"github.com/overt-sec/overt/yara/syntax"
)

// guard is a necessary condition of a rule read off its condition: a
// top-level conjunct `uintN(K) == V` (or `V == uintN(K)`), K and V
// constants, as in `uint16(0) == 0x5A4D and ...`. When the guard does not
// hold, the conjunct is false or undefined and the rule cannot match,
// whatever its strings match: the scanner then skips verifying those
// strings (their matches could only ever be reported for a matching rule).
type guard struct {
	off  int64
	size int64 // 1, 2 or 4 bytes
	big  bool  // big-endian read
	want int64
}

// holds reports whether the guard's integer read is defined on data and
// equals its value.
func (g *guard) holds(data []byte) bool {
	if g.off < 0 || g.off > int64(len(data))-g.size {
		return false
	}
	b := data[g.off : g.off+g.size]
	var u uint64
	switch {
	case g.size == 1:
		u = uint64(b[0])
	case g.size == 2 && g.big:
		u = uint64(binary.BigEndian.Uint16(b))
	case g.size == 2:
		u = uint64(binary.LittleEndian.Uint16(b))
	case g.big:
		u = uint64(binary.BigEndian.Uint32(b))
	default:
		u = uint64(binary.LittleEndian.Uint32(b))
	}
	return g.want >= 0 && u == uint64(g.want)
}

// readSizes gives the size and endianness of the unsigned integer reads.
var readSizes = map[string]struct {
	size int64
	big  bool
}{
	"uint8": {1, false}, "uint16": {2, false}, "uint32": {4, false},
	"uint8be": {1, true}, "uint16be": {2, true}, "uint32be": {4, true},
}

// maxGuardDepth bounds the recursion through nested `and`s and
// parentheses; a deeper condition simply yields no guard from there.
const maxGuardDepth = 64

// findGuard returns the first guard among the top-level conjuncts of e,
// and whether it is the leftmost one: the evaluator, whose `and` stops at
// a false left operand, then evaluates nothing else of a rule whose
// guard fails, so the rule may be set false without being evaluated.
func findGuard(e syntax.Expr, info *check.Info, depth int) (g guard, leading, ok bool) {
	if depth > maxGuardDepth {
		return guard{}, false, false
	}
	switch x := e.(type) {
	case *syntax.ParenExpr:
		return findGuard(x.X, info, depth+1)
	case *syntax.BinaryExpr:
		switch x.Op {
		case syntax.AND:
			if g, leading, ok := findGuard(x.X, info, depth+1); ok {
				return g, leading, true
			}
			g, _, ok := findGuard(x.Y, info, depth+1)
			return g, false, ok
		case syntax.EQL:
			if g, ok := guardOf(x.X, x.Y, info); ok {
				return g, true, true
			}
			g, ok := guardOf(x.Y, x.X, info)
			return g, ok, ok
		}
	}
	return guard{}, false, false
}

// guardOf makes a guard of `read == value` when read is an unsigned
// integer read at a constant offset and value a constant.
func guardOf(read, value syntax.Expr, info *check.Info) (guard, bool) {
	for {
		p, ok := read.(*syntax.ParenExpr)
		if !ok {
			break
		}
		read = p.X
	}
	call, ok := read.(*syntax.CallExpr)
	if !ok || len(call.Args) != 1 {
		return guard{}, false
	}
	id, ok := call.Fun.(*syntax.Ident)
	if !ok {
		return guard{}, false
	}
	rs, ok := readSizes[id.Name]
	if !ok {
		return guard{}, false
	}
	off, ok := constInt(info, call.Args[0])
	if !ok {
		return guard{}, false
	}
	want, ok := constInt(info, value)
	if !ok {
		return guard{}, false
	}
	return guard{off: off, size: rs.size, big: rs.big, want: want}, true
}

// addGuard returns the index in r.guards of rule sr's guard, adding it if
// new, or -1 when the rule has none, and whether the guard is leading.
func (r *Rules) addGuard(sr *syntax.Rule, info *check.Info, index map[guard]int32) (int32, bool) {
	if sr.Condition == nil {
		return -1, false
	}
	g, leading, ok := findGuard(sr.Condition, info, 0)
	if !ok {
		return -1, false
	}
	if i, ok := index[g]; ok {
		return i, leading
	}
	i := int32(len(r.guards))
	r.guards = append(r.guards, g)
	index[g] = i
	return i, leading
}
