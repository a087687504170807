package format

import (
	"go/token"

	"github.com/overt-sec/overt/yara/syntax"
)

// expr prints a condition expression. Parentheses are printed only where
// the tree has a ParenExpr (where the user wrote them), so the printed
// tokens are the source tokens in the same order and parse to the same tree.
func (p *printer) expr(x syntax.Expr) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > MaxDepth {
		p.fail("expression nested deeper than %d", MaxDepth)
		return
	}
	if p.err != nil {
		return
	}
	switch x := x.(type) {
	case *syntax.Ident:
		p.tok(x.NamePos, x.Name)
	case *syntax.IntLit:
		p.tok(x.ValuePos, x.Raw)
	case *syntax.FloatLit:
		p.tok(x.ValuePos, x.Raw)
	case *syntax.StringLit:
		p.stringLit(x)
	case *syntax.RegexLit:
		p.tok(x.Slash, x.Raw)
	case *syntax.BoolLit:
		p.boolLit(x)
	case *syntax.KeywordExpr:
		p.tok(x.KeywordPos, x.Tok.String())
	case *syntax.SelectorExpr:
		p.expr(x.X)
		p.tok(noPos, ".")
		p.tok(x.Sel.NamePos, x.Sel.Name)
	case *syntax.IndexExpr:
		p.expr(x.X)
		p.open(x.Lbrack, "[")
		p.expr(x.Index)
		p.close(x.Rbrack, "]")
	case *syntax.CallExpr:
		p.expr(x.Fun)
		p.open(x.Lparen, "(")
		p.exprs(x.Args)
		p.close(x.Rparen, ")")
	case *syntax.StringRef:
		p.tok(x.NamePos, x.Name)
		if x.At != nil {
			p.keyword(x.AtPos, "at")
			p.expr(x.At)
		}
		if x.In != nil {
			p.keyword(x.InPos, "in")
			p.expr(x.In)
		}
	case *syntax.StringCount:
		p.tok(x.NamePos, x.Name)
		if x.In != nil {
			p.keyword(x.InPos, "in")
			p.expr(x.In)
		}
	case *syntax.StringOffset:
		p.tok(x.NamePos, x.Name)
		p.optIndex(x.Lbrack, x.Index, x.Rbrack)
	case *syntax.StringLength:
		p.tok(x.NamePos, x.Name)
		p.optIndex(x.Lbrack, x.Index, x.Rbrack)
	case *syntax.UnaryExpr:
		p.tok(x.OpPos, x.Op.String())
		if x.Op == syntax.NOT || x.Op == syntax.DEFINED {
			p.space(wsSpace)
		}
		p.expr(x.X)
	case *syntax.BinaryExpr:
		p.binary(x)
	case *syntax.ParenExpr:
		p.parens(x.Lparen, x.X, x.Rparen)
	case *syntax.RangeExpr:
		p.open(x.Lparen, "(")
		p.expr(x.Lo)
		p.tok(noPos, "..")
		p.expr(x.Hi)
		p.close(x.Rparen, ")")
	case *syntax.ExprList:
		p.open(x.Lparen, "(")
		p.exprs(x.Items)
		p.close(x.Rparen, ")")
	case *syntax.OfExpr:
		p.quantifier(x.Quantifier)
		p.keyword(x.OfPos, "of")
		p.set(x.Set)
		if x.In != nil {
			p.keyword(x.InPos, "in")
			p.expr(x.In)
		}
		if x.At != nil {
			p.keyword(x.AtPos, "at")
			p.expr(x.At)
		}
	case *syntax.ForOfExpr:
		p.tok(x.ForPos, "for")
		p.space(wsSpace)
		p.quantifier(x.Quantifier)
		p.keyword(x.OfPos, "of")
		p.set(x.Set)
		p.loopBody(x.Colon, x.Lparen, x.Body, x.Rparen)
	case *syntax.ForInExpr:
		p.tok(x.ForPos, "for")
		p.space(wsSpace)
		p.quantifier(x.Quantifier)
		for i, v := range x.Vars {
			if i > 0 {
				p.tok(noPos, ",")
			}
			p.space(wsSpace)
			p.tok(v.NamePos, v.Name)
		}
		p.keyword(x.InPos, "in")
		p.expr(x.Iterable)
		p.loopBody(x.Colon, x.Lparen, x.Body, x.Rparen)
	case nil:
		p.fail("missing expression")
	default:
		// *syntax.BadExpr and anything unknown: the tree has errors.
		p.fail("cannot format %T at %s", x, p.fset.Position(x.Pos()))
	}
}

// keyword prints a keyword between spaces: " at ", " in ", " of ".
func (p *printer) keyword(pos token.Pos, kw string) {
	p.space(wsSpace)
	p.tok(pos, kw)
	p.space(wsSpace)
}

