package yara

// Limits of the engine. Each bounds what hostile rules or data can cost.
const (
	// DefaultMaxMatchesPerString is the number of matches kept per string
	// when ScanOptions.MaxMatchesPerString is 0: yara's YR_MAX_STRING_MATCHES
	// (1,000,000); past it the string's further matches are dropped with a
	// warning and the scan goes on.
	DefaultMaxMatchesPerString = 1_000_000

	// scanChunk is how many bytes the automaton scans between two checks of
	// the context and the deadline: small enough to stop within a
	// millisecond, large enough that the check costs nothing.
	scanChunk = 256 << 10

	// fullScanChunk is how many start offsets a full-scan string (one
	// without atoms) tries between two checks of the context and the
	// deadline: each offset may cost a regex run of up to 4 KiB, so the
	// range is much smaller than scanChunk.
	fullScanChunk = 4 << 10

	// maxReadSize is the largest file ScanFile reads into the scanner's
	// buffer instead of mapping it: reading a file from the page cache
	// costs one copy, mapping it costs page faults and an unmap, which
	// dominate for the small files that make up most of a file system; the
	// buffer, kept per scanner, stays small enough to cost little memory.
	maxReadSize = 1 << 20

	// hitBatch is the capacity of the scanner's buffer of automaton hits:
	// hits are verified in batches of this size, and the deadline is checked
	// after each batch, so that a flood of hits cannot delay a timeout.
	hitBatch = 4096

	// maxRulesFileSize bounds the rules file LoadRules accepts, so that a
	// corrupt length cannot make it allocate without bound: the largest
	// public rule sets save to a few megabytes.
	maxRulesFileSize = 1 << 30
)
