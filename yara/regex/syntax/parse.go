package syntax

// Parse parses a YARA regular expression (the text between the slashes)
// with the given flags. On failure it returns an *Error.
func Parse(pattern string, flags Flags) (*Node, error) {
	p := &parser{src: pattern, flags: flags}
	n, err := p.parseAlternate()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.src) {
		// Only an unbalanced ")" stops parseAlternate early.
		return nil, &Error{Offset: p.pos, Msg: ErrUnexpectedParen}
	}
	return n, nil
}

// parser holds the state of one Parse call.
type parser struct {
	src   string // the pattern
	pos   int    // offset of the next byte to read
	flags Flags  // the modifiers
	depth int    // current group nesting
}

func (p *parser) errAt(off int, msg string) error { return &Error{Offset: off, Msg: msg} }

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) peek() byte { return p.src[p.pos] }

// atAltEnd reports whether the next byte ends an alternative.
func (p *parser) atAltEnd() bool { return p.eof() || p.peek() == '|' || p.peek() == ')' }

// parseAlternate parses alternatives separated by "|". The first must not
// be empty; the later ones may be.
func (p *parser) parseAlternate() (*Node, error) {
	start := p.pos
	if p.atAltEnd() {
		if p.eof() {
			return nil, p.errAt(p.pos, ErrSyntax+": empty regular expression")
		}
		return nil, p.errAt(p.pos, ErrSyntax+": unexpected "+quoteByte(p.peek()))
	}
	first, err := p.parseConcat()
	if err != nil {
		return nil, err
	}
	if p.eof() || p.peek() != '|' {
		return first, nil
	}
	alt := &Node{Op: OpAlternate, Pos: start, Subs: []*Node{first}}
	for !p.eof() && p.peek() == '|' {
		p.pos++
		if p.atAltEnd() {
			alt.Subs = append(alt.Subs, &Node{Op: OpEmpty, Pos: p.pos})
			continue
		}
		n, err := p.parseConcat()
		if err != nil {
			return nil, err
		}
		alt.Subs = append(alt.Subs, n)
	}
	return alt, nil
}

// parseConcat parses a non-empty sequence of repeated atoms.
func (p *parser) parseConcat() (*Node, error) {
	start := p.pos
	var subs []*Node
	for !p.atAltEnd() {
		n, err := p.parseRepeat()
		if err != nil {
			return nil, err
		}
		// Merge runs of plain literals so that "abc" is one node.
		if k := len(subs); k > 0 && n.Op == OpLiteral && subs[k-1].Op == OpLiteral && subs[k-1].Fold == n.Fold {
			subs[k-1].Lit = append(subs[k-1].Lit, n.Lit...)
			continue
		}
		subs = append(subs, n)
	}
	if len(subs) == 1 {
		return subs[0], nil
	}
	return &Node{Op: OpConcat, Pos: start, Subs: subs}, nil
}

// parseRepeat parses an atom and its optional quantifier.
func (p *parser) parseRepeat() (*Node, error) {
	atom, err := p.parseAtom()
	if err != nil {
		return nil, err
	}
	qpos := p.pos
	min, max, ok, err := p.parseQuantifier()
	if err != nil || !ok {
		return atom, err
	}
	if atom.IsAssertion() {
		return nil, p.errAt(qpos, ErrSyntax+": assertion cannot be repeated")
	}
	rep := &Node{Op: OpRepeat, Pos: atom.Pos, Min: min, Max: max, Greedy: true, Subs: []*Node{atom}}
	if !p.eof() && p.peek() == '?' {
		rep.Greedy = false
		p.pos++
	}
	// A second quantifier ("a**", "a{2}{3}", "a???") is an error.
	save := p.pos
	if _, _, again, err := p.parseQuantifier(); err != nil || again {
		return nil, p.errAt(save, ErrSyntax+": repeated quantifier")
	}
	return rep, nil
}

// parseQuantifier consumes a quantifier if one is next. It returns ok
// false (consuming nothing) if the next bytes are not a quantifier.
func (p *parser) parseQuantifier() (min, max int, ok bool, err error) {
	if p.eof() {
		return 0, 0, false, nil
	}
	switch p.peek() {
	case '*':
		p.pos++
		return 0, -1, true, nil
	case '+':
		p.pos++
		return 1, -1, true, nil
	case '?':
		p.pos++
		return 0, 1, true, nil
	case '{':
		start := p.pos
		min, max, end, ok := scanInterval(p.src, p.pos)
		if !ok {
			return 0, 0, false, nil
		}
		if min > MaxRepeat || max > MaxRepeat {
			return 0, 0, false, p.errAt(start, ErrRepeatTooLarge)
		}
		if max >= 0 && min > max {
			return 0, 0, false, p.errAt(start, ErrBadRepeat)
		}
		p.pos = end
		return min, max, true, nil
	}
	return 0, 0, false, nil
}

