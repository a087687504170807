package syntax

import "go/token"

// ----------------------------------------------------------------------------
// Expressions

// Ident is an identifier: a rule name, module, field, loop variable,
// external variable, or an integer function name (uint8 ... int32be) used as
// the Fun of a CallExpr.
type Ident struct {
	NamePos token.Pos // position of the identifier
	Name    string    // identifier text
}

// SelectorExpr is a field access `X.Sel` (pe.sections).
type SelectorExpr struct {
	X   Expr   // operand
	Sel *Ident // field name
}

// IndexExpr is an array or dictionary subscript `X[Index]`.
type IndexExpr struct {
	X      Expr      // operand
	Lbrack token.Pos // position of "["
	Index  Expr      // subscript
	Rbrack token.Pos // position of "]"
}

// CallExpr is a function call: a module function `pe.exports("x")` or an
// integer read `uint16(0)` (then Fun is an *Ident named after the keyword).
type CallExpr struct {
	Fun    Expr      // function
	Lparen token.Pos // position of "("
	Args   []Expr    // arguments
	Rparen token.Pos // position of ")"
}

// IntLit is an integer literal. In a meta section it may be negative: then
// Raw starts with "-" followed by the literal, with any blanks or comments
// written between them kept verbatim, and Value is negative.
type IntLit struct {
	ValuePos token.Pos // position of the literal (of "-" for a negative meta value)
	Raw      string    // literal as written: "10", "0x1F", "0o17", "2KB", "-5"
	Value    int64     // value with KB/MB multipliers applied
}

// FloatLit is a floating-point literal.
type FloatLit struct {
	ValuePos token.Pos // position of the literal
	Raw      string    // literal as written
	Value    float64   // value
}

// StringLit is a double-quoted text literal in a condition, meta value,
// import, include or base64 alphabet.
type StringLit struct {
	ValuePos token.Pos // position of the opening quote
	Raw      string    // literal as written, including the quotes
	Value    []byte    // unescaped bytes
}

// RegexLit is a regular-expression literal `/pattern/flags`.
type RegexLit struct {
	Slash           token.Pos // position of the opening "/"
	Raw             string    // literal as written, from the opening "/" to the last flag
	Pattern         string    // text between the slashes, escapes kept verbatim (`\/` stays `\/`)
	CaseInsensitive bool      // "i" flag
	DotAll          bool      // "s" flag
}

// BoolLit is `true` or `false`.
type BoolLit struct {
	ValuePos token.Pos // position of the keyword
	Value    bool      // the value
}

// KeywordExpr is a keyword used as a value: `filesize` or `entrypoint`.
type KeywordExpr struct {
	KeywordPos token.Pos // position of the keyword
	Tok        Token     // FILESIZE or ENTRYPOINT
}

// StringRef is a string match test `$a`, `$a at X` or `$a in (lo..hi)`.
// Inside a for..of body the name may be the bare "$".
type StringRef struct {
	NamePos token.Pos  // position of "$"
	Name    string     // "$a", or "$"
	AtPos   token.Pos  // position of "at", or token.NoPos
	At      Expr       // offset after "at", or nil
	InPos   token.Pos  // position of "in", or token.NoPos
	In      *RangeExpr // range after "in", or nil
}

// StringCount is a match count `#a` or `#a in (lo..hi)` ("#" inside for..of).
type StringCount struct {
	NamePos token.Pos  // position of "#"
	Name    string     // "#a", or "#"
	InPos   token.Pos  // position of "in", or token.NoPos
	In      *RangeExpr // range after "in", or nil
}

// StringOffset is a match offset `@a` or `@a[i]` ("@" inside for..of).
type StringOffset struct {
	NamePos token.Pos // position of "@"
	Name    string    // "@a", or "@"
	Lbrack  token.Pos // position of "[", or token.NoPos
	Index   Expr      // 1-based match index, or nil (meaning the first match)
	Rbrack  token.Pos // position of "]", or token.NoPos
}

// StringLength is a match length `!a` or `!a[i]` ("!" inside for..of).
type StringLength struct {
	NamePos token.Pos // position of "!"
	Name    string    // "!a", or "!"
	Lbrack  token.Pos // position of "[", or token.NoPos
	Index   Expr      // 1-based match index, or nil (meaning the first match)
	Rbrack  token.Pos // position of "]", or token.NoPos
}

// UnaryExpr is a unary operation: `not X`, `defined X`, `-X`, `~X`.
type UnaryExpr struct {
	OpPos token.Pos // position of the operator
	Op    Token     // NOT, DEFINED, SUB or BITNOT
	X     Expr      // operand
}

// BinaryExpr is a binary operation `X op Y`.
type BinaryExpr struct {
	X     Expr      // left operand
	OpPos token.Pos // position of the operator
	Op    Token     // AND, OR, comparison, string operator (CONTAINS ... MATCHES), or arithmetic/bitwise operator
	Y     Expr      // right operand
}

// ParenExpr is a parenthesized expression.
type ParenExpr struct {
	Lparen token.Pos // position of "("
	X      Expr      // inner expression
	Rparen token.Pos // position of ")"
}

