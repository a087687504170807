package syntax

import (
	"fmt"
	"go/token"
	"strconv"

	"github.com/overt-sec/overt/yara/diag"
)

// Mode controls optional parser behaviour.
type Mode uint

const (
	// ParseComments keeps every comment in File.Comments (the formatter needs them).
	ParseComments Mode = 1 << iota
)

// bailout is panicked on a syntax error to abandon the current declaration;
// parseDecl recovers it and resynchronizes at the next rule boundary.
type bailout struct{}

// parser holds the state of one ParseFile call.
type parser struct {
	fset *token.FileSet
	file *token.File
	sc   scanner
	mode Mode
	a    *nodeAlloc
	errs diag.List

	comments []*Comment

	// Current token and its values.
	pos      token.Pos
	tok      Token
	lit      string
	intVal   int64
	floatVal float64
	strVal   []byte
	badLit   bool
	strBad   bool // the last text string parsed by parseStringLit was malformed
	prevTok  Token

	ntok    int // tokens consumed so far
	condTok int // tokens of the conditions parsed so far

	depth   int       // current expression nesting
	percent token.Pos // position of a "%" consumed just before "of", or NoPos
}

// ParseFile parses the YARA source src of the named file, recording
// positions in fset. It always returns a *File holding every declaration
// that parsed correctly; rules with syntax errors are left out. The
// diagnostics are sorted by position.
func ParseFile(fset *token.FileSet, filename string, src []byte, mode Mode) (*File, diag.List) {
	return parseFile(fset, filename, src, mode, nil)
}

// parseShared is what the parses of the files of one Load share: the
// interned names and the partly used chunks of nodes.
type parseShared struct {
	idents map[string]name
	nodes  *nodeAlloc
	bytes  byteArena
}

// parseFile is ParseFile sharing names and allocations with the other
// parses using shared (nil: none).
func parseFile(fset *token.FileSet, filename string, src []byte, mode Mode, shared *parseShared) (*File, diag.List) {
	p := &parser{fset: fset, mode: mode}
	if shared != nil {
		if shared.nodes == nil {
			shared.nodes = new(nodeAlloc)
		}
		p.a = shared.nodes
		p.sc.idents = shared.idents
		p.sc.bytes = shared.bytes
		defer func() {
			shared.idents = p.sc.idents
			shared.bytes = p.sc.bytes
		}()
	} else {
		p.a = new(nodeAlloc)
	}
	p.file = fset.AddFile(filename, -1, len(src))
	p.sc.init(p.file, src, p.scanError)
	if mode&ParseComments != 0 {
		p.sc.onComment = func(c *Comment) { p.comments = append(p.comments, c) }
	} else {
		p.sc.noCommentText = true
	}
	p.next()
	f := &File{Name: filename, Start: p.file.Pos(0), EOF: p.file.Pos(len(src))}
	for p.tok != EOF {
		if d := p.parseDecl(); d != nil {
			f.Decls = append(f.Decls, d)
		}
	}
	f.Comments = p.comments
	f.ConditionTokens = p.condTok
	p.errs.Sort()
	return f, p.errs
}

func (p *parser) scanError(pos token.Pos, sev diag.Severity, code diag.Code, msg string) {
	p.report(pos, sev, code, msg)
}

func (p *parser) report(pos token.Pos, sev diag.Severity, code diag.Code, msg string) {
	switch n := len(p.errs); {
	case n == MaxErrorsPerFile:
		p.errs.Add(p.fset, pos, diag.Error, CodeTooManyErrors, "too many errors")
		return
	case n > MaxErrorsPerFile:
		return
	}
	p.errs.Add(p.fset, pos, sev, code, "%s", msg)
}

// error reports an error at pos without abandoning the declaration.
func (p *parser) error(pos token.Pos, code diag.Code, format string, args ...any) {
	p.report(pos, diag.Error, code, fmt.Sprintf(format, args...))
}

