package ac

// Limits. Every one keeps Build's time and memory bounded whatever the input.
const (
	// MaxPatternLen is the longest pattern accepted: atoms are short (YARA
	// picks at most a few bytes), longer patterns add states without making
	// the prefilter more selective, and split scans must overlap by this much.
	MaxPatternLen = 256

	// MaxPatterns is the largest number of patterns: ten times the largest
	// public rule sets' atom counts, and small enough that every pattern index
	// fits comfortably in a uint32 hit.
	MaxPatterns = 1 << 22

	// MaxTotalLen bounds the summed pattern lengths, hence the number of
	// states, so that state ids fit in 31 bits and Build's memory stays in
	// the hundreds of megabytes at worst.
	MaxTotalLen = 1 << 26

	// DefaultDenseBytes is the default budget for the dense (DFA) rows: large
	// enough for the start state and its neighbours in every realistic rule
	// set, small enough to stay in the CPU's L2/L3 caches, which matters more
	// for speed than avoiding failure-link walks in the rarely visited deep
	// states.
	DefaultDenseBytes = 1 << 20

	// MaxDenseBytes caps Options.DenseBytes, so that a caller cannot ask for
	// a transition table that does not fit the 31-bit premultiplied ids.
	MaxDenseBytes = 1 << 30

	// MaxCaseVariants caps CaseVariants: a pattern with n ASCII letters has
	// 2^n variants, so the atom picker must keep case-insensitive atoms short.
	MaxCaseVariants = 1 << 8
)

// matchBit marks, in a state id, a state that has at least one output.
const matchBit = 1 << 31
