package gen

import "errors"

// Sentinel errors of the generator, wrapped with details by the functions
// that return them.
var (
	// ErrUnsupported reports a string the generator cannot instantiate
	// (for example a regex whose assertions no attempt could satisfy).
	ErrUnsupported = errors.New("cannot instantiate string")
	// ErrTooLong reports an instance that would exceed MaxInstanceLen.
	ErrTooLong = errors.New("instance too long")
	// ErrNoNearMiss reports a string without a mandatory literal byte to
	// flip, so no near miss can be built.
	ErrNoNearMiss = errors.New("no literal byte to flip for a near miss")
)
