package syntax

import "go/token"

// ----------------------------------------------------------------------------
// Pos and End

// Pos returns the position of "import".
func (d *Import) Pos() token.Pos { return d.ImportPos }

// End returns the position after the module name.
func (d *Import) End() token.Pos { return d.Path.End() }

// Pos returns the position of "include".
func (d *Include) Pos() token.Pos { return d.IncludePos }

// End returns the position after the path.
func (d *Include) End() token.Pos { return d.Path.End() }

// Pos returns the position of the first modifier or of "rule".
func (d *Rule) Pos() token.Pos {
	p := d.RulePos
	if d.GlobalPos.IsValid() && d.GlobalPos < p {
		p = d.GlobalPos
	}
	if d.PrivatePos.IsValid() && d.PrivatePos < p {
		p = d.PrivatePos
	}
	return p
}

// End returns the position after "}".
func (d *Rule) End() token.Pos { return d.Rbrace + 1 }

// Pos returns the position of the key.
func (m *Meta) Pos() token.Pos { return m.Key.Pos() }

// End returns the position after the value.
func (m *Meta) End() token.Pos { return m.Value.End() }

// Pos returns the position of the "$".
func (s *StringDef) Pos() token.Pos { return s.NamePos }

// End returns the position after the last modifier or the value.
func (s *StringDef) End() token.Pos {
	if n := len(s.Modifiers); n > 0 {
		return s.Modifiers[n-1].End()
	}
	return s.Value.End()
}

// Pos returns the position of the opening quote.
func (s *TextString) Pos() token.Pos { return s.ValuePos }

// End returns the position after the closing quote.
func (s *TextString) End() token.Pos { return s.ValuePos + token.Pos(len(s.Raw)) }

// Pos returns the position of "{".
func (s *HexString) Pos() token.Pos { return s.Lbrace }

// End returns the position after "}".
func (s *HexString) End() token.Pos { return s.Rbrace + 1 }

// Pos returns the position of "~" or of the first digit.
func (b *HexByte) Pos() token.Pos {
	if b.NotPos.IsValid() {
		return b.NotPos
	}
	return b.ValuePos
}

// End returns the position after the second digit.
func (b *HexByte) End() token.Pos { return b.ValuePos + 2 }

// Pos returns the position of "[".
func (j *HexJump) Pos() token.Pos { return j.Lbrack }

// End returns the position after "]".
func (j *HexJump) End() token.Pos { return j.Rbrack + 1 }

// Pos returns the position of "(".
func (a *HexAlt) Pos() token.Pos { return a.Lparen }

// End returns the position after ")".
func (a *HexAlt) End() token.Pos { return a.Rparen + 1 }

// Pos returns the position of the opening "/".
func (s *RegexString) Pos() token.Pos { return s.Regex.Pos() }

// End returns the position after the last flag.
func (s *RegexString) End() token.Pos { return s.Regex.End() }

// Pos returns the position of the modifier keyword.
func (m *Modifier) Pos() token.Pos { return m.KindPos }

// End returns the position after the modifier and its arguments.
func (m *Modifier) End() token.Pos {
	if m.Rparen.IsValid() {
		return m.Rparen + 1
	}
	return m.KindPos + token.Pos(len(m.Kind.String()))
}

// Pos returns the position of the identifier.
func (x *Ident) Pos() token.Pos { return x.NamePos }

// End returns the position after the identifier.
func (x *Ident) End() token.Pos { return x.NamePos + token.Pos(len(x.Name)) }

// Pos returns the position of the operand.
func (x *SelectorExpr) Pos() token.Pos { return x.X.Pos() }

// End returns the position after the field name.
func (x *SelectorExpr) End() token.Pos { return x.Sel.End() }

// Pos returns the position of the operand.
func (x *IndexExpr) Pos() token.Pos { return x.X.Pos() }

// End returns the position after "]".
func (x *IndexExpr) End() token.Pos { return x.Rbrack + 1 }

// Pos returns the position of the function.
func (x *CallExpr) Pos() token.Pos { return x.Fun.Pos() }

