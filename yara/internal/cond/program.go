package cond

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/syntax"
)

// IDs numbers the strings and rules of a program. A nil map numbers them
// in declaration order (rules of Program.Rules(), then each rule's strings
// in order, consecutively).
type IDs struct {
	Strings map[*syntax.StringDef]int
	Rules   map[*syntax.Rule]int
}

// Match is one match of a string: the offset of its first byte, its length
// and, for xor strings, the key.
type Match struct {
	Offset int64
	Length int32
	XorKey int16
}

// Input is one scanned object as the conditions see it.
type Input struct {
	Data     []byte       // the whole object, for integer reads and modules
	Filesize int64        // the object's size (normally len(Data))
	Matches  [][]Match    // by string ID, sorted by offset, one per offset
	Log      func(string) // console module output, one line per call; nil discards
	// Entrypoint is the entry point offset; nil leaves `entrypoint` undefined.
	Entrypoint *int64
	Ctx        context.Context  // cancels the evaluation; nil means none
	Deadline   time.Time        // stops the evaluation when passed; zero means none
	Now        func() time.Time // the clock of time.now(); nil means time.Now
	// Lazy marks, by string ID, strings the scanner did not search because
	// every reference to them is `$a at X`: MatchAt(id, X) answers those
	// references instead of Matches. Nil means every string was searched.
	Lazy    []bool
	MatchAt func(id int, off int64) bool
	// Skip marks, by rule ID, rules the caller knows evaluate to false
	// without side effects (their leading conjunct is false): Eval sets
	// them false without evaluating them. Nil skips none.
	Skip []bool
	// ModuleData maps a module name to the data passed to it (yara -x).
	ModuleData map[string][]byte
	// Read, when not nil, serves integer reads such as uint32(X) instead of
	// Data, for objects made of separate memory blocks (process memory,
	// where X is a virtual address): it fills p with the bytes at off and
	// reports whether they all lie inside one block.
	Read func(off int64, p []byte) bool
	// NoFilesize makes `filesize` undefined, as yara has it when scanning
	// process memory.
	NoFilesize bool
}

// RuleInfo describes one compiled rule.
type RuleInfo struct {
	ID      int    // the rule's ID (index in Eval's out)
	Name    string // the rule's name
	Global  bool   // the rule is global
	Private bool   // the rule is private: evaluated and referable, not reported
}

// Program is a compiled set of conditions. It is immutable and safe for
// concurrent use by several goroutines, each with its own Input and out.
type Program struct {
	rules   []*rule          // in declaration order
	modules []*object.Module // every module imported, in first-import order
	nRules  int              // 1 + the highest rule ID
	nStrs   int              // 1 + the highest string ID
	nSlots  int              // loop variable slots needed by the rule needing most
}

type rule struct {
	RuleInfo
	cond expr
	mods []int // indexes in Program.modules of the modules imported before the rule
}

// ErrCanceled is returned by Eval, wrapped with the cause, when the context
// is done or the deadline passed before every condition was evaluated.
var ErrCanceled = errors.New("cond: evaluation stopped")

// Rules describes the compiled rules in declaration order.
func (p *Program) Rules() []RuleInfo {
	out := make([]RuleInfo, len(p.rules))
	for i, r := range p.rules {
		out[i] = r.RuleInfo
	}
	return out
}

// Modules returns the modules the program imports, in first-import order.
func (p *Program) Modules() []*object.Module { return p.modules }

// NumRules returns the length Eval's out must have.
func (p *Program) NumRules() int { return p.nRules }

// NumStrings returns the length Input.Matches should have.
func (p *Program) NumStrings() int { return p.nStrs }

// Eval evaluates every rule's condition in declaration order and sets
// out[rule ID] to whether the rule matched; a false global rule makes every
// rule of the program false (private rules are set too: reporting them is
// the caller's choice). Every module imported is loaded at most once. On
// cancellation it returns an error wrapping ErrCanceled and out is
// unspecified; a module that fails to load is reported in the error while
// its values stay undefined.
func (p *Program) Eval(in *Input, out []bool) error {
	if len(out) < p.nRules {
		return fmt.Errorf("cond: out has %d entries, the program has %d rules", len(out), p.nRules)
	}
	s := &state{in: in, out: out, prog: p, mods: make([]modState, len(p.modules)), vars: make([]value, p.nSlots)}
	s.env = object.Env{Data: in.Data, Log: in.Log, Now: in.Now, Ctx: in.Ctx}
	for _, r := range p.rules {
		if r.ID < len(in.Skip) && in.Skip[r.ID] {
			out[r.ID] = false
			continue
		}
		out[r.ID] = r.cond(s).isTrue()
		if s.err != nil {
			return s.err
		}
	}
	for _, r := range p.rules {
		if r.Global && !out[r.ID] {
			for _, q := range p.rules {
				out[q.ID] = false
			}
			break
		}
	}
	return s.loadErr
}

// modState is the value of one module for the object being evaluated.
type modState struct {
	loaded bool
	root   *object.Value
}

// state is the evaluation state of one Eval.
type state struct {
	in      *Input
	out     []bool
	prog    *Program
	mods    []modState
	env     object.Env
	vars    []value // loop variable slots
	ticks   int
	err     error // cancellation
	loadErr error // first module load error
}

// module returns the root value of module i, loading it on first use.
func (s *state) module(i int) *object.Value {
	m := &s.mods[i]
	if !m.loaded {
		m.loaded = true
		mod := s.prog.modules[i]
		ctx := s.in.Ctx
		if ctx == nil {
			ctx = context.Background()
		}
		root, err := mod.LoadValue(&object.LoadInput{Ctx: ctx, Data: s.in.Data, ModuleData: s.in.ModuleData[mod.Name]})
		if err != nil && s.loadErr == nil {
			s.loadErr = fmt.Errorf("cond: module %s: %w", mod.Name, err)
		}
		if root == nil {
			root = object.NewStruct(mod.Schema)
		}
		m.root = root
	}
	return m.root
}

// tick counts one loop iteration and reports whether evaluation must stop.
func (s *state) tick() bool {
	if s.err != nil {
		return true
	}
	s.ticks++
	if s.ticks%checkEvery != 0 {
		return false
	}
	if ctx := s.in.Ctx; ctx != nil && ctx.Err() != nil {
		s.err = fmt.Errorf("%w: %w", ErrCanceled, ctx.Err())
		return true
	}
	if d := s.in.Deadline; !d.IsZero() && time.Now().After(d) {
		s.err = fmt.Errorf("%w: deadline exceeded", ErrCanceled)
		return true
	}
	return false
}
