package syntax

import (
	"go/token"
)

// kind classifies parsed expressions the way YARA's grammar does: a
// primary expression is arithmetic (numbers, strings, identifiers, counts,
// offsets, function calls and the operators + - * \ % & | ^ << >> ~) and a
// boolean expression is anything else (comparisons, and/or/not, string
// matches, of, for, true/false). Comparisons and arithmetic take only
// primary operands, so `true == true` and `1 < 2 < 3` are errors as in yara.
type kind int

const (
	primary kind = iota
	boolean
)

// precOf is the binding of "of" after a quantifier expression: it takes a
// whole arithmetic expression as its quantifier but no comparison.
const precOf = precRel + 1 // between comparisons and "|"

// parseExpr parses a full condition expression.
func (p *parser) parseExpr() Expr {
	x, _ := p.parseBinary(precOr)
	return x
}

// parseArith parses a primary (arithmetic) expression and reports a boolean one.
func (p *parser) parseArith(what string) Expr {
	x, k := p.parseBinary(precBitOr)
	if k != primary {
		p.error(x.Pos(), CodeBoolOperand, "boolean expression cannot be %s", what)
	}
	return x
}

func (p *parser) enter() {
	p.depth++
	if p.depth > MaxNestingDepth {
		p.error(p.pos, CodeTooDeep, "expression nested deeper than %d", MaxNestingDepth)
		panic(bailout{})
	}
}

func (p *parser) leave() { p.depth-- }

// parseBinary parses operators of precedence prec1 or tighter.
func (p *parser) parseBinary(prec1 int) (Expr, kind) {
	p.enter()
	defer p.leave()
	x, kx := p.parseUnary()
	for {
		if p.tok == OF {
			if prec1 > precOf {
				return x, kx
			}
			x, kx = p.parseOf(p.quantifierFrom(x, kx)), boolean
			continue
		}
		op, opPos := p.tok, p.pos
		oprec := op.Precedence()
		if oprec == LowestPrec || oprec < prec1 {
			return x, kx
		}
		p.next()
		if op == MOD && p.tok == OF {
			// "N% of set": the "%" belongs to the quantifier.
			p.percent = opPos
			if prec1 > precOf {
				return x, kx
			}
			continue
		}
		y, ky := p.parseBinary(oprec + 1)
		switch {
		case op == AND || op == OR:
			kx = boolean
		case oprec == precEql || oprec == precRel:
			p.checkOperands(x, kx, y, ky, op)
			kx = boolean
		default:
			p.checkOperands(x, kx, y, ky, op)
			kx = primary
		}
		b := p.a.binaries.new()
		*b = BinaryExpr{X: x, OpPos: opPos, Op: op, Y: y}
		x = b
	}
}

// checkOperands reports the first boolean operand of a binary operator
// that needs primary ones (one error per operator is enough).
func (p *parser) checkOperands(x Expr, kx kind, y Expr, ky kind, op Token) {
	if kx != primary {
		p.checkPrimary(x, kx, op)
	} else {
		p.checkPrimary(y, ky, op)
	}
}

func (p *parser) checkPrimary(x Expr, k kind, op Token) {
	if k != primary {
		p.error(x.Pos(), CodeBoolOperand, "boolean expression cannot be an operand of %q", op.String())
	}
}

// quantifierFrom turns the expression before "of" into a quantifier.
func (p *parser) quantifierFrom(x Expr, k kind) *Quantifier {
	if k != primary {
		p.error(x.Pos(), CodeBoolOperand, "boolean expression cannot be a quantifier")
	}
	q := &Quantifier{Kind: QuantExpr, Expr: x}
	if p.percent.IsValid() {
		q.Kind, q.Percent = QuantPercent, p.percent
		p.percent = token.NoPos
	}
	return q
}

func (p *parser) parseUnary() (Expr, kind) {
	p.enter()
	defer p.leave()
	switch p.tok {
	case NOT, DEFINED:
		pos, op := p.pos, p.tok
		p.next()
		x, _ := p.parseBinary(precEql)
		return &UnaryExpr{OpPos: pos, Op: op, X: x}, boolean
	case SUB, BITNOT:
		pos, op := p.pos, p.tok
		p.next()
		x, k := p.parseUnary()
		p.checkPrimary(x, k, op)
		return &UnaryExpr{OpPos: pos, Op: op, X: x}, primary
	}
	return p.parseOperand()
}

