package yara

import (
	"context"
	"errors"
	"time"

	"github.com/overt-sec/overt/yara/internal/ac"
	"github.com/overt-sec/overt/yara/internal/cond"
	"github.com/overt-sec/overt/yara/internal/pattern"
	"github.com/overt-sec/overt/yara/modules/object"
)

// ScanOptions configure a Scanner.
type ScanOptions struct {
	// Timeout bounds the scan of one object (yara -a); 0 means none. A scan
	// that runs out of time returns an error matching ErrTimeout (and
	// context.DeadlineExceeded).
	Timeout time.Duration
	// MaxMatchesPerString is the number of matches kept per string; 0 means
	// DefaultMaxMatchesPerString. Past it the string's further matches are
	// dropped, a TooManyMatches warning names the string and the scan goes on.
	MaxMatchesPerString int
	// FastScan is yara's -f: once a string used only as a boolean ($a,
	// `any of them`) has matched, its further atom hits are not verified,
	// so it keeps only the matches of its first verified hit. Strings whose
	// count, offsets, lengths or matches in a range the condition uses keep
	// all their matches, as in yara.
	FastScan bool
	// Log receives the console module's messages, one line per call; nil
	// discards them.
	Log func(string)
	// ReportNonMatching fills Result.NonMatching (yara -n).
	ReportNonMatching bool
	// NoMatchDetails declares that the caller reads which rules matched but
	// not MatchingRule.Strings: they are left empty and, as with FastScan,
	// a string used only as a boolean is no longer searched once it has
	// matched. Rule results are the same as without it; what is lost is
	// the TooManyMatches warning of such a string, which is not searched
	// far enough to reach the limit. overt scan sets it when it prints no
	// strings and no warnings.
	NoMatchDetails bool
	// ModuleData maps a module name to the data passed to that module
	// (yara -x MODULE=FILE: the file's content), e.g. a Cuckoo report for
	// the cuckoo module. Modules given no data get none.
	ModuleData map[string][]byte
	// DumpModules fills Result.ModuleDump with every imported module's
	// values, as yara -D prints them.
	DumpModules bool
}

// ErrTimeout is matched (errors.Is) by the error of a scan that ran out of
// ScanOptions.Timeout; its text is yara's.
var ErrTimeout = errors.New("scanning timed out")

// timeoutError is the error of a scan past its Timeout.
type timeoutError struct{}

func (timeoutError) Error() string { return ErrTimeout.Error() }

// Is makes a timeout match ErrTimeout and context.DeadlineExceeded.
func (timeoutError) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

// Scanner scans objects with Rules. It reuses its buffers from one object
// to the next and must be used by one goroutine at a time; make one
// Scanner per worker.
type Scanner struct {
	rules *Rules
	opts  ScanOptions
	limit int // matches kept per string

	sc      *pattern.Scratch
	hits    []ac.Hit
	raw     [][]pattern.Match // matches by global string ID, as emitted
	cm      [][]cond.Match    // the same, sorted and deduplicated, for conditions
	full    []bool            // the string reached the match limit
	touched []int32           // strings with matches or full, to reset
	out     [][]bool          // rule results, per namespace
	buf     []byte            // ScanReaderAt's buffer

	cur    int32 // string being verified, for emit
	emitFn func(pattern.Match)
	// firstOnly: a string used only as a boolean stops being verified or
	// scanned once it has a match (FastScan or NoMatchDetails).
	firstOnly bool
	warnings  []ScanWarning
	lz        lazyState  // strings checked on demand (lazy.go)
	blk       *blockScan // the multi-block scan in progress (blocks.go), or nil

	// mapped is the object when it is a mapped file, whose pages the scan
	// releases behind it (release.go); released is the offset below which
	// they are released in the current pass.
	mapped   []byte
	released int

	// Per scan.
	ctx      context.Context
	deadline time.Time
	stopErr  error
}

// NewScanner returns a Scanner using the rules with the options.
func (r *Rules) NewScanner(opts ScanOptions) *Scanner {
	s := &Scanner{
		rules: r,
		opts:  opts,
		limit: opts.MaxMatchesPerString,
		sc:    pattern.NewScratch(),
		hits:  make([]ac.Hit, 0, hitBatch),
		raw:   make([][]pattern.Match, len(r.strs)),
		cm:    make([][]cond.Match, len(r.strs)),
		full:  make([]bool, len(r.strs)),
		out:   make([][]bool, len(r.spaces)),
	}
	if s.limit <= 0 {
		s.limit = DefaultMaxMatchesPerString
	}
	for i, n := range r.spaces {
		s.out[i] = make([]bool, n.prog.NumRules())
	}
	s.emitFn = s.emit
	s.firstOnly = opts.FastScan || opts.NoMatchDetails
	s.initLazy()
	return s
}

// Rules returns the rules the scanner uses.
func (s *Scanner) Rules() *Rules { return s.rules }

