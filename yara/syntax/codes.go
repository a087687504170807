package syntax

import "github.com/overt-sec/overt/yara/diag"

// Diagnostic codes reported by this package. They are stable: tools and
// tests match on them, while messages may be reworded.
const (
	// CodeSyntax is an unexpected token: "expected X, found Y".
	CodeSyntax diag.Code = "S001"
	// CodeIllegalChar is a byte that cannot start any token.
	CodeIllegalChar diag.Code = "S002"
	// CodeUnterminatedString is a text string missing its closing quote on its line.
	CodeUnterminatedString diag.Code = "S003"
	// CodeInvalidEscape is an escape sequence YARA does not accept in a text string.
	CodeInvalidEscape diag.Code = "S004"
	// CodeIntOverflow is an integer literal that does not fit in int64.
	CodeIntOverflow diag.Code = "S005"
	// CodeBadNumber is a malformed number literal such as "0x" or "0o8".
	CodeBadNumber diag.Code = "S006"
	// CodeIdentTooLong is an identifier longer than MaxIdentifierLength.
	CodeIdentTooLong diag.Code = "S007"
	// CodeUnterminatedRegex is a regular expression missing its closing slash on its line.
	CodeUnterminatedRegex diag.Code = "S008"
	// CodeRegexFlags is a regular expression with flags other than "i", "s" or "is".
	CodeRegexFlags diag.Code = "S009"
	// CodeUnterminatedComment is a /* comment that runs to the end of the file (a warning: yara accepts it).
	CodeUnterminatedComment diag.Code = "S010"
	// CodeHexSyntax is a malformed hex string.
	CodeHexSyntax diag.Code = "S011"
	// CodeHexJump is an invalid hex jump: [0], min > max, a bound too large,
	// an unbounded jump inside an alternative, or a jump at an edge.
	CodeHexJump diag.Code = "S012"
	// CodeDuplicateTag is a tag listed twice on one rule.
	CodeDuplicateTag diag.Code = "S013"
	// CodeDuplicateModifier is a string modifier given twice.
	CodeDuplicateModifier diag.Code = "S014"
	// CodeModifierNotAllowed is a modifier that the kind of string does not accept
	// (hex strings accept only private; regular expressions accept no xor or base64).
	CodeModifierNotAllowed diag.Code = "S015"
	// CodeModifierArg is an invalid modifier argument: xor key outside 0..255,
	// xor range with min > max, base64 alphabet not 64 bytes long.
	CodeModifierArg diag.Code = "S016"
	// CodeEmptyImport is `import ""`.
	CodeEmptyImport diag.Code = "S017"
	// CodeTooDeep is an expression or hex string nested deeper than MaxNestingDepth.
	CodeTooDeep diag.Code = "S018"
	// CodeInclude is a failed include: missing file, cycle, depth limit,
	// includes disabled, or too many included files.
	CodeInclude diag.Code = "S019"
	// CodeBoolOperand is a boolean expression used where YARA's grammar
	// wants a primary (arithmetic) expression, e.g. `true == true` or `(1 == 1) + 1`.
	CodeBoolOperand diag.Code = "S020"
	// CodeLoopVars is a for..in loop with more than MaxLoopVars variables.
	CodeLoopVars diag.Code = "S021"
	// CodeTooManyErrors is reported once when a file exceeds MaxErrorsPerFile.
	CodeTooManyErrors diag.Code = "S022"
)
