package syntax

import "fmt"

// Messages used in *Error values. They follow the wording of yara's own
// diagnostics so that users see familiar text.
const (
	ErrSyntax          = "syntax error"
	ErrBadRange        = "bad character range"
	ErrMissingBracket  = "missing terminating ] for character class"
	ErrIllegalEscape   = "illegal escape sequence"
	ErrBackreference   = "backreferences are not allowed"
	ErrBadRepeat       = "bad repeat interval"
	ErrRepeatTooLarge  = "repeat interval too large"
	ErrNestingTooDeep  = "regular expression nested too deeply"
	ErrMissingParen    = "syntax error: missing )"
	ErrUnexpectedParen = "syntax error: unexpected )"
)

// Error is a parse error: what failed and where in the pattern.
type Error struct {
	// Offset is the byte offset in the pattern where the problem starts.
	Offset int
	// Msg is a lower-case message such as "bad character range".
	Msg string
}

// Error returns the message with its offset, e.g. "bad character range at offset 3".
func (e *Error) Error() string {
	return fmt.Sprintf("%s at offset %d", e.Msg, e.Offset)
}