// errorExpected reports "expected X, found Y" and abandons the declaration.
func (p *parser) errorExpected(what string) {
	if p.tok != ILLEGAL { // the scanner already reported the illegal character
		p.error(p.pos, CodeSyntax, "expected %s, found %s", what, p.describe())
	}
	panic(bailout{})
}

// describe names the current token for messages.
func (p *parser) describe() string {
	switch p.tok {
	case EOF:
		return "end of file"
	case IDENT:
		return "identifier " + strconv.Quote(p.lit)
	case INT, FLOAT:
		return "number " + p.lit
	case STRING:
		return "text string " + clip(p.lit)
	case STRINGID, STRINGCOUNT, STRINGOFFSET, STRINGLENGTH:
		return strconv.Quote(p.lit)
	}
	return strconv.Quote(p.tok.String())
}

// clip shortens long literals in messages.
func clip(s string) string {
	const max = 40
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}

// next advances to the next non-comment token.
func (p *parser) next() {
	p.prevTok = p.tok
	p.ntok++
	for {
		p.pos, p.tok, p.lit = p.sc.scan()
		if p.tok != COMMENT {
			break
		}
		if p.mode&ParseComments != 0 {
			p.comments = append(p.comments, &Comment{Slash: p.pos, Text: p.lit})
		}
	}
	p.badLit = p.sc.badLit
	switch p.tok {
	case INT:
		p.intVal = p.sc.intVal
	case FLOAT:
		p.floatVal = p.sc.floatVal
	case STRING:
		p.strVal = p.sc.strVal
	}
}

// expect consumes a token of kind tok and returns its position.
func (p *parser) expect(tok Token) token.Pos {
	pos := p.pos
	if p.tok != tok {
		p.errorExpected(strconv.Quote(tok.String()))
	}
	p.next()
	return pos
}

// sync skips to the next token that can start a declaration.
func (p *parser) sync() {
	for {
		switch p.tok {
		case EOF, RULE, IMPORT, INCLUDE, GLOBAL:
			return
		case PRIVATE:
			if p.prevTok == RBRACE {
				return
			}
		}
		p.next()
	}
}

// parseDecl parses one top-level declaration, or returns nil after a syntax error.
func (p *parser) parseDecl() (d Decl) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			d = nil
			p.sync()
		}
	}()
	p.depth = 0
	p.percent = token.NoPos
	switch p.tok {
	case IMPORT:
		pos := p.pos
		p.next()
		path := p.parseStringLit("module name")
		if len(path.Value) == 0 && !p.strBad {
			p.error(path.Pos(), CodeEmptyImport, "empty module name in import")
		}
		return &Import{ImportPos: pos, Path: path}
	case INCLUDE:
		pos := p.pos
		p.next()
		return &Include{IncludePos: pos, Path: p.parseStringLit("file name")}
	case RULE, GLOBAL, PRIVATE:
		return p.parseRule()
	}
	p.error(p.pos, CodeSyntax, "expected rule, import or include, found %s", p.describe())
	p.next()
	p.sync()
	return nil
}

func (p *parser) parseStringLit(what string) *StringLit {
	if p.tok != STRING {
		p.errorExpected(what + " (a text string)")
	}
	x := p.a.strLits.new()
	*x = StringLit{ValuePos: p.pos, Raw: p.lit, Value: p.strVal}
	p.strBad = p.badLit
	p.next()
	return x
}

func (p *parser) parseIdent(what string) *Ident {
	if p.tok != IDENT {
		p.errorExpected(what)
	}
	x := p.a.idents.new()
	*x = Ident{NamePos: p.pos, Name: p.lit}
	p.next()
	return x
}

// maxTagScan is the number of tags of a rule checked for duplicates by a
// linear scan: rules have a few tags, but a hostile one may have millions,
// which a map handles in linear time.
const maxTagScan = 16

