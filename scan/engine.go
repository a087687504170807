package scan

import (
	"context"
	"io"

	"github.com/overt-sec/overt/yara"
)

// Engine is compiled rules ready to scan: it is shared by every worker and
// must be safe for concurrent use. Each worker asks it for its own Scanner.
type Engine interface {
	// NewScanner returns a scanner used by one goroutine at a time.
	NewScanner() Scanner
}

// Scanner scans one object at a time.
type Scanner interface {
	// Scan matches the rules against obj and reports every non-private rule
	// (see Outcome). It must stop soon after ctx is done and then return
	// ctx.Err() (context.DeadlineExceeded is reported as yara's
	// "scanning timed out").
	Scan(ctx context.Context, obj *Object) (*Outcome, error)
}

// Target names one object to scan.
type Target struct {
	// Path names the object as printed: Path[0] is the file system path
	// exactly as yara prints it (the directory as given, "/", the entry
	// name); later elements name entries inside containers, outermost first.
	Path []string
	// File is the file system path to open.
	File string
	// Size is the file's size when it was listed, in bytes.
	Size int64
	// PID, when positive, makes the target the memory of that process
	// (File is then empty).
	PID int
}

// Name returns the object's name as yara's text output prints it: the path
// components joined by "!".
func (t *Target) Name() string {
	if len(t.Path) == 1 {
		return t.Path[0]
	}
	n := ""
	for i, p := range t.Path {
		if i > 0 {
			n += "!"
		}
		n += p
	}
	return n
}

// Object is an opened target handed to a Scanner.
type Object struct {
	Target
	// Data reads the object's bytes; it is an *os.File for plain files, so an
	// engine may map it instead of reading it.
	Data io.ReaderAt
	// Bytes holds the content of an object extracted from a container
	// (--unpack); File is then empty and Data reads Bytes.
	Bytes []byte
	// Blocks, when not nil, makes the object a process's memory: Data
	// reads at virtual addresses and the blocks are scanned separately
	// (yara.Scanner.ScanBlocks).
	Blocks []yara.Block
}

// Outcome is what a Scanner found in one object.
type Outcome struct {
	// Rules holds every rule in declaration order with whether it matched.
	// Engines may omit rules that did not match unless the scan negates
	// (Config.Negate); private rules may be present and are never printed.
	Rules []RuleResult
	// Warnings raised while scanning, in order.
	Warnings []yara.ScanWarning
	// Console holds the console module's messages, in order, ready to print.
	Console []string
	// ModuleData is the dump of the imported modules' data for -D, ready to
	// print (empty when not asked for).
	ModuleData []byte
}

// RuleResult is one rule's result for one object.
type RuleResult struct {
	yara.MatchingRule
	// Matched reports whether the rule's condition was true.
	Matched bool
}