// End returns the position after ")".
func (x *CallExpr) End() token.Pos { return x.Rparen + 1 }

// Pos returns the position of the literal.
func (x *IntLit) Pos() token.Pos { return x.ValuePos }

// End returns the position after the literal.
func (x *IntLit) End() token.Pos { return x.ValuePos + token.Pos(len(x.Raw)) }

// Pos returns the position of the literal.
func (x *FloatLit) Pos() token.Pos { return x.ValuePos }

// End returns the position after the literal.
func (x *FloatLit) End() token.Pos { return x.ValuePos + token.Pos(len(x.Raw)) }

// Pos returns the position of the opening quote.
func (x *StringLit) Pos() token.Pos { return x.ValuePos }

// End returns the position after the closing quote.
func (x *StringLit) End() token.Pos { return x.ValuePos + token.Pos(len(x.Raw)) }

// Pos returns the position of the opening "/".
func (x *RegexLit) Pos() token.Pos { return x.Slash }

// End returns the position after the last flag.
func (x *RegexLit) End() token.Pos { return x.Slash + token.Pos(len(x.Raw)) }

// Pos returns the position of the keyword.
func (x *BoolLit) Pos() token.Pos { return x.ValuePos }

// End returns the position after the keyword.
func (x *BoolLit) End() token.Pos {
	if x.Value {
		return x.ValuePos + 4
	}
	return x.ValuePos + 5
}

// Pos returns the position of the keyword.
func (x *KeywordExpr) Pos() token.Pos { return x.KeywordPos }

// End returns the position after the keyword.
func (x *KeywordExpr) End() token.Pos { return x.KeywordPos + token.Pos(len(x.Tok.String())) }

// Pos returns the position of "$".
func (x *StringRef) Pos() token.Pos { return x.NamePos }

// End returns the position after the reference and its at/in clause.
func (x *StringRef) End() token.Pos {
	switch {
	case x.At != nil:
		return x.At.End()
	case x.In != nil:
		return x.In.End()
	}
	return x.NamePos + token.Pos(len(x.Name))
}

// Pos returns the position of "#".
func (x *StringCount) Pos() token.Pos { return x.NamePos }

// End returns the position after the count and its in clause.
func (x *StringCount) End() token.Pos {
	if x.In != nil {
		return x.In.End()
	}
	return x.NamePos + token.Pos(len(x.Name))
}

// Pos returns the position of "@".
func (x *StringOffset) Pos() token.Pos { return x.NamePos }

// End returns the position after the name or "]".
func (x *StringOffset) End() token.Pos {
	if x.Rbrack.IsValid() {
		return x.Rbrack + 1
	}
	return x.NamePos + token.Pos(len(x.Name))
}

// Pos returns the position of "!".
func (x *StringLength) Pos() token.Pos { return x.NamePos }

// End returns the position after the name or "]".
func (x *StringLength) End() token.Pos {
	if x.Rbrack.IsValid() {
		return x.Rbrack + 1
	}
	return x.NamePos + token.Pos(len(x.Name))
}

// Pos returns the position of the operator.
func (x *UnaryExpr) Pos() token.Pos { return x.OpPos }

// End returns the position after the operand.
func (x *UnaryExpr) End() token.Pos { return x.X.End() }

// Pos returns the position of the left operand.
func (x *BinaryExpr) Pos() token.Pos { return x.X.Pos() }

// End returns the position after the right operand.
func (x *BinaryExpr) End() token.Pos { return x.Y.End() }

// Pos returns the position of "(".
func (x *ParenExpr) Pos() token.Pos { return x.Lparen }

// End returns the position after ")".
func (x *ParenExpr) End() token.Pos { return x.Rparen + 1 }

// Pos returns the position of "(".
func (x *RangeExpr) Pos() token.Pos { return x.Lparen }

// End returns the position after ")".
func (x *RangeExpr) End() token.Pos { return x.Rparen + 1 }

// Pos returns the position of "(".
func (x *ExprList) Pos() token.Pos { return x.Lparen }

// End returns the position after ")".
func (x *ExprList) End() token.Pos { return x.Rparen + 1 }

