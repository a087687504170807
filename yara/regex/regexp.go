package regex

import (
	"fmt"
	"sync"

	"github.com/overt-sec/overt/yara/regex/syntax"
)

// Regexp is a compiled YARA regular expression. It is safe for concurrent use.
type Regexp struct {
	src   string       // canonical source (syntax.Node.String)
	prog  *prog        // the program
	first syntax.Class // bytes a non-empty match can start with
	empty bool         // a match may start without consuming a byte (or at an assertion)
	pool  sync.Pool    // of *machine
}

// Compile parses pattern with flags and compiles it.
func Compile(pattern string, flags syntax.Flags) (*Regexp, error) {
	n, err := syntax.Parse(pattern, flags)
	if err != nil {
		return nil, err
	}
	return CompileNode(n)
}

// MustCompile is like Compile but panics on error; for tests and constants.
func MustCompile(pattern string, flags syntax.Flags) *Regexp {
	re, err := Compile(pattern, flags)
	if err != nil {
		panic(fmt.Sprintf("regex: Compile(%q): %v", pattern, err))
	}
	return re
}

// CompileNode compiles a parsed tree. It fails if the expanded program
// would exceed MaxInstructions.
func CompileNode(n *syntax.Node) (*Regexp, error) {
	p, err := compile(n)
	if err != nil {
		return nil, err
	}
	re := &Regexp{src: n.String(), prog: p}
	re.first, re.empty = firstBytes(p)
	re.pool.New = func() any { return newMachine(p) }
	return re, nil
}

// String returns the canonical source of the expression.
func (re *Regexp) String() string { return re.src }

// NumInst returns the number of instructions of the compiled program.
func (re *Regexp) NumInst() int { return len(re.prog.insts) }

// Program returns a listing of the compiled program, for debugging.
func (re *Regexp) Program() string { return re.prog.String() }

// MatchAt reports whether a match starts exactly at data[pos] and returns
// its length, as YARA reports string matches: leftmost-first priority and
// at most ScanLimit bytes. The whole of data is given so that ^, $, \b and
// \B can see what lies around the match.
func (re *Regexp) MatchAt(data []byte, pos int) (length int, ok bool) {
	if pos < 0 || pos > len(data) {
		return 0, false
	}
	if !re.empty && (pos == len(data) || !re.first.Has(data[pos])) {
		return 0, false
	}
	in := input{data: data, winEnd: min(len(data), pos+ScanLimit)}
	m := re.pool.Get().(*machine)
	end, ok := m.run(&in, pos, true)
	re.pool.Put(m)
	if !ok {
		return 0, false
	}
	return end - pos, true
}

// FindAll calls fn for every offset in data where a match starts, in
// increasing order, with the length MatchAt reports; it stops early if fn
// returns false. Like YARA it reports overlapping matches (one per start)
// and, like YARA 4.5, empty matches; it does not try offset len(data).
func (re *Regexp) FindAll(data []byte, fn func(start, length int) bool) {
	for pos := range data {
		if !re.empty && !re.first.Has(data[pos]) {
			continue
		}
		if n, ok := re.MatchAt(data, pos); ok && !fn(pos, n) {
			return
		}
	}
}

// Match reports whether the expression matches anywhere in data, with no
// length limit: the semantics of YARA's "matches" operator.
func (re *Regexp) Match(data []byte) bool {
	in := input{data: data, winEnd: len(data)}
	m := re.pool.Get().(*machine)
	_, ok := m.run(&in, 0, false)
	re.pool.Put(m)
	return ok
}

// firstBytes returns the bytes that can be consumed first by a match, and
// whether a match can be empty (opMatch reachable without consuming), in
// which case no byte filter applies. Assertions are assumed to hold, which
// only widens the set.
func firstBytes(p *prog) (first syntax.Class, empty bool) {
	seen := make([]bool, len(p.insts))
	stack := []int32{0}
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &p.insts[pc]
		switch in.op {
		case opByte:
			first.Add(in.b)
		case opClass:
			first.AddClass(&p.classes[in.x])
		case opAny:
			first.AddRange(0, 255)
		case opSplit:
			stack = append(stack, in.x, in.y)
		case opJmp:
			stack = append(stack, in.x)
		case opAssert:
			stack = append(stack, pc+1)
		case opMatch:
			empty = true
		}
	}
	return first, empty
}
