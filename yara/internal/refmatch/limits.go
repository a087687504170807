package refmatch

// Limits of the reference matcher. The first two mirror limits of YARA
// itself; the others only keep the oracle's own cost bounded on hostile input.
const (
	// MaxRegexMatchLength is the longest match a regex string can have: YARA
	// stops a regex scan 4096 bytes after the start of a match (observed:
	// /a.*b/ matches a, 4094 bytes, b but not a, 4095 bytes, b), so the
	// reference only lets a regex see that many bytes from its start offset.
	MaxRegexMatchLength = 4096

	// MaxMatchesPerString is YARA's default cap on the matches recorded for
	// one string (YR_MAX_STRING_MATCHES); FindAll stops there and reports
	// ErrTooManyMatches, as yara stops recording and warns.
	MaxMatchesPerString = 1000000

	// MaxProgramLen bounds the number of instructions a regex or hex string
	// compiles to after its counted repetitions are unrolled, so that a
	// pattern like (a{1000}){1000} fails instead of exhausting memory.
	MaxProgramLen = 1 << 16

	// MaxXorKey is the largest xor key: keys are single bytes.
	MaxXorKey = 255
)
