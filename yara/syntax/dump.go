package syntax

import (
	"bufio"
	"fmt"
	"go/token"
	"io"
	"strconv"
	"strings"
)

// Dump writes a compact, deterministic, indented rendering of f's syntax
// tree to w, without positions: one node a line, children indented by two
// spaces. Tests compare it with golden files.
func Dump(w io.Writer, f *File) error {
	d := &dumper{w: bufio.NewWriter(w)}
	d.line(0, f.Pos(), "file %s", strconv.Quote(f.Name))
	for _, decl := range f.Decls {
		d.decl(1, decl)
	}
	return d.w.Flush()
}

// DumpPositions is like Dump but ends each line with the node's position
// as " @line:col", resolved through fset.
func DumpPositions(w io.Writer, fset *token.FileSet, f *File) error {
	d := &dumper{w: bufio.NewWriter(w), fset: fset}
	d.line(0, f.Pos(), "file %s", strconv.Quote(f.Name))
	for _, decl := range f.Decls {
		d.decl(1, decl)
	}
	return d.w.Flush()
}

type dumper struct {
	w    *bufio.Writer
	fset *token.FileSet // non-nil: print positions
}

func (d *dumper) line(indent int, pos token.Pos, format string, args ...any) {
	d.w.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(d.w, format, args...)
	if d.fset != nil && pos.IsValid() {
		p := d.fset.Position(pos)
		fmt.Fprintf(d.w, " @%d:%d", p.Line, p.Column)
	}
	d.w.WriteByte('\n')
}

func (d *dumper) decl(n int, decl Decl) {
	switch x := decl.(type) {
	case *Import:
		d.line(n, x.Pos(), "import %s", x.Path.Raw)
	case *Include:
		d.line(n, x.Pos(), "include %s", x.Path.Raw)
	case *Rule:
		var b strings.Builder
		b.WriteString("rule " + x.Name.Name)
		if x.Global {
			b.WriteString(" global")
		}
		if x.Private {
			b.WriteString(" private")
		}
		if len(x.Tags) > 0 {
			b.WriteString(" tags(")
			for i, t := range x.Tags {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(t.Name)
			}
			b.WriteByte(')')
		}
		d.line(n, x.Pos(), "%s", b.String())
		for _, m := range x.Meta {
			d.line(n+1, m.Pos(), "meta %s = %s", m.Key.Name, exprText(m.Value))
		}
		for _, s := range x.Strings {
			d.line(n+1, s.Pos(), "string %s = %s%s", s.Name, PatternString(s.Value), modifiersText(s.Modifiers))
		}
		if x.Condition != nil {
			d.line(n+1, x.ConditionPos, "condition")
			d.expr(n+2, x.Condition)
		}
	}
}

// exprText renders a meta value.
func exprText(e Expr) string {
	switch x := e.(type) {
	case *StringLit:
		return "string " + x.Raw
	case *IntLit:
		return fmt.Sprintf("int %d", x.Value)
	case *BoolLit:
		return fmt.Sprintf("bool %t", x.Value)
	}
	return fmt.Sprintf("%T", e)
}

func modifiersText(mods []*Modifier) string {
	var b strings.Builder
	for _, m := range mods {
		b.WriteByte(' ')
		b.WriteString(m.String())
	}
	return b.String()
}

// String renders the modifier as YARA source: "xor(1-3)", `base64("...")`.
func (m *Modifier) String() string {
	switch {
	case m.Kind == ModXor && m.HasXorArgs && m.XorMin == m.XorMax:
		return fmt.Sprintf("xor(%d)", m.XorMin)
	case m.Kind == ModXor && m.HasXorArgs:
		return fmt.Sprintf("xor(%d-%d)", m.XorMin, m.XorMax)
	case m.Alphabet != nil:
		return m.Kind.String() + "(" + m.Alphabet.Raw + ")"
	}
	return m.Kind.String()
}

// PatternString renders a string value in a canonical form: text strings
// as written, hex strings with upper-case digits and single spaces, regular
// expressions as written.
func PatternString(p Pattern) string {
	switch x := p.(type) {
	case *TextString:
		return x.Raw
	case *RegexString:
		return x.Regex.Raw
	case *HexString:
		var b strings.Builder
		b.WriteString("{ ")
		writeHexTokens(&b, x.Tokens())
		b.WriteString(" }")
		return b.String()
	}
	return "?"
}

func writeHexTokens(b *strings.Builder, toks []HexToken) {
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(HexTokenString(t))
	}
}

// HexTokenString renders one hex token canonically: "4D", "~4?", "??",
// "[2-4]", "[-]", "( 01 | 02 03 )".
func HexTokenString(t HexToken) string {
	switch x := t.(type) {
	case *HexByte:
		const digits = "0123456789ABCDEF"
		var s []byte
		if x.Not {
			s = append(s, '~')
		}
		if x.Mask&0xF0 != 0 {
			s = append(s, digits[x.Value>>4])
		} else {
			s = append(s, '?')
		}
		if x.Mask&0x0F != 0 {
			s = append(s, digits[x.Value&0xF])
		} else {
			s = append(s, '?')
		}
		return string(s)
	case *HexJump:
		switch {
		case x.Max < 0 && x.Min == 0:
			return "[-]"
		case x.Max < 0:
			return fmt.Sprintf("[%d-]", x.Min)
		case x.Min == x.Max && x.Min > 0: // [0] is invalid: keep [0-0]
			return fmt.Sprintf("[%d]", x.Min)
		}
		return fmt.Sprintf("[%d-%d]", x.Min, x.Max)
	case *HexAlt:
		var b strings.Builder
		b.WriteString("( ")
		for i, alt := range x.Alternatives {
			if i > 0 {
				b.WriteString(" | ")
			}
			writeHexTokens(&b, alt)
		}
		b.WriteString(" )")
		return b.String()
	}
	return "?"
}

