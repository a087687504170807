package pattern

import (
	"fmt"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// altForm is yara's choice of sites for one form of a string under the
// alternation model (yaraalt.go).
type altForm struct {
	specs  []altSpec
	rev    bool // same-atom sites report in reverse order (nocase xor wide)
	greedy bool // a later report at an offset replaces an earlier one
}

// altSite is the part of a site specific to the alternation model.
type altSite struct {
	fwd     *prog // the regex from the window's first position, forward
	atomOff int   // offset of the searched atom in yara's window
	winLen  int   // length of yara's window in the data
	rank    int64 // report order among the sites (order key, low bits)
	greedy  bool  // the order is negated: the last report wins
}

// altWindow returns the engine positions of yara's window (widened to its
// first MaxAtomLen bytes in the wide form).
func altWindow(win []altPos, wide bool) ([]position, bool) {
	var out []position
	for _, ap := range win {
		p, ok := singlePosition(ap.node)
		if ap.yq.kind == yqAny {
			ok = false
		}
		if !ok {
			p = position{} // n == 0: not searchable
		}
		out = append(out, p)
		if wide {
			out = append(out, bytePositions[0])
		}
	}
	if len(out) > MaxAtomLen {
		out = out[:MaxAtomLen]
	}
	return out, len(out) > 0
}

// addAltForm adds the sites of form fi chosen by yara (af); it returns
// false, adding nothing, when a window has nothing to search.
func (p *Pattern) addAltForm(fi int, af *altForm, limit int) (bool, error) {
	type built struct {
		st    site
		atoms [][]byte
		q     int
	}
	var all []built
	wide := p.forms[fi].wide
	for i, sp := range af.specs {
		win, _ := altWindow(sp.win, wide)
		// The searched atom: the best window of searchable positions.
		best, bl, bq := 0, 0, -1<<30
		for a := 0; a < len(win); {
			if win[a].n == 0 {
				a++
				continue
			}
			b := a
			for b < len(win) && win[b].n != 0 {
				b++
			}
			if st, l, q := bestWindow(win[a:b]); l > 0 && q > bq {
				best, bl, bq = a+st, l, q
			}
			a = b
		}
		if bl == 0 {
			return false, nil
		}
		pre := &rxsyntax.Node{Op: rxsyntax.OpConcat, Subs: sp.pre}
		suf := &rxsyntax.Node{Op: rxsyntax.OpConcat, Subs: sp.suf}
		if wide {
			var err error
			if pre, err = wideTree(pre, 0); err != nil {
				return false, err
			}
			if suf, err = wideTree(suf, 0); err != nil {
				return false, err
			}
		}
		fwd, err := compileProg(suf, false)
		if err != nil {
			return false, fmt.Errorf("suffix of atom site %d: %w", i, err)
		}
		fwd.wide = wide
		if limit > 0 {
			fwd.limit = limit
		}
		rank := int64(i)
		if af.rev {
			rank = int64(len(af.specs) - 1 - i)
		}
		st := site{form: fi, fixed: -1, alt: &altSite{fwd: fwd, atomOff: best, winLen: len(win), rank: rank, greedy: af.greedy}}
		_, hi := lengths(pre, 0)
		if hi == 0 && !hasAssertion(pre, 0) {
			// Nothing to verify before the window (a longer fixed prefix
			// is checked by the backward program).
			st.fixed = 0
		} else {
			back, err := compileProg(pre, true)
			if err != nil {
				return false, fmt.Errorf("prefix of atom site %d: %w", i, err)
			}
			back.wide = wide
			st.back = back
			st.backMax = limit
			if limit < 0 || (hi >= 0 && hi < limit) {
				st.backMax = hi
			}
		}
		all = append(all, built{st: st, atoms: expand(win[best : best+bl]), q: bq})
	}
	for _, b := range all {
		idx := len(p.sites)
		p.sites = append(p.sites, b.st)
		for _, a := range b.atoms {
			p.atoms = append(p.atoms, Atom{Bytes: a, Verifier: idx})
		}
		p.quality = min(p.quality, b.q)
	}
	return true, nil
}

// altOrderBits place the parts of a match's order key: the end of yara's
// window in the data, then shorter windows later, then the site's rank.
const (
	altRankBits = 16 // maxAltSites fits
	altLenBits  = 4  // MaxAtomLen fits
)

// verifyAlt verifies a hit of an atom of model site st at data[start:].
func (p *Pattern) verifyAlt(sc *Scratch, data []byte, st *site, start int, emit func(Match)) {
	a := st.alt
	f := &p.forms[st.form]
	ws := start - a.atomOff
	if ws < 0 || ws+a.winLen > len(data) {
		return
	}
	n, ok := sc.matchAt(a.fwd, data, ws)
	if !ok {
		return
	}
	order := int64(ws+a.winLen)<<(altRankBits+altLenBits) | int64(MaxAtomLen-a.winLen)<<altRankBits | a.rank
	if a.greedy {
		order = -order
	}
	one := func(s int) {
		if p.fullword && !fullwordOK(data, s, ws+n, f.wide) {
			return
		}
		emit(Match{Offset: s, Length: ws - s + n, XorKey: -1, Rank: f.rank, Order: order})
	}
	if st.back == nil {
		if s := ws - st.fixed; s >= 0 {
			one(s)
		}
		return
	}
	low := 0
	if st.backMax >= 0 {
		low = max(0, ws-st.backMax)
	}
	sc.cands = sc.cands[:0]
	sc.starts(st.back, data, ws, low)
	for _, s := range sc.cands {
		one(s)
	}
}

// hasAlt reports whether some site of p follows the alternation model.
func (p *Pattern) hasAlt() bool {
	for i := range p.sites {
		if p.sites[i].alt != nil {
			return true
		}
	}
	return false
}

// scanAlt is ScanRange for a pattern with sites of the alternation model,
// whose matches depend on the atom that reports them: every atom
// occurrence that can prove a match starting in [from, to) is verified,
// and the matches starting there are kept.
func (p *Pattern) scanAlt(sc *Scratch, data []byte, from, to int, emit func(Match)) {
	reach := 0 // how far after a match's start its atom may end
	for i := range p.sites {
		st := &p.sites[i]
		switch {
		case st.back == nil:
			reach = max(reach, st.fixed)
		case st.backMax < 0:
			reach = len(data)
		default:
			reach = max(reach, st.backMax)
		}
	}
	last := min(len(data), to+reach+2*MaxAtomLen)
	keep := func(m Match) {
		if m.Offset >= from && m.Offset < to {
			emit(m)
		}
	}
	for end := from + 1; end <= last; end++ {
		for _, a := range p.atoms {
			if s := end - len(a.Bytes); s >= 0 && string(data[s:end]) == string(a.Bytes) {
				p.Verify(sc, data, a, end, keep)
			}
		}
	}
}