func (p *parser) parseRule() *Rule {
	r := p.a.rules.new()
	for p.tok == GLOBAL || p.tok == PRIVATE {
		if p.tok == GLOBAL {
			r.Global, r.GlobalPos = true, p.pos
		} else {
			r.Private, r.PrivatePos = true, p.pos
		}
		p.next()
	}
	r.RulePos = p.expect(RULE)
	r.Name = p.parseIdent("rule name")
	if p.tok == COLON {
		r.Colon = p.pos
		p.next()
		if p.tok != IDENT {
			p.errorExpected("tag")
		}
		tags := p.a.tagBuf[:0]
		var seen map[string]bool // past maxTagScan tags
		for p.tok == IDENT {
			tag := p.parseIdent("tag")
			dup := false
			if len(tags) < maxTagScan {
				for _, t := range tags {
					if t.Name == tag.Name {
						dup = true
						break
					}
				}
			} else {
				if seen == nil {
					seen = make(map[string]bool, 2*maxTagScan)
					for _, t := range tags {
						seen[t.Name] = true
					}
				}
				dup = seen[tag.Name]
				seen[tag.Name] = true
			}
			if dup {
				p.error(tag.Pos(), CodeDuplicateTag, "duplicate tag %q", tag.Name)
			}
			tags = append(tags, tag)
		}
		r.Tags = p.a.identPtrs.clone(tags)
		p.a.tagBuf = tags[:0]
	}
	r.Lbrace = p.expect(LBRACE)
	if p.tok == META {
		r.MetaPos = p.pos
		p.next()
		p.expect(COLON)
		if p.tok != IDENT {
			p.errorExpected("metadata identifier")
		}
		metas := p.a.metaBuf[:0]
		for p.tok == IDENT {
			metas = append(metas, p.parseMeta())
		}
		r.Meta = p.a.metaPtrs.clone(metas)
		p.a.metaBuf = metas[:0]
	}
	if p.tok == STRINGS {
		r.StringsPos = p.pos
		p.next()
		p.expect(COLON)
		if p.tok != STRINGID {
			p.errorExpected("string identifier")
		}
		defs := p.a.defBuf[:0]
		for p.tok == STRINGID {
			defs = append(defs, p.parseStringDef())
		}
		r.Strings = p.a.defPtrs.clone(defs)
		p.a.defBuf = defs[:0]
	}
	r.ConditionPos = p.expect(CONDITION)
	p.expect(COLON)
	start := p.ntok
	r.Condition = p.parseExpr()
	p.condTok += p.ntok - start
	r.Rbrace = p.expect(RBRACE)
	return r
}

func (p *parser) parseMeta() *Meta {
	m := p.a.metas.new()
	m.Key = p.parseIdent("metadata identifier")
	m.Assign = p.expect(ASSIGN)
	switch p.tok {
	case STRING:
		m.Value = p.parseStringLit("metadata value")
	case INT:
		x := p.a.intLits.new()
		*x = IntLit{ValuePos: p.pos, Raw: p.lit, Value: p.intVal}
		m.Value = x
		p.next()
	case SUB:
		pos := p.pos
		p.next()
		if p.tok != INT {
			p.errorExpected("integer")
		}
		end := p.file.Offset(p.pos) + len(p.lit)
		m.Value = &IntLit{ValuePos: pos, Raw: p.sc.str(p.file.Offset(pos), end), Value: -p.intVal}
		p.next()
	case TRUE, FALSE:
		m.Value = &BoolLit{ValuePos: p.pos, Value: p.tok == TRUE}
		p.next()
	default:
		p.errorExpected("metadata value (text string, integer, true or false)")
	}
	return m
}

