package syntax

import "strconv"

// Token is the set of lexical tokens of the YARA rule language.
type Token int

// The list of tokens.
const (
	// ILLEGAL is an invalid character or malformed token.
	ILLEGAL Token = iota
	// EOF marks the end of the input.
	EOF
	// COMMENT is a // or /* */ comment.
	COMMENT

	literalBeg
	// IDENT is an identifier: rule name, tag, module, field, loop variable.
	IDENT
	// INT is an integer literal: 12, 0x1F, 0o17, 10KB, 2MB.
	INT
	// FLOAT is a floating-point literal: 1.5.
	FLOAT
	// STRING is a double-quoted text string literal.
	STRING
	// REGEX is a regular expression literal /.../is (scanned on the parser's request).
	REGEX
	// STRINGID is a string identifier: $a, $, $a* (wildcard), $* (wildcard).
	STRINGID
	// STRINGCOUNT is a string count: #a or # (inside for..of).
	STRINGCOUNT
	// STRINGOFFSET is a string offset: @a or @ (inside for..of).
	STRINGOFFSET
	// STRINGLENGTH is a string match length: !a or ! (inside for..of).
	STRINGLENGTH
	literalEnd

	operatorBeg
	// ADD is "+".
	ADD
	// SUB is "-".
	SUB
	// MUL is "*".
	MUL
	// DIV is "\" (YARA's integer division operator).
	DIV
	// MOD is "%".
	MOD
	// BITAND is "&".
	BITAND
	// BITOR is "|".
	BITOR
	// BITXOR is "^".
	BITXOR
	// BITNOT is "~".
	BITNOT
	// SHL is "<<".
	SHL
	// SHR is ">>".
	SHR
	// EQL is "==".
	EQL
	// NEQ is "!=".
	NEQ
	// LSS is "<".
	LSS
	// LEQ is "<=".
	LEQ
	// GTR is ">".
	GTR
	// GEQ is ">=".
	GEQ
	// ASSIGN is "=".
	ASSIGN
	// LPAREN is "(".
	LPAREN
	// RPAREN is ")".
	RPAREN
	// LBRACK is "[".
	LBRACK
	// RBRACK is "]".
	RBRACK
	// LBRACE is "{".
	LBRACE
	// RBRACE is "}".
	RBRACE
	// COMMA is ",".
	COMMA
	// PERIOD is ".".
	PERIOD
	// DOTDOT is "..".
	DOTDOT
	// COLON is ":".
	COLON
	// SLASH is "/" (starts a regular expression).
	SLASH
	operatorEnd

	keywordBeg
	// ALL is the keyword "all".
	ALL
	// AND is the keyword "and".
	AND
	// ANY is the keyword "any".
	ANY
	// ASCII is the keyword "ascii".
	ASCII
	// AT is the keyword "at".
	AT
	// BASE64 is the keyword "base64".
	BASE64
	// BASE64WIDE is the keyword "base64wide".
	BASE64WIDE
	// CONDITION is the keyword "condition".
	CONDITION
	// CONTAINS is the keyword "contains".
	CONTAINS
	// DEFINED is the keyword "defined".
	DEFINED
	// ENDSWITH is the keyword "endswith".
	ENDSWITH
	// ENTRYPOINT is the keyword "entrypoint".
	ENTRYPOINT
	// FALSE is the keyword "false".
	FALSE
	// FILESIZE is the keyword "filesize".
	FILESIZE
	// FOR is the keyword "for".
	FOR
	// FULLWORD is the keyword "fullword".
	FULLWORD
	// GLOBAL is the keyword "global".
	GLOBAL
	// ICONTAINS is the keyword "icontains".
	ICONTAINS
	// IENDSWITH is the keyword "iendswith".
	IENDSWITH
	// IEQUALS is the keyword "iequals".
	IEQUALS
	// IMPORT is the keyword "import".
	IMPORT
	// IN is the keyword "in".
	IN
	// INCLUDE is the keyword "include".
	INCLUDE
	// INT8 is the keyword "int8".
	INT8
	// INT16 is the keyword "int16".
	INT16
	// INT32 is the keyword "int32".
	INT32
	// INT8BE is the keyword "int8be".
	INT8BE
	// INT16BE is the keyword "int16be".
	INT16BE
	// INT32BE is the keyword "int32be".
	INT32BE
	// ISTARTSWITH is the keyword "istartswith".
	ISTARTSWITH
	// MATCHES is the keyword "matches".
	MATCHES
	// META is the keyword "meta".
	META
	// NOCASE is the keyword "nocase".
	NOCASE
	// NONE is the keyword "none".
	NONE
	// NOT is the keyword "not".
	NOT
	// OF is the keyword "of".
	OF
	// OR is the keyword "or".
	OR
	// PRIVATE is the keyword "private".
	PRIVATE
	// RULE is the keyword "rule".
	RULE
	// STARTSWITH is the keyword "startswith".
	STARTSWITH
	// STRINGS is the keyword "strings".
	STRINGS
	// THEM is the keyword "them".
	THEM
	// TRUE is the keyword "true".
	TRUE
	// UINT8 is the keyword "uint8".
	UINT8
	// UINT16 is the keyword "uint16".
	UINT16
	// UINT32 is the keyword "uint32".
	UINT32
	// UINT8BE is the keyword "uint8be".
	UINT8BE
	// UINT16BE is the keyword "uint16be".
	UINT16BE
	// UINT32BE is the keyword "uint32be".
	UINT32BE
	// WIDE is the keyword "wide".
	WIDE
	// XOR is the keyword "xor".
	XOR
	keywordEnd
)

