package syntax

// parseClass parses a bracketed class "[...]" or "[^...]".
func (p *parser) parseClass() (*Node, error) {
	start := p.pos
	p.pos++ // '['
	negate := false
	if !p.eof() && p.peek() == '^' {
		negate = true
		p.pos++
	}
	var cls Class
	first := true
	for {
		if p.eof() {
			return nil, p.errAt(start, ErrMissingBracket)
		}
		if p.peek() == ']' && !first {
			p.pos++
			break
		}
		first = false
		itemPos := p.pos
		lo, set, isSet, err := p.classItem()
		if err != nil {
			return nil, err
		}
		// A range needs "-" followed by something other than "]".
		if p.pos+1 < len(p.src) && p.src[p.pos] == '-' && p.src[p.pos+1] != ']' {
			p.pos++
			hi, _, _, err := p.classItem()
			if err != nil {
				return nil, err
			}
			if lo > hi {
				return nil, p.errAt(itemPos, ErrBadRange)
			}
			cls.AddRange(lo, hi)
			continue
		}
		if isSet {
			cls.AddClass(&set)
		} else {
			cls.Add(lo)
		}
	}
	if p.flags&FoldCase != 0 {
		cls.FoldCase()
	}
	if negate {
		cls.Negate()
	}
	return &Node{Op: OpClass, Pos: start, Class: cls}, nil
}

// classItem reads one byte or escape inside a class. For \w \s \d \W \S \D
// it returns the set with isSet true, and also the escaped letter as b,
// which is what the escape means as a range endpoint (yara reads [a-\d]
// as a-d).
func (p *parser) classItem() (b byte, set Class, isSet bool, err error) {
	if p.eof() {
		return 0, set, false, p.errAt(p.pos, ErrMissingBracket)
	}
	c := p.peek()
	if c != '\\' {
		p.pos++
		return c, set, false, nil
	}
	start := p.pos
	p.pos++
	if p.eof() {
		return 0, set, false, p.errAt(start, ErrIllegalEscape+": trailing backslash")
	}
	switch e := p.peek(); e {
	case 'w', 'W', 's', 'S', 'd', 'D':
		p.pos++
		return e, escapeClass(e), true, nil
	}
	b, err = p.escapedByte(start)
	return b, set, false, err
}
