package syntax

import "math"

// Limits of the front end. Each bounds the work or memory an attacker-chosen
// rule file can cause, or mirrors a limit YARA itself enforces.
const (
	// MaxIdentifierLength is the longest identifier (without its $ # @ ! sigil)
	// YARA accepts: yara reports "identifier too long" beyond 128 bytes.
	MaxIdentifierLength = 128

	// MaxNestingDepth bounds the nesting of expressions and hex alternatives,
	// so that hostile input cannot exhaust the stack of the recursive parser;
	// real rules nest a handful of levels.
	MaxNestingDepth = 200

	// MaxHexJump is the largest hex jump bound: yara stores bounds in a
	// 32-bit signed int and rejects [0-2147483648].
	MaxHexJump = math.MaxInt32

	// MaxLoopVars is the number of variables a for..in loop may declare:
	// one for arrays, ranges and enumerations, two (key, value) for dictionaries.
	MaxLoopVars = 2

	// DefaultMaxIncludeDepth is the include nesting yara allows by default
	// (YR_MAX_INCLUDE_DEPTH is 16).
	DefaultMaxIncludeDepth = 16

	// MaxIncludedFiles bounds the total number of include expansions of a
	// load, so that a diamond of includes cannot expand exponentially.
	MaxIncludedFiles = 10000

	// MaxErrorsPerFile bounds the diagnostics kept for one file: beyond it the
	// rest is noise, and a huge garbage file must not make a huge list.
	MaxErrorsPerFile = 1000
)