// scanInterval recognises "{n}", "{n,}", "{,m}", "{n,m}" and "{,}" at
// src[i] (spaces allowed around the numbers). Numbers saturate just above
// MaxRepeat so that huge counts are reported, not wrapped. It returns the
// offset after "}" and ok false if the text is not an interval (and so is
// literal text).
func scanInterval(src string, i int) (min, max, end int, ok bool) {
	i++ // '{'
	skip := func() {
		for i < len(src) && src[i] == ' ' {
			i++
		}
	}
	num := func() (int, bool) {
		v, any := 0, false
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			if v <= MaxRepeat {
				v = v*10 + int(src[i]-'0')
			}
			any = true
			i++
		}
		return v, any
	}
	skip()
	min, hasMin := num()
	skip()
	if i < len(src) && src[i] == '}' {
		if !hasMin {
			return 0, 0, 0, false // "{}" is literal
		}
		return min, min, i + 1, true
	}
	if i >= len(src) || src[i] != ',' {
		return 0, 0, 0, false
	}
	i++
	skip()
	max, hasMax := num()
	skip()
	if i >= len(src) || src[i] != '}' {
		return 0, 0, 0, false
	}
	if !hasMax {
		max = -1
	}
	return min, max, i + 1, true
}

// parseAtom parses one atom: a literal byte, ".", a class, a group, an
// escape or an anchor.
func (p *parser) parseAtom() (*Node, error) {
	start := p.pos
	c := p.peek()
	switch c {
	case '(':
		return p.parseGroup()
	case '[':
		return p.parseClass()
	case '.':
		p.pos++
		if p.flags&DotAll != 0 {
			return &Node{Op: OpAnyByte, Pos: start}, nil
		}
		return &Node{Op: OpAnyNotNL, Pos: start}, nil
	case '^':
		p.pos++
		return &Node{Op: OpBeginText, Pos: start}, nil
	case '$':
		p.pos++
		return &Node{Op: OpEndText, Pos: start}, nil
	case '*', '+', '?':
		return nil, p.errAt(start, ErrSyntax+": missing argument to repetition operator "+quoteByte(c))
	case '{':
		if _, _, _, ok := scanInterval(p.src, p.pos); ok {
			return nil, p.errAt(start, ErrSyntax+": missing argument to repetition operator")
		}
	case '\\':
		return p.parseEscape()
	}
	p.pos++
	return p.literal(start, c), nil
}

// literal makes a one-byte literal node, folding case under /i.
func (p *parser) literal(pos int, b byte) *Node {
	return &Node{Op: OpLiteral, Pos: pos, Lit: []byte{b}, Fold: p.flags&FoldCase != 0}
}

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// parseGroup parses "(" alternation ")".
func (p *parser) parseGroup() (*Node, error) {
	start := p.pos
	if p.depth >= MaxNestingDepth {
		return nil, p.errAt(start, ErrNestingTooDeep)
	}
	p.depth++
	defer func() { p.depth-- }()
	p.pos++
	sub, err := p.parseAlternate()
	if err != nil {
		return nil, err
	}
	if p.eof() {
		return nil, p.errAt(start, ErrMissingParen)
	}
	p.pos++ // ')'
	return &Node{Op: OpGroup, Pos: start, Subs: []*Node{sub}}, nil
}

// parseEscape parses an escape outside a class.
func (p *parser) parseEscape() (*Node, error) {
	start := p.pos
	p.pos++ // '\\'
	if p.eof() {
		return nil, p.errAt(start, ErrIllegalEscape+": trailing backslash")
	}
	c := p.peek()
	switch c {
	case 'b':
		p.pos++
		return &Node{Op: OpWordBoundary, Pos: start}, nil
	case 'B':
		p.pos++
		return &Node{Op: OpNoWordBoundary, Pos: start}, nil
	case 'w', 'W', 's', 'S', 'd', 'D':
		p.pos++
		cls := escapeClass(c)
		return &Node{Op: OpClass, Pos: start, Class: cls}, nil
	}
	b, err := p.escapedByte(start)
	if err != nil {
		return nil, err
	}
	return p.literal(start, b), nil
}

// escapeClass returns the set of \w \W \s \S \d \D (case folding never
// changes these sets).
func escapeClass(c byte) Class {
	var cls Class
	switch c | 0x20 {
	case 'w':
		cls = WordClass
	case 's':
		cls = SpaceClass
	case 'd':
		cls = DigitClass
	}
	if c >= 'A' && c <= 'Z' {
		cls.Negate()
	}
	return cls
}

// escapedByte decodes the byte of an escape whose backslash is at start;
// p.pos is on the byte after the backslash, which must exist.
func (p *parser) escapedByte(start int) (byte, error) {
	c := p.peek()
	p.pos++
	switch c {
	case 'n':
		return '\n', nil
	case 't':
		return '\t', nil
	case 'r':
		return '\r', nil
	case 'f':
		return '\f', nil
	case 'a':
		return '\a', nil
	case 'x':
		if p.pos+2 > len(p.src) {
			return 0, p.errAt(start, ErrIllegalEscape+": \\x needs two hex digits")
		}
		hi, ok1 := unhex(p.src[p.pos])
		lo, ok2 := unhex(p.src[p.pos+1])
		if !ok1 || !ok2 {
			return 0, p.errAt(start, ErrIllegalEscape+": \\x needs two hex digits")
		}
		p.pos += 2
		return hi<<4 | lo, nil
	}
	if c >= '0' && c <= '9' {
		return 0, p.errAt(start, ErrBackreference)
	}
	return c, nil // any other escaped byte stands for itself
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func quoteByte(b byte) string {
	if b >= 0x20 && b < 0x7f {
		return `"` + string(rune(b)) + `"`
	}
	const hex = "0123456789abcdef"
	return `"\x` + string(hex[b>>4]) + string(hex[b&15]) + `"`
}