// RangeExpr is a range `(lo..hi)` as used after "in". It is an Expr only so
// that it can be the Iterable of a ForInExpr; it never appears as an operand.
type RangeExpr struct {
	Lparen token.Pos // position of "("
	Lo     Expr      // lower bound (inclusive)
	Hi     Expr      // upper bound (inclusive)
	Rparen token.Pos // position of ")"
}

// ExprList is an enumeration `(e1, e2, ...)` iterated by a ForInExpr. It is
// an Expr only so that it can be the Iterable of a ForInExpr.
type ExprList struct {
	Lparen token.Pos // position of "("
	Items  []Expr    // the enumerated values (at least one)
	Rparen token.Pos // position of ")"
}

// QuantKind is the kind of a quantifier.
type QuantKind int

// The quantifiers.
const (
	QuantAll     QuantKind = iota + 1 // all
	QuantAny                          // any
	QuantNone                         // none
	QuantExpr                         // an expression: `2 of them`
	QuantPercent                      // a percentage: `50% of them`
)

// Quantifier is the quantity before "of" or after "for".
type Quantifier struct {
	Kind       QuantKind // which quantifier
	KeywordPos token.Pos // position of all/any/none, or token.NoPos
	Expr       Expr      // count or percentage for QuantExpr and QuantPercent, else nil
	Percent    token.Pos // position of "%" for QuantPercent, else token.NoPos
}

// StringPattern is one item of a string set: "$a", "$a*" or "$*".
type StringPattern struct {
	NamePos token.Pos // position of "$"
	Name    string    // as written, including "$" and any trailing "*"
}

// Wildcard reports whether the pattern ends with "*".
func (p *StringPattern) Wildcard() bool { return len(p.Name) > 0 && p.Name[len(p.Name)-1] == '*' }

// StringSet is the set of strings of an of/for..of: `them` or `($a, $b*)`.
type StringSet struct {
	Them   bool             // the set is `them` (Items is nil)
	Pos0   token.Pos        // position of "them" or "("
	Items  []*StringPattern // patterns in source order
	Rparen token.Pos        // position of ")", or token.NoPos for `them`
}

// RulePattern is one item of a rule set: "rule_a" or "rule_*".
type RulePattern struct {
	NamePos token.Pos // position of the name
	Name    string    // as written, including any trailing "*"
}

// Wildcard reports whether the pattern ends with "*".
func (p *RulePattern) Wildcard() bool { return len(p.Name) > 0 && p.Name[len(p.Name)-1] == '*' }

// RuleSet is a set of rules `(rule_a, rule_b*)` used with "of".
type RuleSet struct {
	Lparen token.Pos      // position of "("
	Items  []*RulePattern // patterns in source order
	Rparen token.Pos      // position of ")"
}

// OfExpr is `quantifier of set`, optionally followed by `in (lo..hi)` or
// `at X` (string sets only).
type OfExpr struct {
	Quantifier *Quantifier // how many
	OfPos      token.Pos   // position of "of"
	Set        Set         // *StringSet or *RuleSet
	InPos      token.Pos   // position of "in", or token.NoPos
	In         *RangeExpr  // range, or nil
	AtPos      token.Pos   // position of "at", or token.NoPos
	At         Expr        // offset, or nil
}

// ForOfExpr is `for quantifier of set : ( body )`.
type ForOfExpr struct {
	ForPos     token.Pos   // position of "for"
	Quantifier *Quantifier // how many
	OfPos      token.Pos   // position of "of"
	Set        *StringSet  // strings iterated
	Colon      token.Pos   // position of ":"
	Lparen     token.Pos   // position of "(" around the body
	Body       Expr        // boolean expression evaluated for each string ("$", "#", "@", "!" refer to it)
	Rparen     token.Pos   // position of ")" around the body
}

// ForInExpr is `for quantifier vars in iterable : ( body )`.
type ForInExpr struct {
	ForPos     token.Pos   // position of "for"
	Quantifier *Quantifier // how many
	Vars       []*Ident    // loop variables (one, or two for dictionaries)
	InPos      token.Pos   // position of "in"
	Iterable   Expr        // *RangeExpr, *ExprList, or an expression yielding an array or dictionary
	Colon      token.Pos   // position of ":"
	Lparen     token.Pos   // position of "(" around the body
	Body       Expr        // boolean expression evaluated for each iteration
	Rparen     token.Pos   // position of ")" around the body
}

// BadExpr is a placeholder for an expression that failed to parse.
type BadExpr struct {
	From, To token.Pos // extent of the bad expression
}

var quantNames = [...]string{
	QuantAll:     "all",
	QuantAny:     "any",
	QuantNone:    "none",
	QuantExpr:    "expr",
	QuantPercent: "percent",
}

// String returns "all", "any", "none", "expr" or "percent".
func (k QuantKind) String() string {
	if k > 0 && int(k) < len(quantNames) {
		return quantNames[k]
	}
	return "quantifier?"
}
