package syntax

import (
	"go/token"
)

// Node is implemented by every node of the syntax tree.
type Node interface {
	// Pos is the position of the node's first byte.
	Pos() token.Pos
	// End is the position just after the node's last byte.
	End() token.Pos
}

// Expr is implemented by every expression node of a condition.
type Expr interface {
	Node
	exprNode()
}

// Decl is a top-level declaration of a file: *Import, *Include or *Rule.
type Decl interface {
	Node
	declNode()
}

// Pattern is the value of a string definition: *TextString, *HexString or *RegexString.
type Pattern interface {
	Node
	patternNode()
}

// HexToken is an element of a hex string: *HexByte, *HexJump or *HexAlt.
type HexToken interface {
	Node
	hexNode()
}

// Set is the operand of "of": *StringSet or *RuleSet.
type Set interface {
	Node
	setNode()
}

// ----------------------------------------------------------------------------
// Files and declarations

// File is one parsed source file.
type File struct {
	Name     string     // file name as given to ParseFile
	Start    token.Pos  // position of the first byte of the file
	EOF      token.Pos  // position just after the last byte of the file
	Decls    []Decl     // top-level declarations in source order: *Import, *Include, *Rule
	Comments []*Comment // all comments in source order (only with ParseComments)

	// ConditionTokens counts the tokens of the conditions of the file's
	// rules: a sizing hint for the passes over the conditions.
	ConditionTokens int
}

// Pos returns the position of the start of the file.
func (f *File) Pos() token.Pos { return f.Start }

// End returns the position of the end of the file.
func (f *File) End() token.Pos { return f.EOF }

// Comment is a // line comment or a /* */ block comment.
type Comment struct {
	Slash token.Pos // position of the leading "/"
	Text  string    // comment text including the delimiters; a // comment excludes the newline
}

// Pos returns the position of the leading "/".
func (c *Comment) Pos() token.Pos { return c.Slash }

// End returns the position just after the comment.
func (c *Comment) End() token.Pos { return c.Slash + token.Pos(len(c.Text)) }

// Import is an `import "module"` declaration.
type Import struct {
	ImportPos token.Pos  // position of the "import" keyword
	Path      *StringLit // module name
}

// Include is an `include "path"` declaration.
type Include struct {
	IncludePos token.Pos  // position of the "include" keyword
	Path       *StringLit // path of the included file, relative to the including file's directory
}

// Rule is a rule declaration.
type Rule struct {
	Global       bool         // rule is declared "global"
	GlobalPos    token.Pos    // position of "global", or token.NoPos
	Private      bool         // rule is declared "private"
	PrivatePos   token.Pos    // position of "private", or token.NoPos
	RulePos      token.Pos    // position of the "rule" keyword
	Name         *Ident       // rule name
	Colon        token.Pos    // position of ":" before the tags, or token.NoPos
	Tags         []*Ident     // tags in source order (nil if none)
	Lbrace       token.Pos    // position of "{"
	MetaPos      token.Pos    // position of the "meta" keyword, or token.NoPos if there is no meta section
	Meta         []*Meta      // metadata entries in source order
	StringsPos   token.Pos    // position of the "strings" keyword, or token.NoPos if there is no strings section
	Strings      []*StringDef // string definitions in source order
	ConditionPos token.Pos    // position of the "condition" keyword
	Condition    Expr         // the condition; nil only after a syntax error
	Rbrace       token.Pos    // position of "}"
}

// Meta is one `key = value` entry of a rule's meta section.
type Meta struct {
	Key    *Ident    // metadata identifier
	Assign token.Pos // position of "="
	Value  Expr      // *StringLit, *IntLit (possibly negative) or *BoolLit
}

// StringDef is one definition of a rule's strings section: `$name = value modifiers`.
type StringDef struct {
	NamePos   token.Pos   // position of "$"
	Name      string      // identifier including "$": "$a", or "$" for an anonymous string
	Assign    token.Pos   // position of "="
	Value     Pattern     // *TextString, *HexString or *RegexString
	Modifiers []*Modifier // modifiers in source order
}

