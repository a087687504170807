package scan

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progressEvery is how often the progress line is redrawn: often enough to
// look alive, rarely enough to cost nothing next to the scan.
const progressEvery = 200 * time.Millisecond

// progress draws "N files, SIZE scanned" on a terminal, in place.
type progress struct {
	w     io.Writer
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer) *progress { return &progress{w: w} }

// update redraws the line when it is due.
func (p *progress) update(files, bytes int64) {
	if p.w == nil || time.Since(p.last) < progressEvery {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r\x1b[K%d files, %s scanned", files, humanBytes(bytes))
	p.drawn = true
}

// clear erases the line, before other output and at the end, so the
// terminal is left as it was.
func (p *progress) clear() {
	if p.w != nil && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// humanBytes formats n with a binary unit, e.g. "1.5 MiB".
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// IsTerminal reports whether f is a terminal, the only place a progress
// line belongs: never in pipes, files or /dev/null.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	return isTerminal(f.Fd())
}