func (p *parser) parseOperand() (Expr, kind) {
	pos := p.pos
	switch tok := p.tok; tok {
	case INT:
		x := p.a.intLits.new()
		*x = IntLit{ValuePos: pos, Raw: p.lit, Value: p.intVal}
		p.next()
		return x, primary
	case FLOAT:
		x := &FloatLit{ValuePos: pos, Raw: p.lit, Value: p.floatVal}
		p.next()
		return x, primary
	case STRING:
		x := p.a.strLits.new()
		*x = StringLit{ValuePos: pos, Raw: p.lit, Value: p.strVal}
		p.next()
		return x, primary
	case SLASH:
		x := p.sc.scanRegex(p.file.Offset(pos))
		p.next()
		return x, primary
	case TRUE, FALSE:
		p.next()
		return &BoolLit{ValuePos: pos, Value: tok == TRUE}, boolean
	case FILESIZE, ENTRYPOINT:
		p.next()
		return &KeywordExpr{KeywordPos: pos, Tok: tok}, primary
	case IDENT:
		return p.parseIdentChain(), primary
	case STRINGID:
		return p.parseStringRef(), boolean
	case STRINGCOUNT:
		x := &StringCount{NamePos: pos, Name: p.lit}
		p.next()
		if p.tok == IN {
			x.InPos = p.pos
			p.next()
			x.In = p.parseRange()
		}
		return x, primary
	case STRINGOFFSET, STRINGLENGTH:
		name := p.lit
		p.next()
		var lbrack, rbrack token.Pos
		var index Expr
		if p.tok == LBRACK {
			lbrack = p.pos
			p.next()
			index = p.parseArith("an index")
			rbrack = p.expect(RBRACK)
		}
		if tok == STRINGOFFSET {
			return &StringOffset{NamePos: pos, Name: name, Lbrack: lbrack, Index: index, Rbrack: rbrack}, primary
		}
		return &StringLength{NamePos: pos, Name: name, Lbrack: lbrack, Index: index, Rbrack: rbrack}, primary
	case LPAREN:
		p.next()
		x, k := p.parseBinary(precOr)
		rparen := p.expect(RPAREN)
		return &ParenExpr{Lparen: pos, X: x, Rparen: rparen}, k
	case FOR:
		return p.parseFor(), boolean
	case ALL, ANY, NONE:
		return p.parseOf(p.parseKeywordQuantifier()), boolean
	}
	if p.tok.IsIntegerFunction() {
		fun := &Ident{NamePos: pos, Name: p.tok.String()}
		p.next()
		lparen := p.expect(LPAREN)
		arg := p.parseArith("an offset")
		rparen := p.expect(RPAREN)
		return &CallExpr{Fun: fun, Lparen: lparen, Args: []Expr{arg}, Rparen: rparen}, primary
	}
	p.errorExpected("expression")
	return nil, primary
}

// parseIdentChain parses an identifier followed by any number of
// .field, [index] and (arguments) suffixes.
func (p *parser) parseIdentChain() Expr {
	var x Expr = p.parseIdent("identifier")
	for {
		switch p.tok {
		case PERIOD:
			p.next()
			sel := p.a.selectors.new()
			sel.X = x
			sel.Sel = p.parseIdent("field name")
			x = sel
		case LBRACK:
			lbrack := p.pos
			p.next()
			index := p.parseArith("an index")
			x = &IndexExpr{X: x, Lbrack: lbrack, Index: index, Rbrack: p.expect(RBRACK)}
		case LPAREN:
			call := &CallExpr{Fun: x, Lparen: p.pos}
			p.next()
			if p.tok != RPAREN {
				for {
					call.Args = append(call.Args, p.parseExpr())
					if p.tok != COMMA {
						break
					}
					p.next()
				}
			}
			call.Rparen = p.expect(RPAREN)
			x = call
		default:
			return x
		}
	}
}

func (p *parser) parseStringRef() *StringRef {
	x := p.a.refs.new()
	x.NamePos, x.Name = p.pos, p.lit
	if n := len(x.Name); n > 1 && x.Name[n-1] == '*' {
		p.error(x.NamePos, CodeSyntax, "string identifier %q with a wildcard is only allowed in a string set", x.Name)
	}
	p.next()
	switch p.tok {
	case AT:
		x.AtPos = p.pos
		p.next()
		x.At = p.parseArith("an offset")
	case IN:
		x.InPos = p.pos
		p.next()
		x.In = p.parseRange()
	}
	return x
}

// parseRange parses (lo..hi).
func (p *parser) parseRange() *RangeExpr {
	r := &RangeExpr{Lparen: p.expect(LPAREN)}
	r.Lo = p.parseArith("a range bound")
	p.expect(DOTDOT)
	r.Hi = p.parseArith("a range bound")
	r.Rparen = p.expect(RPAREN)
	return r
}

func (p *parser) parseKeywordQuantifier() *Quantifier {
	q := &Quantifier{KeywordPos: p.pos}
	switch p.tok {
	case ALL:
		q.Kind = QuantAll
	case ANY:
		q.Kind = QuantAny
	default:
		q.Kind = QuantNone
	}
	p.next()
	return q
}