// TextString is a double-quoted text pattern.
type TextString struct {
	ValuePos token.Pos // position of the opening quote
	Raw      string    // literal as written, including the quotes
	Value    []byte    // unescaped bytes
}

// HexString is a hex pattern `{ 4D 5A ?? [2-4] ( 01 | 02 ) }`.
//
// The parser validates the pattern and keeps only its text: a tree of
// tokens costs some fifty bytes per hex byte, and large rule sets hold
// hundreds of thousands of hex bytes. Tokens builds the tree on demand
// (Walk and Inspect visit a tree built for the walk).
type HexString struct {
	Lbrace token.Pos // position of "{"
	Text   string    // the source between the braces, comments included; empty only after a reported error
	Rbrace token.Pos // position of "}"
}

// HexByte is one byte of a hex pattern, possibly with wildcard nibbles and negated.
// A byte b matches when b&Mask == Value (or != Value when Not is set).
// "4D" is Value 0x4D Mask 0xFF; "4?" is 0x40/0xF0; "?D" is 0x0D/0x0F; "??" is 0x00/0x00.
type HexByte struct {
	NotPos   token.Pos // position of "~", or token.NoPos
	ValuePos token.Pos // position of the first of the two hex digits
	Not      bool      // negated: "~4D" matches any byte but 0x4D
	Value    byte      // byte value with the wildcard nibbles zeroed
	Mask     byte      // bits that must match: 0xFF, 0xF0, 0x0F or 0x00
}

// HexJump is a jump `[n]`, `[n-m]`, `[n-]` or `[-]` of a hex pattern.
type HexJump struct {
	Lbrack token.Pos // position of "["
	Min    int       // minimum number of bytes skipped
	Max    int       // maximum number of bytes skipped, or -1 for unbounded
	Rbrack token.Pos // position of "]"
}

// HexAlt is an alternative `( 01 02 | 03 )` of a hex pattern.
type HexAlt struct {
	Lparen       token.Pos    // position of "("
	Alternatives [][]HexToken // the alternatives, each a non-empty sequence of tokens
	Rparen       token.Pos    // position of ")"
}

// RegexString is a regular-expression pattern `/.../is` in a strings section.
type RegexString struct {
	Regex *RegexLit // the literal
}

// ModKind is the kind of a string modifier.
type ModKind int

// The string modifiers.
const (
	ModNocase     ModKind = iota + 1 // nocase
	ModWide                          // wide
	ModASCII                         // ascii
	ModFullword                      // fullword
	ModPrivate                       // private
	ModXor                           // xor, xor(n), xor(n-m)
	ModBase64                        // base64, base64("alphabet")
	ModBase64Wide                    // base64wide, base64wide("alphabet")
)

var modNames = [...]string{
	ModNocase:     "nocase",
	ModWide:       "wide",
	ModASCII:      "ascii",
	ModFullword:   "fullword",
	ModPrivate:    "private",
	ModXor:        "xor",
	ModBase64:     "base64",
	ModBase64Wide: "base64wide",
}

// String returns the modifier keyword.
func (k ModKind) String() string {
	if k > 0 && int(k) < len(modNames) {
		return modNames[k]
	}
	return "modifier?"
}

// Modifier is a string modifier, with its optional arguments.
type Modifier struct {
	Kind       ModKind    // which modifier
	KindPos    token.Pos  // position of the keyword
	Lparen     token.Pos  // position of "(" of the arguments, or token.NoPos
	HasXorArgs bool       // xor had arguments: xor(n) or xor(n-m)
	XorMin     int        // first xor key (0 without arguments)
	XorMax     int        // last xor key (255 without arguments; equals XorMin for xor(n))
	Alphabet   *StringLit // custom base64 alphabet, or nil (the alphabet length is checked by the parser)
	Rparen     token.Pos  // position of ")" of the arguments, or token.NoPos
}
