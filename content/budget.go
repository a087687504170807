package content

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"
)

// Budget is the shared account of one top-level file's extraction: bytes
// expanded, objects yielded, time, and the events reported so far. The
// walker creates it; extractors read through it and report events to it.
type Budget struct {
	lim      Limits
	topSize  int64
	deadline time.Time

	mu       sync.Mutex
	expanded int64
	entries  int
	err      error // first limit error; sticky
	events   []Event
	path     []string // the container being extracted, for events
}

// NewBudget returns a budget for a top-level file of topSize bytes.
func NewBudget(lim Limits, topSize int64) *Budget {
	lim = lim.withDefaults()
	return &Budget{lim: lim, topSize: topSize, deadline: time.Now().Add(lim.Timeout)}
}

// Limits returns the limits in force, defaults applied.
func (b *Budget) Limits() Limits { return b.lim }

// Err returns the limit error that stopped extraction, or nil.
func (b *Budget) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Events returns the events reported so far.
func (b *Budget) Events() []Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Event(nil), b.events...)
}

// Event reports something the extractor of the current container could not
// do for entry (may be empty, for the container itself).
func (b *Budget) Event(kind EventKind, entry, format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.eventLocked(kind, entry, fmt.Sprintf(format, args...))
}

func (b *Budget) eventLocked(kind EventKind, entry, msg string) {
	p := append([]string(nil), b.path...)
	if entry != "" {
		p = append(p, entry)
	}
	b.events = append(b.events, Event{Kind: kind, Path: p, Message: msg})
}

// limitLocked records the first limit hit as an event and a sticky error.
func (b *Budget) limitLocked(msg string) error {
	if b.err == nil {
		b.err = fmt.Errorf("%w: %s", ErrLimit, msg)
		b.eventLocked(EventLimit, "", msg)
	}
	return b.err
}

// Limit reports that the extractor stopped the current container for a
// reason of its own that is a limit in spirit (e.g. overlapping zip entries,
// the mark of a zip bomb): it records an EventLimit and returns the sticky
// limit error, which the extractor returns.
func (b *Budget) Limit(format string, args ...any) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.limitLocked(fmt.Sprintf(format, args...))
}

// setPath sets the container that later events concern.
func (b *Budget) setPath(p []string) {
	b.mu.Lock()
	b.path = p
	b.mu.Unlock()
}

// Entry accounts for one more object about to be yielded; it returns the
// limit error when the entry count or the time budget is exhausted.
func (b *Budget) Entry() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return b.err
	}
	if b.entries >= b.lim.MaxEntries {
		return b.limitLocked(fmt.Sprintf("entry count limit (%d) reached", b.lim.MaxEntries))
	}
	if time.Now().After(b.deadline) {
		return b.limitLocked(fmt.Sprintf("time limit (%s) reached", b.lim.Timeout))
	}
	b.entries++
	return nil
}

// charge accounts for n more expanded bytes.
func (b *Budget) charge(n int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return b.err
	}
	b.expanded += n
	if b.expanded > b.lim.MaxExpanded {
		return b.limitLocked(fmt.Sprintf("expanded size limit (%d bytes) reached", b.lim.MaxExpanded))
	}
	if b.expanded > (b.topSize+MinRatioBase)*b.lim.MaxRatio {
		return b.limitLocked(fmt.Sprintf("expansion ratio limit (%d×) reached", b.lim.MaxRatio))
	}
	if time.Now().After(b.deadline) {
		return b.limitLocked(fmt.Sprintf("time limit (%s) reached", b.lim.Timeout))
	}
	return nil
}

// Reader wraps r so that every byte read from it is charged to the budget;
// once a limit is reached its Read returns the limit error. Extractors use
// it for decompressed data they consume themselves (e.g. a solid 7z block
// or a PDF stream they parse); objects passed to yield are charged by the
// walker.
func (b *Budget) Reader(ctx context.Context, r io.Reader) io.Reader {
	return &budgetReader{ctx: ctx, b: b, r: r}
}

type budgetReader struct {
	ctx context.Context
	b   *Budget
	r   io.Reader
}

func (br *budgetReader) Read(p []byte) (int, error) {
	if err := br.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := br.r.Read(p)
	if n > 0 {
		if cerr := br.b.charge(int64(n)); cerr != nil {
			return n, cerr
		}
	}
	return n, err
}