// exprs prints a comma-separated list.
func (p *printer) exprs(list []syntax.Expr) {
	for i, e := range list {
		if i > 0 {
			p.tok(noPos, ",")
			p.space(wsSpace)
		}
		p.expr(e)
	}
}

// optIndex prints "[index]" when the index is present.
func (p *printer) optIndex(lbrack token.Pos, index syntax.Expr, rbrack token.Pos) {
	if index == nil {
		return
	}
	p.open(lbrack, "[")
	p.expr(index)
	p.close(rbrack, "]")
}

// binary prints a chain of binary operations. The left spine is walked
// iteratively, so that a rule with thousands of "or"ed strings does not
// recurse thousands of levels.
func (p *printer) binary(b *syntax.BinaryExpr) {
	var spine []*syntax.BinaryExpr
	var x syntax.Expr = b
	for {
		bx, ok := x.(*syntax.BinaryExpr)
		if !ok {
			break
		}
		spine = append(spine, bx)
		x = bx.X
	}
	p.expr(x)
	for i := len(spine) - 1; i >= 0 && p.err == nil; i-- {
		bx := spine[i]
		p.operator(bx)
		p.expr(bx.Y)
	}
}

// operator prints the operator of b. Between the operands of "and" and
// "or", a line break of the source is kept, after the operator.
func (p *printer) operator(b *syntax.BinaryExpr) {
	op := b.Op.String()
	p.space(wsSpace)
	if (b.Op == syntax.AND || b.Op == syntax.OR) && b.X != nil && b.Y != nil {
		xEnd := p.line(b.X.End())
		if xEnd < p.line(b.Y.Pos()) {
			pos := b.OpPos
			if p.line(pos) != xEnd {
				// The operator began the next line: it moves up to the
				// end of the left operand, and comments between them
				// follow it.
				pos = b.X.End()
				p.movedLine = p.line(b.OpPos)
			}
			p.tok(pos, op)
			p.space(wsNewline)
			return
		}
	}
	p.tok(b.OpPos, op)
	p.space(wsSpace)
}

// parens prints "(x)", keeping a line break the user wrote just inside
// either parenthesis; the contents are indented one level.
func (p *printer) parens(lparen token.Pos, x syntax.Expr, rparen token.Pos) {
	p.open(lparen, "(")
	if x != nil && p.line(lparen) < p.line(x.Pos()) {
		p.space(wsNewline)
	}
	p.expr(x)
	if x != nil && p.line(x.End()) < p.line(rparen) {
		p.space(wsNewline)
	}
	p.close(rparen, ")")
}

// loopBody prints " : (body)" of a for loop.
func (p *printer) loopBody(colon, lparen token.Pos, body syntax.Expr, rparen token.Pos) {
	p.space(wsSpace)
	p.tok(colon, ":")
	p.space(wsSpace)
	p.parens(lparen, body, rparen)
}

// quantifier prints all, any, none, an expression or a percentage.
func (p *printer) quantifier(q *syntax.Quantifier) {
	if q == nil {
		p.fail("missing quantifier")
		return
	}
	switch q.Kind {
	case syntax.QuantAll:
		p.tok(q.KeywordPos, "all")
	case syntax.QuantAny:
		p.tok(q.KeywordPos, "any")
	case syntax.QuantNone:
		p.tok(q.KeywordPos, "none")
	case syntax.QuantExpr:
		p.expr(q.Expr)
	case syntax.QuantPercent:
		p.expr(q.Expr)
		p.tok(q.Percent, "%")
	default:
		p.fail("unknown quantifier kind %d", q.Kind)
	}
}

// set prints the operand of "of": them, ($a, $b*) or (rule_a, rule_b*).
func (p *printer) set(s syntax.Set) {
	switch s := s.(type) {
	case *syntax.StringSet:
		if s.Them {
			p.tok(s.Pos0, "them")
			return
		}
		p.open(s.Pos0, "(")
		for i, it := range s.Items {
			if i > 0 {
				p.tok(noPos, ",")
				p.space(wsSpace)
			}
			p.tok(it.NamePos, it.Name)
		}
		p.close(s.Rparen, ")")
	case *syntax.RuleSet:
		p.open(s.Lparen, "(")
		for i, it := range s.Items {
			if i > 0 {
				p.tok(noPos, ",")
				p.space(wsSpace)
			}
			p.tok(it.NamePos, it.Name)
		}
		p.close(s.Rparen, ")")
	default:
		p.fail("unexpected set %T", s)
	}
}

// open prints an opening bracket; what follows up to the matching close is
// indented one level if it is broken over lines.
func (p *printer) open(pos token.Pos, text string) {
	p.tok(pos, text)
	p.indent++
}

// close prints a closing bracket after the comments before it, which stay
// at the indentation of the bracketed text.
func (p *printer) close(pos token.Pos, text string) {
	if pos.IsValid() {
		p.flushComments(pos)
	}
	p.indent--
	p.tok(pos, text)
}