func (p *parser) parseStringDef() *StringDef {
	s := p.a.defs.new()
	s.NamePos, s.Name = p.pos, p.lit
	if n := len(s.Name); n > 1 && s.Name[n-1] == '*' {
		p.error(s.NamePos, CodeSyntax, "string identifier %q cannot contain a wildcard", s.Name)
	}
	p.next()
	s.Assign = p.expect(ASSIGN)
	switch p.tok {
	case STRING:
		x := p.a.texts.new()
		*x = TextString{ValuePos: p.pos, Raw: p.lit, Value: p.strVal}
		s.Value = x
		p.next()
	case LBRACE:
		s.Value = p.sc.scanHexString(p.file.Offset(p.pos))
		p.next()
	case SLASH:
		s.Value = &RegexString{Regex: p.sc.scanRegex(p.file.Offset(p.pos))}
		p.next()
	default:
		p.errorExpected("text string, hex string or regular expression")
	}
	s.Modifiers = p.parseModifiers(s.Value)
	return s
}

// modKinds maps modifier keywords to their kinds.
var modKinds = map[Token]ModKind{
	NOCASE:     ModNocase,
	WIDE:       ModWide,
	ASCII:      ModASCII,
	FULLWORD:   ModFullword,
	PRIVATE:    ModPrivate,
	XOR:        ModXor,
	BASE64:     ModBase64,
	BASE64WIDE: ModBase64Wide,
}

// base64AlphabetLen is the length a custom base64 alphabet must have.
const base64AlphabetLen = 64

func (p *parser) parseModifiers(value Pattern) []*Modifier {
	mods := p.a.modBuf[:0]
	var seen [ModBase64Wide + 1]bool
	for {
		kind, ok := modKinds[p.tok]
		if !ok {
			p.a.modBuf = mods[:0]
			return p.a.modPtrs.clone(mods)
		}
		m := p.a.mods.new()
		m.Kind, m.KindPos = kind, p.pos
		p.next()
		switch kind {
		case ModXor:
			m.XorMin, m.XorMax = 0, 255
			if p.tok == LPAREN {
				m.Lparen = p.pos
				p.next()
				m.HasXorArgs = true
				m.XorMin = p.parseXorKey()
				m.XorMax = m.XorMin
				if p.tok == SUB {
					p.next()
					m.XorMax = p.parseXorKey()
					if m.XorMin > m.XorMax {
						p.error(m.KindPos, CodeModifierArg, "xor lower bound %d exceeds upper bound %d", m.XorMin, m.XorMax)
					}
				}
				m.Rparen = p.expect(RPAREN)
			}
		case ModBase64, ModBase64Wide:
			if p.tok == LPAREN {
				m.Lparen = p.pos
				p.next()
				m.Alphabet = p.parseStringLit("base64 alphabet")
				if n := len(m.Alphabet.Value); n != base64AlphabetLen && !p.strBad {
					p.error(m.Alphabet.Pos(), CodeModifierArg, "length of base64 alphabet must be %d, not %d", base64AlphabetLen, n)
				}
				m.Rparen = p.expect(RPAREN)
			}
		}
		if seen[kind] {
			p.error(m.KindPos, CodeDuplicateModifier, "duplicate modifier %q", kind.String())
		}
		seen[kind] = true
		switch value.(type) {
		case *HexString:
			if kind != ModPrivate {
				p.error(m.KindPos, CodeModifierNotAllowed, "modifier %q is not allowed on hex strings", kind.String())
			}
		case *RegexString:
			if kind == ModXor || kind == ModBase64 || kind == ModBase64Wide {
				p.error(m.KindPos, CodeModifierNotAllowed, "modifier %q is not allowed on regular expressions", kind.String())
			}
		}
		mods = append(mods, m)
	}
}

// maxXorKey is the largest xor key: keys are single bytes.
const maxXorKey = 255

func (p *parser) parseXorKey() int {
	if p.tok != INT {
		p.errorExpected("xor key (an integer)")
	}
	v := p.intVal
	if v > maxXorKey {
		p.error(p.pos, CodeModifierArg, "xor key %s out of range 0-%d", p.lit, maxXorKey)
		v = maxXorKey
	}
	p.next()
	return int(v)
}
