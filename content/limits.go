package content

import "time"

// Limits bound the work of looking inside one top-level file. The zero value
// of a field means its default.
type Limits struct {
	// MaxDepth is how many containers deep objects are extracted; the
	// top-level file is depth 0. Default DefaultMaxDepth.
	MaxDepth int
	// MaxExpanded is the total number of bytes all extractors of one
	// top-level file may produce. Default DefaultMaxExpanded.
	MaxExpanded int64
	// MaxRatio is the largest ratio of expanded bytes to the top-level file's
	// size (plus MinRatioBase) before extraction stops: a compression bomb
	// expands by thousands. Default DefaultMaxRatio.
	MaxRatio int64
	// MaxEntries is the total number of objects yielded for one top-level
	// file. Default DefaultMaxEntries.
	MaxEntries int
	// MaxObject is the largest single extracted object kept in memory for
	// scanning; a bigger one is scanned up to this size and reported.
	// Default DefaultMaxObject.
	MaxObject int64
	// Timeout bounds the time spent extracting one top-level file.
	// Default DefaultTimeout.
	Timeout time.Duration
}

// Defaults, each with its reason.
const (
	// DefaultMaxDepth: real documents nest a few levels (a mail holding a zip
	// holding a docx holding an OLE object), but every .tar.gz costs two (gzip,
	// then tar) and ClamAV's default recursion limit is 17; bombs are stopped
	// by the byte, ratio and entry limits, depth only bounds the stack.
	DefaultMaxDepth = 16
	// DefaultMaxExpanded: enough for large installers and disk images'
	// interesting parts, small enough that a bomb stops in seconds.
	DefaultMaxExpanded int64 = 1 << 30
	// DefaultMaxRatio: legitimate archives of text compress up to ~20–100×;
	// zeros compress ~1000×; a ratio beyond this is a bomb.
	DefaultMaxRatio int64 = 250
	// MinRatioBase is added to the file size before applying MaxRatio so
	// that tiny archives of small files are not stopped by the ratio.
	MinRatioBase int64 = 1 << 20
	// DefaultMaxEntries: archives of source trees hold tens of thousands of
	// files; a million-entry archive is an attack on the scanner.
	DefaultMaxEntries = 100_000
	// DefaultMaxObject: one extracted object is held in memory to be scanned.
	DefaultMaxObject int64 = 256 << 20
	// DefaultTimeout: per top-level file; scanning a file should never stall
	// a host for longer.
	DefaultTimeout = 60 * time.Second
)

// withDefaults returns l with zero fields replaced by defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxDepth == 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxExpanded == 0 {
		l.MaxExpanded = DefaultMaxExpanded
	}
	if l.MaxRatio == 0 {
		l.MaxRatio = DefaultMaxRatio
	}
	if l.MaxEntries == 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxObject == 0 {
		l.MaxObject = DefaultMaxObject
	}
	if l.Timeout == 0 {
		l.Timeout = DefaultTimeout
	}
	return l
}