var tokens = [...]string{
	ILLEGAL: "ILLEGAL",
	EOF:     "EOF",
	COMMENT: "COMMENT",

	IDENT:        "IDENT",
	INT:          "INT",
	FLOAT:        "FLOAT",
	STRING:       "STRING",
	REGEX:        "REGEX",
	STRINGID:     "STRINGID",
	STRINGCOUNT:  "STRINGCOUNT",
	STRINGOFFSET: "STRINGOFFSET",
	STRINGLENGTH: "STRINGLENGTH",

	ADD:    "+",
	SUB:    "-",
	MUL:    "*",
	DIV:    "\\",
	MOD:    "%",
	BITAND: "&",
	BITOR:  "|",
	BITXOR: "^",
	BITNOT: "~",
	SHL:    "<<",
	SHR:    ">>",
	EQL:    "==",
	NEQ:    "!=",
	LSS:    "<",
	LEQ:    "<=",
	GTR:    ">",
	GEQ:    ">=",
	ASSIGN: "=",
	LPAREN: "(",
	RPAREN: ")",
	LBRACK: "[",
	RBRACK: "]",
	LBRACE: "{",
	RBRACE: "}",
	COMMA:  ",",
	PERIOD: ".",
	DOTDOT: "..",
	COLON:  ":",
	SLASH:  "/",

	ALL:         "all",
	AND:         "and",
	ANY:         "any",
	ASCII:       "ascii",
	AT:          "at",
	BASE64:      "base64",
	BASE64WIDE:  "base64wide",
	CONDITION:   "condition",
	CONTAINS:    "contains",
	DEFINED:     "defined",
	ENDSWITH:    "endswith",
	ENTRYPOINT:  "entrypoint",
	FALSE:       "false",
	FILESIZE:    "filesize",
	FOR:         "for",
	FULLWORD:    "fullword",
	GLOBAL:      "global",
	ICONTAINS:   "icontains",
	IENDSWITH:   "iendswith",
	IEQUALS:     "iequals",
	IMPORT:      "import",
	IN:          "in",
	INCLUDE:     "include",
	INT8:        "int8",
	INT16:       "int16",
	INT32:       "int32",
	INT8BE:      "int8be",
	INT16BE:     "int16be",
	INT32BE:     "int32be",
	ISTARTSWITH: "istartswith",
	MATCHES:     "matches",
	META:        "meta",
	NOCASE:      "nocase",
	NONE:        "none",
	NOT:         "not",
	OF:          "of",
	OR:          "or",
	PRIVATE:     "private",
	RULE:        "rule",
	STARTSWITH:  "startswith",
	STRINGS:     "strings",
	THEM:        "them",
	TRUE:        "true",
	UINT8:       "uint8",
	UINT16:      "uint16",
	UINT32:      "uint32",
	UINT8BE:     "uint8be",
	UINT16BE:    "uint16be",
	UINT32BE:    "uint32be",
	WIDE:        "wide",
	XOR:         "xor",
}

