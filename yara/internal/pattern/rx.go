package pattern

import (
	"fmt"

	"github.com/overt-sec/overt/yara/regex"
	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// form is one form of a regex or hex string (ascii or wide) with its
// forward matcher.
type form struct {
	rank int
	wide bool
	re   *regex.Regexp // regex strings: at most ScanLimit bytes per match
	hex  *prog         // hex strings: no length limit
	// lazy is a hex string's forward program when it is compiled at first
	// use (lazyprog.go); hex is then nil. Read both through hexProg.
	lazy *lazyProg
	// split is the matcher of a hex string split at its long jumps
	// (split.go); hex is then nil.
	split *splitHex
}

// site is the verifier of the atoms of one atom site.
type site struct {
	form  int   // index in Pattern.forms
	fixed int   // length of the prefix when it is fixed, else -1
	back  *prog // the prefix reversed, when it is not fixed
	// backMax bounds the backward search: the prefix's maximum length
	// (hex), or ScanLimit (regex).
	backMax int
	// alt is set for a site of yara's alternation model (yaraalt.go):
	// verified forward from the atom window rather than from the start.
	alt *altSite
}

// compileRegex compiles a regex string: its ascii and/or wide forms.
func compileRegex(r *syntax.RegexLit, m mods) (*Pattern, error) {
	var flags rxsyntax.Flags
	if r.CaseInsensitive || m.nocase {
		flags |= rxsyntax.FoldCase
	}
	if r.DotAll {
		flags |= rxsyntax.DotAll
	}
	tree, err := rxsyntax.Parse(r.Pattern, flags)
	if err != nil {
		return nil, fmt.Errorf("invalid regex: %w", err)
	}
	p := &Pattern{kind: KindRegex, fullword: m.fullword, rxText: r.Pattern, rxFlags: flags}
	p.yq = yqRegexOrHex(tree, false, m.asciiForm(), m.wide)
	trees := []*rxsyntax.Node{}
	if m.asciiForm() {
		trees = append(trees, tree)
		p.forms = append(p.forms, form{rank: 0})
	}
	if m.wide {
		w, err := wideTree(tree, 0)
		if err != nil {
			return nil, err
		}
		trees = append(trees, w)
		p.forms = append(p.forms, form{rank: 1, wide: true})
	}
	for i, t := range trees {
		if p.forms[i].wide && hasWordAssertion(t, 0) {
			// The regex package sees raw bytes; \b and \B of the wide
			// form look at wide characters: run this package's program.
			pr, err := compileProg(t, false)
			if err != nil {
				return nil, err
			}
			pr.wide, pr.limit = true, ScanLimit
			p.forms[i].hex = pr
			continue
		}
		re, err := regex.CompileNode(t)
		if err != nil {
			return nil, err
		}
		p.forms[i].re = re
	}
	sel := &selector{}
	for _, f := range p.forms {
		// yara's choice is made on the plain tree; the wide form widens it.
		sel.alt = append(sel.alt, altForm{specs: yaraSites(tree, false, f.wide),
			rev: m.nocase != f.wide, greedy: hasGreedy(tree, 0)})
	}
	if err := p.addSites(trees, sel, ScanLimit); err != nil {
		return nil, err
	}
	p.setPrefilters(trees)
	return p, nil
}

// compileHex compiles a hex string.
func compileHex(h *syntax.HexString) (*Pattern, error) {
	// The tokens are built only when the text is unusual (hexfast.go) or
	// the string must be split.
	var toks []syntax.HexToken
	tree, fast := hexTextTreeBuf(h.Text, treeBuf())
	if fast {
		// Nothing keeps the tree: the lazy program keeps the text, and
		// programs, sites and prefilters copy what they use of it.
		defer releaseTreeBuf(tree)
	} else {
		toks = h.Tokens()
		if len(toks) == 0 {
			return nil, fmt.Errorf("empty hex string")
		}
		var err error
		if tree, err = hexTree(toks, 0); err != nil {
			return nil, err
		}
	}
	var fwd *prog
	var err error
	text := h.Text
	if !fast {
		text = "" // keep the tree: the text does not convert directly
	}
	lazy := newLazyProg(tree, text)
	if lazy == nil {
		fwd, err = compileProg(tree, false)
	}
	var split *splitHex
	atomTree := tree
	if err == errProgTooLarge {
		if toks == nil {
			toks = h.Tokens()
		}
		// Too large as one program: split at the long jumps, as yara
		// does, and take the atoms from the first segment.
		if sh, first, serr := splitHexTokens(toks); serr == nil {
			split, atomTree, err = sh, first, nil
		}
	}
	if err != nil {
		return nil, err
	}
	p := &Pattern{kind: KindHex, forms: []form{{hex: fwd, lazy: lazy, split: split}}}
	p.yq = yqRegexOrHex(tree, true, true, false)
	sel := &selector{boundedPrefix: true}
	if split == nil {
		sel.alt = []altForm{{specs: yaraSites(tree, true, false)}}
	}
	if err := p.addSites([]*rxsyntax.Node{atomTree}, sel, -1); err != nil {
		return nil, err
	}
	p.setPrefilters([]*rxsyntax.Node{tree})
	return p, nil
}

// addSites chooses the atoms of every form's tree and builds their sites.
// limit is the backward search bound of regexes, or -1 for the prefix's own
// maximum length.
func (p *Pattern) addSites(trees []*rxsyntax.Node, sel *selector, limit int) error {
	defer sel.release()
	p.quality = 1 << 30
	for fi, t := range trees {
		if fi < len(sel.alt) && sel.alt[fi].specs != nil {
			ok, err := p.addAltForm(fi, &sel.alt[fi], limit)
			if err != nil {
				return err
			}
			if ok {
				continue
			}
		}
		c, ok := sel.best(t, nil, 0)
		if !ok {
			// One form without atoms makes the whole string full scan.
			p.atoms, p.sites, p.quality = nil, nil, 0
			return nil
		}
		p.quality = min(p.quality, c.q)
		for _, sp := range c.sites {
			st := site{form: fi, fixed: -1}
			atoms := sp.atoms()
			pre := &rxsyntax.Node{Op: rxsyntax.OpConcat, Subs: sp.prefix()}
			lo, hi := lengths(pre, 0)
			switch {
			case lo == hi && !hasAssertion(pre, 0):
				st.fixed = lo
			default:
				back, err := compileProg(pre, true)
				if err != nil {
					return fmt.Errorf("prefix of atom %q: %w", atoms[0], err)
				}
				back.wide = p.forms[fi].wide
				st.back = back
				st.backMax = limit
				if limit < 0 || (hi >= 0 && hi < limit) {
					st.backMax = hi
				}
			}
			idx := len(p.sites)
			p.sites = append(p.sites, st)
			for _, a := range atoms {
				p.atoms = append(p.atoms, Atom{Bytes: a, Verifier: idx})
			}
		}
	}
	if len(p.atoms) > MaxAtomsPerString {
		p.atoms, p.sites, p.quality = nil, nil, 0
	}
	return nil
}

// verifySite verifies a hit of an atom of site st at data[start:end].
func (p *Pattern) verifySite(sc *Scratch, data []byte, st *site, start, end int, emit func(Match)) {
	if st.alt != nil {
		p.verifyAlt(sc, data, st, start, emit)
		return
	}
	f := &p.forms[st.form]
	if st.back == nil {
		if s := start - st.fixed; s >= 0 {
			p.formAt(sc, data, f, s, emit)
		}
		return
	}
	low := 0
	if st.backMax >= 0 {
		low = max(0, start-st.backMax)
	}
	if f.re != nil || f.hex != nil && f.hex.limit > 0 {
		low = max(low, end-ScanLimit)
	}
	sc.cands = sc.cands[:0]
	sc.starts(st.back, data, start, low)
	for i := 0; i < len(sc.cands); i++ {
		p.formAt(sc, data, f, sc.cands[i], emit)
	}
}

// formAt matches form f anchored at data[s:] and emits the match if any.
func (p *Pattern) formAt(sc *Scratch, data []byte, f *form, s int, emit func(Match)) {
	var n int
	var ok bool
	switch {
	case f.re != nil:
		n, ok = f.re.MatchAt(data, s)
	case f.split != nil:
		n, ok = f.split.matchAt(sc, data, s)
	default:
		pr := f.hexProg()
		n, ok = sc.matchAt(pr, data, s)
		ok = ok && (n > 0 || pr.limit > 0) // regexes report empty matches
	}
	if !ok || p.fullword && !fullwordOK(data, s, s+n, f.wide) {
		return
	}
	emit(Match{Offset: s, Length: n, XorKey: -1, Rank: f.rank})
}

// forward tries every form of a regex or hex string at data[s:].
func (p *Pattern) forward(sc *Scratch, data []byte, s int, emit func(Match)) {
	for i := range p.forms {
		p.formAt(sc, data, &p.forms[i], s, emit)
	}
}