// ScanBytes scans data. The Result does not refer to data.
func (s *Scanner) ScanBytes(ctx context.Context, data []byte) (*Result, error) {
	return s.scan(ctx, data)
}

// scan runs one scan of data.
func (s *Scanner) scan(ctx context.Context, data []byte) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	s.ctx, s.stopErr, s.deadline = ctx, nil, time.Time{}
	if s.opts.Timeout > 0 {
		s.deadline = time.Now().Add(s.opts.Timeout)
	}
	s.reset()
	s.evalGuards(data)
	if s.stopped() {
		return nil, s.stopErr
	}
	if err := s.matchAll(data); err != nil {
		return nil, err
	}
	s.finishMatches()
	if err := s.evaluate(data); err != nil {
		return nil, err
	}
	res := s.result(data)
	if s.opts.DumpModules {
		res.ModuleDump = s.moduleDump(data)
	}
	return res, nil
}

// reset clears the per-scan state left by the previous scan. Match
// buffers grown past keepMatches are dropped rather than kept for the next
// object (see keepMatches).
func (s *Scanner) reset() {
	for _, id := range s.touched {
		if cap(s.raw[id]) > keepMatches || cap(s.cm[id]) > keepMatches {
			s.raw[id], s.cm[id] = nil, nil
		} else {
			s.raw[id] = s.raw[id][:0]
			s.cm[id] = s.cm[id][:0]
		}
		s.full[id] = false
	}
	s.touched = s.touched[:0]
	s.warnings = nil
}

// stopped reports whether the scan must stop (context done or deadline
// passed), setting stopErr.
func (s *Scanner) stopped() bool {
	if s.stopErr != nil {
		return true
	}
	if err := s.ctx.Err(); err != nil {
		s.stopErr = err
		return true
	}
	if !s.deadline.IsZero() && time.Now().After(s.deadline) {
		s.stopErr = timeoutError{}
		return true
	}
	return false
}

// matchAll finds the matches of every string: one automaton pass with
// each hit verified, then the full-scan strings.
func (s *Scanner) matchAll(data []byte) error {
	r := s.rules
	if r.auto != nil {
		var st ac.State
		for off := 0; off < len(data); off += scanChunk {
			if s.stopped() {
				return s.stopErr
			}
			chunk := data[off:min(off+scanChunk, len(data))]
			for {
				hits, n := r.auto.ScanHits(&st, chunk, s.hits[:0])
				s.verify(data, hits)
				chunk = chunk[n:]
				if len(hits) < cap(hits) {
					break
				}
				if s.stopped() {
					return s.stopErr
				}
			}
			s.releaseBehind(off + scanChunk)
		}
		s.releaseAll()
	}
	for _, id := range r.fullScan {
		if s.stopped() {
			return s.stopErr
		}
		if s.skipString(int32(id)) {
			continue
		}
		s.begin(int32(id))
		first := s.firstOnly && r.strs[id].single
		for from := 0; from < len(data); from += fullScanChunk {
			if from > 0 && s.stopped() {
				return s.stopErr
			}
			r.patterns[id].ScanRange(s.sc, data, from, from+fullScanChunk, s.emitFn)
			if first && len(s.raw[id]) > 0 {
				break // only whether it matches matters
			}
			s.releaseBehind(from + fullScanChunk)
		}
		s.releaseAll()
	}
	if s.stopped() {
		return s.stopErr
	}
	return nil
}

// verify verifies a batch of automaton hits.
func (s *Scanner) verify(data []byte, hits []ac.Hit) {
	r := s.rules
	for _, h := range hits {
		ref := &r.atoms[h.Pattern]
		id := ref.str
		if s.full[id] || (s.firstOnly && len(s.raw[id]) > 0 && r.strs[id].single) || s.skipString(id) {
			continue
		}
		s.begin(id)
		r.patterns[id].Verify(s.sc, data, ref.atom, int(h.End), s.emitFn)
	}
}

// begin makes id the string whose matches emit records.
func (s *Scanner) begin(id int32) {
	s.cur = id
}

// emit records one match of the current string.
func (s *Scanner) emit(m pattern.Match) {
	id := s.cur
	if s.full[id] {
		return
	}
	ms := s.raw[id]
	if len(ms) == 0 {
		s.touched = append(s.touched, id)
	}
	ms = append(ms, m)
	if len(ms) >= 2*s.limit {
		// Hits of several atoms can prove the same match: deduplicate
		// before deciding that the string has too many.
		ms = pattern.Finish(ms)
		if len(ms) >= s.limit {
			s.setFull(id)
		}
	}
	s.raw[id] = ms
}

// setFull marks string id as past the match limit and warns.
func (s *Scanner) setFull(id int32) {
	s.full[id] = true
	sd := &s.rules.strs[id]
	rd := &s.rules.rules[sd.rule]
	s.warnings = append(s.warnings, ScanWarning{
		Kind:      TooManyMatches,
		Namespace: s.rules.spaces[rd.ns].name,
		Rule:      rd.name,
		String:    sd.name,
	})
}