// String returns the token's spelling for operators and keywords, and its
// name (IDENT, INT, ...) for the other tokens.
func (tok Token) String() string {
	if 0 <= tok && int(tok) < len(tokens) && tokens[tok] != "" {
		return tokens[tok]
	}
	return "token(" + strconv.Itoa(int(tok)) + ")"
}

var keywords map[string]Token

func init() {
	keywords = make(map[string]Token, keywordEnd-keywordBeg)
	for i := keywordBeg + 1; i < keywordEnd; i++ {
		keywords[tokens[i]] = i
	}
}

// Lookup maps an identifier to its keyword token, or IDENT if it is not a keyword.
func Lookup(ident string) Token {
	if tok, ok := keywords[ident]; ok {
		return tok
	}
	return IDENT
}

// IsKeyword reports whether name is a reserved word of YARA 4.5.
func IsKeyword(name string) bool {
	_, ok := keywords[name]
	return ok
}

// IsLiteral reports whether tok is an identifier or a literal.
func (tok Token) IsLiteral() bool { return literalBeg < tok && tok < literalEnd }

// IsOperator reports whether tok is an operator or delimiter.
func (tok Token) IsOperator() bool { return operatorBeg < tok && tok < operatorEnd }

// IsKeyword reports whether tok is a keyword.
func (tok Token) IsKeyword() bool { return keywordBeg < tok && tok < keywordEnd }

// IsIntegerFunction reports whether tok names one of the built-in integer
// reading functions (int8 ... uint32be).
func (tok Token) IsIntegerFunction() bool {
	switch tok {
	case INT8, INT16, INT32, INT8BE, INT16BE, INT32BE,
		UINT8, UINT16, UINT32, UINT8BE, UINT16BE, UINT32BE:
		return true
	}
	return false
}

// Precedence levels of binary operators, from the loosest to the tightest,
// following the table in YARA's writingrules.rst. Unary "not" and "defined"
// sit between "and" and the equality operators; unary "-" and "~" bind
// tighter than every binary operator.
const (
	// LowestPrec is the precedence of a non-operator.
	LowestPrec = 0
	precOr     = 1
	precAnd    = 2
	// precNot is the precedence of the operand of "not" and "defined".
	precNot = 3
	precEql = 4
	precRel = 5
	// precOf (6) is the binding of "of" after a quantifier: see expr.go.
	precBitOr = 7
	precXor   = 8
	precBitAn = 9
	precShift = 10
	precAdd   = 11
	precMul   = 12
	// UnaryPrec is the precedence of unary "-" and "~".
	UnaryPrec = 13
)

// Precedence returns the binary-operator precedence of tok, or LowestPrec
// if tok is not a binary operator.
func (tok Token) Precedence() int {
	switch tok {
	case OR:
		return precOr
	case AND:
		return precAnd
	case EQL, NEQ, CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH, IEQUALS, MATCHES:
		return precEql
	case LSS, LEQ, GTR, GEQ:
		return precRel
	case BITOR:
		return precBitOr
	case BITXOR:
		return precXor
	case BITAND:
		return precBitAn
	case SHL, SHR:
		return precShift
	case ADD, SUB:
		return precAdd
	case MUL, DIV, MOD:
		return precMul
	}
	return LowestPrec
}
