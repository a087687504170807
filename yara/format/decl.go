package format

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"

	"github.com/overt-sec/overt/yara/syntax"
)

// file prints the declarations of f in source order.
func (p *printer) file(f *syntax.File) {
	for i, d := range f.Decls {
		switch {
		case i == 0:
			p.space(wsKeepBlank)
		case isRule(f.Decls[i-1]) || isRule(d):
			p.space(wsBlank)
		default:
			p.space(wsKeepBlank)
		}
		switch d := d.(type) {
		case *syntax.Import:
			p.tok(d.ImportPos, "import")
			p.space(wsSpace)
			p.stringLit(d.Path)
		case *syntax.Include:
			p.tok(d.IncludePos, "include")
			p.space(wsSpace)
			p.stringLit(d.Path)
		case *syntax.Rule:
			p.rule(d)
		default:
			p.fail("unexpected declaration %T", d)
		}
	}
}

// noPos marks a token whose position the syntax tree does not record.
const noPos = token.NoPos

func isRule(d syntax.Decl) bool {
	_, ok := d.(*syntax.Rule)
	return ok
}

// fail records the first error of the printer.
func (p *printer) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("format: "+format, args...)
	}
}

// stringLit prints a text literal exactly as written.
func (p *printer) stringLit(s *syntax.StringLit) {
	if s == nil {
		p.fail("missing string literal")
		return
	}
	p.tok(s.ValuePos, s.Raw)
}

// rule prints a rule: header, "{", sections, "}".
func (p *printer) rule(r *syntax.Rule) {
	// "global private" is the canonical order; the order means nothing.
	if r.Global {
		p.tok(r.GlobalPos, "global")
		p.space(wsSpace)
	}
	if r.Private {
		p.tok(r.PrivatePos, "private")
		p.space(wsSpace)
	}
	p.tok(r.RulePos, "rule")
	p.space(wsSpace)
	if r.Name == nil {
		p.fail("rule without a name")
		return
	}
	p.tok(r.Name.NamePos, r.Name.Name)
	if len(r.Tags) > 0 {
		p.space(wsSpace)
		p.tok(r.Colon, ":")
		for _, t := range r.Tags {
			p.space(wsSpace)
			p.tok(t.NamePos, t.Name)
		}
	}
	p.space(wsNewline)
	p.tok(r.Lbrace, "{")
	p.indent++
	if r.MetaPos.IsValid() || len(r.Meta) > 0 {
		p.section(r.MetaPos, "meta")
		for i, m := range r.Meta {
			p.entryBreak(i)
			p.meta(m)
		}
		p.indent--
	}
	if r.StringsPos.IsValid() || len(r.Strings) > 0 {
		p.section(r.StringsPos, "strings")
		for i, s := range r.Strings {
			p.entryBreak(i)
			p.stringDef(s)
		}
		p.indent--
	}
	p.section(r.ConditionPos, "condition")
	p.space(wsNewline)
	if r.Condition == nil {
		p.fail("rule %q has no condition", r.Name.Name)
	} else {
		p.expr(r.Condition)
	}
	// Comments after the condition stay inside the rule, at its level.
	p.flushComments(r.Rbrace)
	p.indent -= 2
	p.space(wsNewline)
	p.tok(r.Rbrace, "}")
}

// section prints a section keyword and its colon on a new line and
// indents what follows; the caller undoes the indentation.
func (p *printer) section(pos token.Pos, name string) {
	p.space(wsNewline)
	p.tok(pos, name)
	p.tok(noPos, ":")
	p.indent++
}

// entryBreak requests the line break before entry i of a section: the first
// entry follows its keyword, later ones keep one blank line from the source.
func (p *printer) entryBreak(i int) {
	if i == 0 {
		p.space(wsNewline)
	} else {
		p.space(wsKeepBlank)
	}
}

// meta prints `key = value`.
func (p *printer) meta(m *syntax.Meta) {
	p.tok(m.Key.NamePos, m.Key.Name)
	p.space(wsSpace)
	p.tok(m.Assign, "=")
	p.space(wsSpace)
	switch v := m.Value.(type) {
	case *syntax.StringLit:
		p.stringLit(v)
	case *syntax.IntLit:
		p.tok(v.ValuePos, intText(v.Raw))
	case *syntax.BoolLit:
		p.boolLit(v)
	default:
		p.fail("unexpected meta value %T", m.Value)
	}
}

// stringDef prints `$name = pattern modifiers`.
func (p *printer) stringDef(s *syntax.StringDef) {
	p.tok(s.NamePos, s.Name)
	p.space(wsSpace)
	p.tok(s.Assign, "=")
	p.space(wsSpace)
	switch v := s.Value.(type) {
	case *syntax.TextString:
		p.tok(v.ValuePos, v.Raw)
	case *syntax.RegexString:
		if v.Regex == nil {
			p.fail("string %s: missing regular expression", s.Name)
			return
		}
		p.tok(v.Regex.Slash, v.Regex.Raw)
	case *syntax.HexString:
		p.hexString(v)
	default:
		p.fail("string %s: unexpected pattern %T", s.Name, s.Value)
	}
	// Modifiers stay in source order: the order means nothing in YARA and
	// the syntax tree records it.
	for _, m := range s.Modifiers {
		p.space(wsSpace)
		p.modifier(m)
	}
}

// modifier prints a string modifier and its arguments.
func (p *printer) modifier(m *syntax.Modifier) {
	p.tok(m.KindPos, m.Kind.String())
	switch {
	case m.Kind == syntax.ModXor && m.HasXorArgs:
		p.tok(m.Lparen, "(")
		p.tok(noPos, strconv.Itoa(m.XorMin))
		if m.XorMax != m.XorMin {
			p.tok(noPos, "-")
			p.tok(noPos, strconv.Itoa(m.XorMax))
		}
		p.tok(m.Rparen, ")")
	case (m.Kind == syntax.ModBase64 || m.Kind == syntax.ModBase64Wide) && m.Alphabet != nil:
		p.tok(m.Lparen, "(")
		p.stringLit(m.Alphabet)
		p.tok(m.Rparen, ")")
	case m.Lparen.IsValid():
		p.fail("modifier %s: unexpected arguments", m.Kind)
	}
}

// boolLit prints true or false.
func (p *printer) boolLit(b *syntax.BoolLit) {
	if b.Value {
		p.tok(b.ValuePos, "true")
	} else {
		p.tok(b.ValuePos, "false")
	}
}

// intText returns an integer literal as written, except that the blanks
// and comments a negative meta value may have between "-" and its digits
// are dropped ("- 5" prints as "-5"; the comments are printed after it).
func intText(raw string) string {
	if !strings.HasPrefix(raw, "-") {
		return raw
	}
	i := len(raw)
	for i > 1 && isLiteralByte(raw[i-1]) {
		i--
	}
	return "-" + raw[i:]
}

// isLiteralByte reports whether c can be part of an integer literal.
func isLiteralByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