// finishMatches sorts and deduplicates every string's matches, applies the
// limit and converts them for the conditions.
func (s *Scanner) finishMatches() {
	for _, id := range s.touched {
		ms := pattern.Finish(s.raw[id])
		if sd := &s.rules.strs[id]; sd.fixed {
			ms = atOffset(ms, sd.at)
		}
		if len(ms) > s.limit {
			ms = ms[:s.limit]
			if !s.full[id] {
				s.setFull(id)
			}
		}
		s.raw[id] = ms
		cm := s.cm[id][:0]
		for _, m := range ms {
			cm = append(cm, cond.Match{Offset: int64(m.Offset), Length: int32(m.Length), XorKey: int16(m.XorKey)})
		}
		s.cm[id] = cm
	}
}

// evaluate runs every namespace's conditions.
func (s *Scanner) evaluate(data []byte) error {
	s.lz.data = data
	defer func() { s.lz.data = nil }() // data may be unmapped after the scan
	var entry *int64
	if ep, ok := entryPoint(data); ok {
		entry = &ep
	}
	for i, n := range s.rules.spaces {
		in := cond.Input{
			Data:       data,
			Filesize:   int64(len(data)),
			Matches:    s.cm[n.strBase : n.strBase+n.nStrs],
			Log:        s.opts.Log,
			Ctx:        s.ctx,
			Deadline:   s.deadline,
			Entrypoint: entry,
			ModuleData: s.opts.ModuleData,
		}
		if s.blk != nil {
			s.blk.input(&in)
		}
		if s.lz.lazy != nil {
			in.Lazy = s.lz.lazy[n.strBase : n.strBase+n.nStrs]
			in.MatchAt = s.lz.matchAt[i]
		}
		if s.lz.skip != nil {
			in.Skip = s.lz.skip[i]
		}
		err := n.prog.Eval(&in, s.out[i])
		if err == nil {
			continue
		}
		if errors.Is(err, cond.ErrCanceled) {
			if s.stopped() {
				return s.stopErr
			}
			if !s.deadline.IsZero() {
				return timeoutError{}
			}
			return err
		}
		if errors.Is(err, object.ErrInvalidModuleData) {
			return err // yara fails the scan on data its module rejects (-x)
		}
		s.warnings = append(s.warnings, ScanWarning{Kind: ModuleError, Namespace: n.name, Message: err.Error()})
	}
	return nil
}

// result builds the Result of the scan.
func (s *Scanner) result(data []byte) *Result {
	r := s.rules
	res := &Result{Warnings: s.warnings}
	s.warnings = nil
	for i := range r.rules {
		d := &r.rules[i]
		if d.private {
			continue
		}
		mr := MatchingRule{
			Namespace: r.spaces[d.ns].name,
			Rule:      d.name,
			Tags:      d.tags,
			Meta:      d.meta,
			Private:   d.private,
			Global:    d.global,
		}
		if !s.out[d.ns][d.local] {
			if s.opts.ReportNonMatching {
				res.NonMatching = append(res.NonMatching, mr)
			}
			continue
		}
		if !s.opts.NoMatchDetails {
			mr.Strings = s.strings(d, data)
		}
		res.Matching = append(res.Matching, mr)
	}
	return res
}

// strings returns the matches of the non-private strings of rule d, with
// their data copied (at most MaxMatchData bytes each).
func (s *Scanner) strings(d *ruleDesc, data []byte) []MatchString {
	n, size := 0, 0
	for _, id := range d.strs {
		if !s.rules.strs[id].private {
			for _, m := range s.raw[id] {
				n++
				size += min(m.Length, MaxMatchData)
			}
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]MatchString, 0, n)
	backing := make([]byte, 0, size)
	for _, id := range d.strs {
		sd := &s.rules.strs[id]
		if sd.private {
			continue
		}
		for _, m := range s.raw[id] {
			end := min(m.Offset+min(m.Length, MaxMatchData), len(data))
			start := len(backing)
			if s.blk != nil {
				backing = append(backing, s.blk.matchData(id, m)...)
			} else if m.Offset >= 0 && m.Offset <= end {
				backing = append(backing, data[m.Offset:end]...)
			}
			out = append(out, MatchString{
				Identifier: sd.name,
				Offset:     int64(m.Offset),
				Length:     m.Length,
				Data:       backing[start:len(backing):len(backing)],
				XorKey:     m.XorKey,
				Hex:        sd.hex,
			})
		}
	}
	return out
}

// atOffset keeps the match of ms at offset at, if any: yara searches a
// string used only as `$a at K` at K alone and reports no other match.
func atOffset(ms []pattern.Match, at int64) []pattern.Match {
	for _, m := range ms {
		if int64(m.Offset) == at {
			ms[0] = m
			return ms[:1]
		}
	}
	return ms[:0]
}
