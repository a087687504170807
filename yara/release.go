package yara

// Per-object memory a scanner gives back once it is done with an object.
//
// Pages of a mapped file are dropped from the process's memory once the
// scan has passed them (see Scanner.releaseBehind): the file stays in the
// system's page cache, and a later read (a condition's uint32(x), a
// module's parser, a backward verification) faults the page back in. Without
// it, a scanned file counts in full in the scanner's resident memory until
// it is unmapped, and the largest file of a scan sets its peak memory.
const (
	// releaseStep is how many bytes of passed pages are released at once:
	// a few system calls per large file, each over a range large enough to
	// cost nothing per page.
	releaseStep = 4 << 20
	// releaseLag is how far behind the scan position pages are kept, so
	// that the backward verification of a hit (a hex or regex prefix, at
	// most a few KiB in practice) rarely faults a page back in.
	releaseLag = 256 << 10
)

// keepMatches is the largest capacity (in matches) of a string's match
// buffers that a scanner keeps from one object to the next: one object
// with millions of matches (Yara-Rules on a 59 MB library: ~300 MB of
// matches) would otherwise stay in the scanner for the rest of the scan.
// Smaller buffers are kept: with 4,096, the reallocations of strings
// matching thousands of times in many files raised the peak memory of
// Yara-Rules on the 50 MB corpus from 130 to 150–175 MB; 65,536 (at most
// ~3.5 MB per string) leaves it unchanged.
const keepMatches = 1 << 16

// releaseFn is releasePages; tests wrap it to see what is released.
var releaseFn = releasePages

// releaseBehind releases the pages of the mapped object below end (less
// releaseLag) not yet released; it does nothing unless the object is a
// mapped file.
func (s *Scanner) releaseBehind(end int) {
	if s.mapped == nil {
		return
	}
	end -= releaseLag
	end -= end % pageSize
	if end-s.released < releaseStep {
		return
	}
	releaseFn(s.mapped[s.released:end])
	s.released = end
}

// releaseAll releases every page of the mapped object not yet released,
// at the end of a pass over it.
func (s *Scanner) releaseAll() {
	if s.mapped == nil {
		return
	}
	releaseFn(s.mapped[s.released:])
	s.released = 0
}
