package check

import "github.com/overt-sec/overt/yara/diag"

// Diagnostic codes reported by this package. They are stable: tools and
// tests match on them, while messages may be reworded.
const (
	// CodeUndefinedString is a reference to a string the rule does not define
	// ($b, #b, @b, !b, or a set item such as $z* that matches nothing).
	CodeUndefinedString diag.Code = "C001"
	// CodeDuplicateString is a string identifier defined twice in one rule.
	CodeDuplicateString diag.Code = "C002"
	// CodeUnusedString is a string never referenced by the condition (names
	// starting with "$_" are exempt).
	CodeUnusedString diag.Code = "C003"
	// CodeAnonymousString is a bare $, #, @ or ! outside a for..of loop.
	CodeAnonymousString diag.Code = "C004"
	// CodeEmptyString is a text string with no bytes.
	CodeEmptyString diag.Code = "C005"
	// CodeModifierConflict is a pair of string modifiers that cannot be
	// combined (xor with nocase, base64 with nocase, fullword or xor, two
	// different base64 alphabets).
	CodeModifierConflict diag.Code = "C006"
	// CodeDuplicateRule is a rule name already used by a rule or an external
	// variable of the namespace.
	CodeDuplicateRule diag.Code = "C007"
	// CodeUndefinedIdent is an identifier that names no loop variable,
	// external variable, imported module or previously declared rule.
	CodeUndefinedIdent diag.Code = "C008"
	// CodeWildcardAfter is a rule whose name matches a wildcard rule set
	// (`1 of (a*)`) used by an earlier rule.
	CodeWildcardAfter diag.Code = "C009"
	// CodeUnknownModule is an import of a module that does not exist.
	CodeUnknownModule diag.Code = "C010"
	// CodeInvalidField is a field that the structure does not have.
	CodeInvalidField diag.Code = "C011"
	// CodeNotStruct is a field access on something that is not a structure.
	CodeNotStruct diag.Code = "C012"
	// CodeNotIndexable is a subscript of something that is neither an array
	// nor a dictionary, or a subscript of the wrong type.
	CodeNotIndexable diag.Code = "C013"
	// CodeNotFunction is a call of something that is not a function.
	CodeNotFunction diag.Code = "C014"
	// CodeWrongArguments is a call matching no overload of the function.
	CodeWrongArguments diag.Code = "C015"
	// CodeWrongUsage is a structure, array, dictionary or function used
	// where a value is needed.
	CodeWrongUsage diag.Code = "C016"
	// CodeTypeMismatch is an operator applied to operands of incompatible or
	// unsupported types.
	CodeTypeMismatch diag.Code = "C017"
	// CodeOverflow is a constant integer expression that overflows int64.
	CodeOverflow diag.Code = "C018"
	// CodeDivByZero is a division or remainder by a constant zero.
	CodeDivByZero diag.Code = "C019"
	// CodeNegativeShift is a shift by a constant negative count.
	CodeNegativeShift diag.Code = "C020"
	// CodeQuantifier is an invalid quantifier: not an integer, negative, or a
	// percentage outside 1..100.
	CodeQuantifier diag.Code = "C021"
	// CodeRange is an invalid range: bounds that are not integers, a
	// constant negative lower bound, or constant bounds in decreasing order.
	CodeRange diag.Code = "C022"
	// CodeLoop is a malformed loop: a variable declared twice, a variable
	// count the iterable does not yield, a non-iterable, nesting too deep or
	// nested for..of loops, or an enumeration of mixed or unsupported types.
	CodeLoop diag.Code = "C023"
	// CodeRegex is a regular expression the regex parser rejects.
	CodeRegex diag.Code = "C024"
	// CodeEmptySet is `them` in a rule without strings.
	CodeEmptySet diag.Code = "C025"
	// CodeExternal is an external variable whose value has an unsupported type.
	CodeExternal diag.Code = "C026"

	// CodeDeprecatedEntrypoint warns about the deprecated `entrypoint` keyword.
	CodeDeprecatedEntrypoint diag.Code = "W001"
	// CodeStringAsBool warns about a string literal used as a boolean.
	CodeStringAsBool diag.Code = "W002"
)
