package pattern

import "github.com/overt-sec/overt/yara/regex"

// Limits. Each bounds the work or memory an attacker-chosen rule can cost, or
// mirrors one of YARA's.
const (
	// MaxAtomLen is the longest atom: YARA's atoms are at most 4 bytes, which
	// is selective enough while keeping the automaton small.
	MaxAtomLen = 4

	// MaxAtomVariants bounds the byte strings one atom site expands to (case
	// variants under nocase, small classes): 16 covers 4 case-folded letters.
	MaxAtomVariants = 16

	// MaxAtomsPerString bounds the atoms of one string (xor gives 256 keys
	// times two forms); a hex or regex atom choice needing more is rejected
	// in favour of another, or the string becomes full scan.
	MaxAtomsPerString = 1024

	// ScanLimit is YARA's regex scan limit: a regex match spans at most this
	// many bytes, so a backward search from an atom never looks further.
	ScanLimit = regex.ScanLimit

	// MaxProgramInsts bounds this package's own programs (hex strings and
	// reversed prefixes) after counted repeats are expanded, as the regex
	// package bounds its own: the Pike VM's cost grows with the program.
	MaxProgramInsts = regex.MaxInstructions

	// MaxXorKey is the largest xor key: keys are single bytes.
	MaxXorKey = 255

	// maxTreeDepth bounds the recursion over syntax trees; deeper trees are
	// refused rather than risking the goroutine stack.
	maxTreeDepth = 10000
)
