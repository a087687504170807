package yara

import "github.com/overt-sec/overt/yara/diag"

// Diagnostic codes reported by this package (the front end and the checker
// have their own, see yara/syntax and yara/check).
const (
	// CodePattern is a string definition the pattern compiler rejects
	// (beyond a limit, or a regex the engine cannot run).
	CodePattern diag.Code = "E001"
	// CodeCondition is a condition the condition compiler rejects.
	CodeCondition diag.Code = "E002"
	// CodeExternal is an external variable of an unsupported type.
	CodeExternal diag.Code = "E003"
	// CodeAutomaton is a rule set whose atoms do not fit the automaton.
	CodeAutomaton diag.Code = "E004"
	// CodeSlowString warns that a string has no good atom: yara's
	// `string "$a" may slow down scanning`.
	CodeSlowString diag.Code = "W101"
	// CodeUnboundedDot warns about a regex repeating "." without an upper
	// bound: yara's `$a contains .*, .+ or .{x,} consider using ...`.
	CodeUnboundedDot diag.Code = "W102"
)