// Pos returns the position of the keyword or expression.
func (q *Quantifier) Pos() token.Pos {
	if q.Expr != nil {
		return q.Expr.Pos()
	}
	return q.KeywordPos
}

// End returns the position after the quantifier.
func (q *Quantifier) End() token.Pos {
	switch q.Kind {
	case QuantPercent:
		return q.Percent + 1
	case QuantExpr:
		return q.Expr.End()
	case QuantAll, QuantAny:
		return q.KeywordPos + 3
	}
	return q.KeywordPos + 4 // none
}

// Pos returns the position of "$".
func (p *StringPattern) Pos() token.Pos { return p.NamePos }

// End returns the position after the pattern.
func (p *StringPattern) End() token.Pos { return p.NamePos + token.Pos(len(p.Name)) }

// Pos returns the position of "them" or "(".
func (s *StringSet) Pos() token.Pos { return s.Pos0 }

// End returns the position after "them" or ")".
func (s *StringSet) End() token.Pos {
	if s.Them {
		return s.Pos0 + 4
	}
	return s.Rparen + 1
}

// Pos returns the position of the name.
func (p *RulePattern) Pos() token.Pos { return p.NamePos }

// End returns the position after the pattern.
func (p *RulePattern) End() token.Pos { return p.NamePos + token.Pos(len(p.Name)) }

// Pos returns the position of "(".
func (s *RuleSet) Pos() token.Pos { return s.Lparen }

// End returns the position after ")".
func (s *RuleSet) End() token.Pos { return s.Rparen + 1 }

// Pos returns the position of the quantifier.
func (x *OfExpr) Pos() token.Pos { return x.Quantifier.Pos() }

// End returns the position after the set or the in/at clause.
func (x *OfExpr) End() token.Pos {
	switch {
	case x.In != nil:
		return x.In.End()
	case x.At != nil:
		return x.At.End()
	}
	return x.Set.End()
}

// Pos returns the position of "for".
func (x *ForOfExpr) Pos() token.Pos { return x.ForPos }

// End returns the position after the closing ")".
func (x *ForOfExpr) End() token.Pos { return x.Rparen + 1 }

// Pos returns the position of "for".
func (x *ForInExpr) Pos() token.Pos { return x.ForPos }

// End returns the position after the closing ")".
func (x *ForInExpr) End() token.Pos { return x.Rparen + 1 }

// Pos returns the start of the bad expression.
func (x *BadExpr) Pos() token.Pos { return x.From }

// End returns the end of the bad expression.
func (x *BadExpr) End() token.Pos { return x.To }

// ----------------------------------------------------------------------------
// Marker methods

func (*Import) declNode()  {}
func (*Include) declNode() {}
func (*Rule) declNode()    {}

func (*TextString) patternNode()  {}
func (*HexString) patternNode()   {}
func (*RegexString) patternNode() {}

func (*HexByte) hexNode() {}
func (*HexJump) hexNode() {}
func (*HexAlt) hexNode()  {}

func (*StringSet) setNode() {}
func (*RuleSet) setNode()   {}

func (*Ident) exprNode()        {}
func (*SelectorExpr) exprNode() {}
func (*IndexExpr) exprNode()    {}
func (*CallExpr) exprNode()     {}
func (*IntLit) exprNode()       {}
func (*FloatLit) exprNode()     {}
func (*StringLit) exprNode()    {}
func (*RegexLit) exprNode()     {}
func (*BoolLit) exprNode()      {}
func (*KeywordExpr) exprNode()  {}
func (*StringRef) exprNode()    {}
func (*StringCount) exprNode()  {}
func (*StringOffset) exprNode() {}
func (*StringLength) exprNode() {}
func (*UnaryExpr) exprNode()    {}
func (*BinaryExpr) exprNode()   {}
func (*ParenExpr) exprNode()    {}
func (*RangeExpr) exprNode()    {}
func (*ExprList) exprNode()     {}
func (*OfExpr) exprNode()       {}
func (*ForOfExpr) exprNode()    {}
func (*ForInExpr) exprNode()    {}
func (*BadExpr) exprNode()      {}
