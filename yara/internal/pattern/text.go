package pattern

// textVariant is one literal form of a text string: ascii or wide, xored
// with one key, or one base64 encoding. Its atom is pat[atomOff:atomOff+n].
type textVariant struct {
	pat      []byte // the bytes to find (already widened and xored)
	fold     bool   // compare ASCII letters without regard to case
	wide     bool   // the wide form, for fullword
	fullword bool   // check the delimiters of the match
	key      int    // xor key, or -1
	rank     int    // rank of the form
	atomOff  int    // offset of the atom in pat
}

// verify checks the variant around an atom that starts at data[atomStart].
func (v *textVariant) verify(data []byte, atomStart int, emit func(Match)) {
	off := atomStart - v.atomOff
	end := off + len(v.pat)
	if off < 0 || end > len(data) {
		return
	}
	d := data[off:end]
	if v.fold {
		for i, b := range v.pat {
			if c := d[i]; c != b && lower(c) != lower(b) {
				return
			}
		}
	} else if string(d) != string(v.pat) {
		return
	}
	if v.fullword && !fullwordOK(data, off, end, v.wide) {
		return
	}
	emit(Match{Offset: off, Length: len(v.pat), XorKey: v.key, Rank: v.rank})
}

// addTextVariant picks the atom of v, appends v and its atoms to p and
// returns the quality of the atom. buf is a buffer reused across calls.
func (p *Pattern) addTextVariant(v textVariant, buf *[]position) int {
	// The window is bestWindow's, found as the run grows: the bytes after
	// a window that cannot be beaten need no position.
	run := (*buf)[:0]
	var rb runBest
	rb.reset()
	for _, b := range v.pat {
		run = append(run, posOf(b, v.fold))
		if rb.add(run); rb.q == maxWindowQuality {
			break
		}
	}
	*buf = run
	start, n, q := rb.start, rb.n, rb.q
	if n == 0 {
		q = 0
	}
	v.atomOff = start
	idx := len(p.texts)
	p.texts = append(p.texts, v)
	if !v.fold {
		// One atom: the window itself (atoms are never modified).
		p.atoms = append(p.atoms, Atom{Bytes: v.pat[start : start+n : start+n], Verifier: idx})
		return q
	}
	for _, b := range expand(run[start : start+n]) {
		p.atoms = append(p.atoms, Atom{Bytes: b, Verifier: idx})
	}
	return q
}

// getPositions returns a position buffer from runBufs (see putPositions).
func getPositions() *[]position {
	if b, ok := runBufs.Get().(*runBuf); ok {
		return &b.run
	}
	return new([]position)
}

// putPositions gives a buffer of getPositions back for reuse.
func putPositions(buf *[]position) {
	runBufs.Put(&runBuf{run: (*buf)[:0]})
}

// compileText builds the variants of a text string: forms × xor keys.
func compileText(s []byte, m mods) *Pattern {
	p := &Pattern{kind: KindText, fullword: m.fullword, quality: 1 << 30, yq: yqText(s, m)}
	type form struct {
		pat  []byte
		wide bool
		rank int
	}
	var forms []form
	if m.asciiForm() {
		forms = append(forms, form{s, false, 0})
	}
	if m.wide {
		forms = append(forms, form{widen(s), true, 1})
	}
	keyMin, keyMax := -1, -1
	if m.xor {
		keyMin, keyMax = m.xorMin, m.xorMax
	}
	buf := getPositions()
	defer putPositions(buf)
	nvar := len(forms) * (keyMax - keyMin + 1)
	p.texts = make([]textVariant, 0, nvar)
	p.atoms = make([]Atom, 0, nvar)
	var slab []byte // the xored variants of every form, one allocation
	if keyMin >= 0 {
		size := 0
		for _, f := range forms {
			size += len(f.pat) * (keyMax - keyMin + 1)
		}
		slab = make([]byte, size)
	}
	for _, f := range forms {
		for key := keyMin; key <= keyMax; key++ {
			pat := f.pat
			if key >= 0 {
				pat, slab = slab[:len(f.pat):len(f.pat)], slab[len(f.pat):]
				for i, b := range f.pat {
					pat[i] = b ^ byte(key)
				}
			}
			q := p.addTextVariant(textVariant{pat: pat, fold: m.nocase, wide: f.wide,
				fullword: m.fullword, key: key, rank: f.rank}, buf)
			p.quality = min(p.quality, q)
		}
	}
	return p
}

// compileBase64 builds the variants of a base64/base64wide string: for each
// plaintext (ascii, wide) its three shifted encodings, plain and/or widened.
func compileBase64(s []byte, m mods) *Pattern {
	p := &Pattern{kind: KindBase64, quality: 1 << 30, yq: 1 << 30}
	var plains [][]byte
	if m.asciiForm() {
		plains = append(plains, s)
	}
	if m.wide {
		plains = append(plains, widen(s))
	}
	rank := 0
	buf := getPositions()
	defer putPositions(buf)
	for _, plain := range plains {
		for _, enc := range base64Shifts(plain, m.alphabet) {
			p.yq = min(p.yq, yqBase64([][]byte{enc}))
			if m.base64 {
				p.quality = min(p.quality, p.addTextVariant(textVariant{pat: enc, key: -1, rank: rank}, buf))
				rank++
			}
			if m.base64wide {
				p.quality = min(p.quality, p.addTextVariant(textVariant{pat: widen(enc), wide: true, key: -1, rank: rank}, buf))
				rank++
			}
		}
	}
	if len(p.texts) == 0 {
		p.quality, p.yq = 0, yqNone
	}
	return p
}

// base64Shifts returns the encodings of s yara searches: s encoded after 0,
// 1 and 2 unknown leading bytes, keeping only the characters whose six bits
// all come from s; empty encodings are omitted.
func base64Shifts(s []byte, alphabet string) [][]byte {
	var out [][]byte
	for shift := 0; shift < 3; shift++ {
		lo, hi := 8*shift, 8*(shift+len(s)) // the bits of s in the stream
		var enc []byte
		for c := (lo + 5) / 6; 6*c+6 <= hi; c++ {
			v := 0
			for bit := 6 * c; bit < 6*c+6; bit++ {
				v = v<<1 | int(s[bit/8-shift]>>(7-bit%8)&1)
			}
			enc = append(enc, alphabet[v])
		}
		if len(enc) > 0 {
			out = append(out, enc)
		}
	}
	return out
}