// parseOf parses "of set" and its optional "in range" or "at offset".
func (p *parser) parseOf(q *Quantifier) *OfExpr {
	x := &OfExpr{Quantifier: q, OfPos: p.expect(OF)}
	x.Set = p.parseSet(true)
	if _, ok := x.Set.(*StringSet); ok {
		switch p.tok {
		case IN:
			x.InPos = p.pos
			p.next()
			x.In = p.parseRange()
		case AT:
			x.AtPos = p.pos
			p.next()
			x.At = p.parseArith("an offset")
		}
	}
	return x
}

// parseSet parses `them`, a string set `($a, $b*)`, or (if rulesOK) a rule set `(a, b*)`.
func (p *parser) parseSet(rulesOK bool) Set {
	if p.tok == THEM {
		s := &StringSet{Them: true, Pos0: p.pos}
		p.next()
		return s
	}
	lparen := p.expect(LPAREN)
	if p.tok == IDENT && rulesOK {
		s := &RuleSet{Lparen: lparen}
		for {
			item := &RulePattern{NamePos: p.pos, Name: p.lit}
			p.parseIdent("rule name")
			if p.tok == MUL {
				item.Name += "*"
				p.next()
			}
			s.Items = append(s.Items, item)
			if p.tok != COMMA {
				break
			}
			p.next()
		}
		s.Rparen = p.expect(RPAREN)
		return s
	}
	s := &StringSet{Pos0: lparen}
	for {
		if p.tok != STRINGID {
			if rulesOK && len(s.Items) == 0 {
				p.errorExpected("string identifier or rule name")
			}
			p.errorExpected("string identifier")
		}
		s.Items = append(s.Items, &StringPattern{NamePos: p.pos, Name: p.lit})
		p.next()
		if p.tok != COMMA {
			break
		}
		p.next()
	}
	s.Rparen = p.expect(RPAREN)
	return s
}

// parseFor parses the two for loops:
//
//	for quantifier of string_set : ( body )
//	for quantifier var[, var] in iterable : ( body )
func (p *parser) parseFor() Expr {
	forPos := p.expect(FOR)
	var q *Quantifier
	switch p.tok {
	case ALL, ANY, NONE:
		q = p.parseKeywordQuantifier()
	default:
		x, k := p.parseBinary(precBitOr)
		if k != primary {
			p.error(x.Pos(), CodeBoolOperand, "boolean expression cannot be a quantifier")
		}
		q = &Quantifier{Kind: QuantExpr, Expr: x}
		if p.percent.IsValid() {
			p.error(p.percent, CodeSyntax, "a percentage cannot quantify a for loop")
			p.percent = token.NoPos
		}
	}
	if p.tok == OF {
		x := &ForOfExpr{ForPos: forPos, Quantifier: q, OfPos: p.pos}
		p.next()
		x.Set = p.parseSet(false).(*StringSet)
		x.Colon = p.expect(COLON)
		x.Lparen = p.expect(LPAREN)
		x.Body = p.parseExpr()
		x.Rparen = p.expect(RPAREN)
		return x
	}
	x := &ForInExpr{ForPos: forPos, Quantifier: q}
	for {
		v := p.parseIdent("loop variable or \"of\"")
		if len(x.Vars) == MaxLoopVars {
			p.error(v.Pos(), CodeLoopVars, "too many loop variables (at most %d)", MaxLoopVars)
		}
		x.Vars = append(x.Vars, v)
		if p.tok != COMMA {
			break
		}
		p.next()
	}
	x.InPos = p.expect(IN)
	x.Iterable = p.parseIterable()
	x.Colon = p.expect(COLON)
	x.Lparen = p.expect(LPAREN)
	x.Body = p.parseExpr()
	x.Rparen = p.expect(RPAREN)
	return x
}

// parseIterable parses (lo..hi), (e1, e2, ...) or an expression such as pe.sections.
func (p *parser) parseIterable() Expr {
	if p.tok != LPAREN {
		return p.parseArith("iterated")
	}
	lparen := p.pos
	p.next()
	first, k := p.parseBinary(precOr)
	if p.tok == DOTDOT {
		if k != primary {
			p.error(first.Pos(), CodeBoolOperand, "boolean expression cannot be a range bound")
		}
		p.next()
		r := &RangeExpr{Lparen: lparen, Lo: first}
		r.Hi = p.parseArith("a range bound")
		r.Rparen = p.expect(RPAREN)
		return r
	}
	l := &ExprList{Lparen: lparen, Items: []Expr{first}}
	for p.tok == COMMA {
		p.next()
		l.Items = append(l.Items, p.parseExpr())
	}
	l.Rparen = p.expect(RPAREN)
	return l
}
