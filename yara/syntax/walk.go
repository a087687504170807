package syntax

// Visitor's Visit method is invoked for each node encountered by Walk. If
// the result visitor w is not nil, Walk visits each of the node's children
// with w, followed by a call of w.Visit(nil).
type Visitor interface {
	Visit(node Node) (w Visitor)
}

// Walk traverses a syntax tree in depth-first, source order: it calls
// v.Visit(node); if that returns a non-nil w, Walk visits the children of
// node with w and then calls w.Visit(nil).
func Walk(v Visitor, node Node) {
	if v = v.Visit(node); v == nil {
		return
	}
	walkChildren(v, node)
	v.Visit(nil)
}

func walkChildren(v Visitor, node Node) {
	walkExpr := func(e Expr) {
		if e != nil {
			Walk(v, e)
		}
	}
	switch n := node.(type) {
	case *File:
		// Comments are not walked; they are in File.Comments.
		for _, d := range n.Decls {
			Walk(v, d)
		}
	case *Import:
		Walk(v, n.Path)
	case *Include:
		Walk(v, n.Path)
	case *Rule:
		Walk(v, n.Name)
		for _, t := range n.Tags {
			Walk(v, t)
		}
		for _, m := range n.Meta {
			Walk(v, m)
		}
		for _, s := range n.Strings {
			Walk(v, s)
		}
		walkExpr(n.Condition)
	case *Meta:
		Walk(v, n.Key)
		walkExpr(n.Value)
	case *StringDef:
		Walk(v, n.Value)
		for _, m := range n.Modifiers {
			Walk(v, m)
		}
	case *HexString:
		for _, t := range n.Tokens() {
			Walk(v, t)
		}
	case *HexAlt:
		for _, alt := range n.Alternatives {
			for _, t := range alt {
				Walk(v, t)
			}
		}
	case *RegexString:
		Walk(v, n.Regex)
	case *Modifier:
		if n.Alphabet != nil {
			Walk(v, n.Alphabet)
		}
	case *SelectorExpr:
		walkExpr(n.X)
		Walk(v, n.Sel)
	case *IndexExpr:
		walkExpr(n.X)
		walkExpr(n.Index)
	case *CallExpr:
		walkExpr(n.Fun)
		for _, a := range n.Args {
			walkExpr(a)
		}
	case *StringRef:
		walkExpr(n.At)
		if n.In != nil {
			Walk(v, n.In)
		}
	case *StringCount:
		if n.In != nil {
			Walk(v, n.In)
		}
	case *StringOffset:
		walkExpr(n.Index)
	case *StringLength:
		walkExpr(n.Index)
	case *UnaryExpr:
		walkExpr(n.X)
	case *BinaryExpr:
		walkExpr(n.X)
		walkExpr(n.Y)
	case *ParenExpr:
		walkExpr(n.X)
	case *RangeExpr:
		walkExpr(n.Lo)
		walkExpr(n.Hi)
	case *ExprList:
		for _, it := range n.Items {
			walkExpr(it)
		}
	case *Quantifier:
		walkExpr(n.Expr)
	case *StringSet:
		for _, it := range n.Items {
			Walk(v, it)
		}
	case *RuleSet:
		for _, it := range n.Items {
			Walk(v, it)
		}
	case *OfExpr:
		Walk(v, n.Quantifier)
		Walk(v, n.Set)
		if n.In != nil {
			Walk(v, n.In)
		}
		walkExpr(n.At)
	case *ForOfExpr:
		Walk(v, n.Quantifier)
		Walk(v, n.Set)
		walkExpr(n.Body)
	case *ForInExpr:
		Walk(v, n.Quantifier)
		for _, x := range n.Vars {
			Walk(v, x)
		}
		walkExpr(n.Iterable)
		walkExpr(n.Body)
	}
	// Leaves: *Comment, *TextString, *HexByte, *HexJump, *Ident, *IntLit,
	// *FloatLit, *StringLit, *RegexLit, *BoolLit, *KeywordExpr,
	// *StringPattern, *RulePattern, *BadExpr.
}

type inspector func(Node) bool

func (f inspector) Visit(node Node) Visitor {
	if f(node) {
		return f
	}
	return nil
}

// Inspect traverses a syntax tree in depth-first, source order: it calls
// f(node); if f returns true, Inspect visits the node's children and then
// calls f(nil).
func Inspect(node Node, f func(Node) bool) {
	Walk(inspector(f), node)
}
