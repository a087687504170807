package gen

// Limits of the generator. Rules are attacker-controlled input for the bench
// as much as for the engine, so every size the generator derives from a rule
// is capped.
const (
	// MaxInstanceLen is the longest instance Instantiate returns: a string
	// whose smallest instance is longer (a{30000}{30000}) is reported as an
	// error instead of exhausting memory.
	MaxInstanceLen = 1 << 16

	// MaxRepeatExtra is how many iterations beyond its minimum a regex
	// repeat may take: small counts keep instances short while still
	// exercising the loop.
	MaxRepeatExtra = 3

	// MaxJumpExtra is how many bytes beyond its minimum a hex jump may
	// skip, for unbounded jumps and for the random choice within a wide
	// range; YARA's own matching of such jumps is what is under test, not
	// the file size.
	MaxJumpExtra = 48

	// MaxAttempts bounds the retries of a random generation whose result
	// violated a zero-width assertion (\b, ^, $) or came out empty.
	MaxAttempts = 32

	// MaxSteps bounds the nodes visited while generating one regex
	// instance, so that deeply nested repeats cannot make generation slow.
	MaxSteps = 1 << 16
)