func quantText(q *Quantifier) string { return q.Kind.String() }

func setText(s Set) string {
	var names []string
	switch x := s.(type) {
	case *StringSet:
		if x.Them {
			return "them"
		}
		for _, it := range x.Items {
			names = append(names, it.Name)
		}
		return "strings(" + strings.Join(names, ", ") + ")"
	case *RuleSet:
		for _, it := range x.Items {
			names = append(names, it.Name)
		}
		return "rules(" + strings.Join(names, ", ") + ")"
	}
	return "?"
}

func (d *dumper) quant(n int, q *Quantifier) {
	if q.Expr != nil {
		d.expr(n, q.Expr)
	}
}

func (d *dumper) expr(n int, e Expr) {
	switch x := e.(type) {
	case nil:
		d.line(n, token.NoPos, "<nil>")
	case *Ident:
		d.line(n, e.Pos(), "ident %s", x.Name)
	case *SelectorExpr:
		d.line(n, e.Pos(), "select .%s", x.Sel.Name)
		d.expr(n+1, x.X)
	case *IndexExpr:
		d.line(n, e.Pos(), "index")
		d.expr(n+1, x.X)
		d.expr(n+1, x.Index)
	case *CallExpr:
		d.line(n, e.Pos(), "call")
		d.expr(n+1, x.Fun)
		for _, a := range x.Args {
			d.expr(n+1, a)
		}
	case *IntLit:
		d.line(n, e.Pos(), "int %d", x.Value)
	case *FloatLit:
		d.line(n, e.Pos(), "float %s", strconv.FormatFloat(x.Value, 'g', -1, 64))
	case *StringLit:
		d.line(n, e.Pos(), "string %s", x.Raw)
	case *RegexLit:
		d.line(n, e.Pos(), "regex %s", x.Raw)
	case *BoolLit:
		d.line(n, e.Pos(), "bool %t", x.Value)
	case *KeywordExpr:
		d.line(n, e.Pos(), "%s", x.Tok)
	case *StringRef:
		switch {
		case x.At != nil:
			d.line(n, e.Pos(), "ref %s at", x.Name)
			d.expr(n+1, x.At)
		case x.In != nil:
			d.line(n, e.Pos(), "ref %s in", x.Name)
			d.expr(n+1, x.In)
		default:
			d.line(n, e.Pos(), "ref %s", x.Name)
		}
	case *StringCount:
		if x.In != nil {
			d.line(n, e.Pos(), "count %s in", x.Name)
			d.expr(n+1, x.In)
		} else {
			d.line(n, e.Pos(), "count %s", x.Name)
		}
	case *StringOffset:
		d.line(n, e.Pos(), "offset %s", x.Name)
		if x.Index != nil {
			d.expr(n+1, x.Index)
		}
	case *StringLength:
		d.line(n, e.Pos(), "length %s", x.Name)
		if x.Index != nil {
			d.expr(n+1, x.Index)
		}
	case *UnaryExpr:
		d.line(n, e.Pos(), "unary %s", x.Op)
		d.expr(n+1, x.X)
	case *BinaryExpr:
		d.line(n, e.Pos(), "binary %s", x.Op)
		d.expr(n+1, x.X)
		d.expr(n+1, x.Y)
	case *ParenExpr:
		d.line(n, e.Pos(), "paren")
		d.expr(n+1, x.X)
	case *RangeExpr:
		d.line(n, e.Pos(), "range")
		d.expr(n+1, x.Lo)
		d.expr(n+1, x.Hi)
	case *ExprList:
		d.line(n, e.Pos(), "list")
		for _, it := range x.Items {
			d.expr(n+1, it)
		}
	case *OfExpr:
		suffix := ""
		switch {
		case x.In != nil:
			suffix = " in"
		case x.At != nil:
			suffix = " at"
		}
		d.line(n, e.Pos(), "of %s %s%s", quantText(x.Quantifier), setText(x.Set), suffix)
		d.quant(n+1, x.Quantifier)
		if x.In != nil {
			d.expr(n+1, x.In)
		}
		if x.At != nil {
			d.expr(n+1, x.At)
		}
	case *ForOfExpr:
		d.line(n, e.Pos(), "for %s of %s", quantText(x.Quantifier), setText(x.Set))
		d.quant(n+1, x.Quantifier)
		d.expr(n+1, x.Body)
	case *ForInExpr:
		var vars []string
		for _, v := range x.Vars {
			vars = append(vars, v.Name)
		}
		d.line(n, e.Pos(), "for %s %s in", quantText(x.Quantifier), strings.Join(vars, ", "))
		d.quant(n+1, x.Quantifier)
		d.expr(n+1, x.Iterable)
		d.expr(n+1, x.Body)
	case *BadExpr:
		d.line(n, e.Pos(), "bad")
	default:
		d.line(n, e.Pos(), "%T", e)
	}
}
