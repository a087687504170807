// Package content looks inside containers: archives, compressed streams,
// documents and mail. A sniffed type selects an Extractor; every object it
// yields is scanned like a file and may itself be a container, down to a
// depth limit. Every object is named by its path through the containers
// (outer.tar.gz!backup/middle.7z!inner.zip!report.docx!word/document.xml).
//
// Hostile input is the normal case: every extractor works under Limits
// (depth, bytes, ratio, entries, time) that a Budget shared by one top-level
// file enforces, and reports what it could not do as Events — a limit hit,
// an encrypted entry, a corrupt stream — never silently. What was read before
// a limit stopped it is still yielded and scanned.
package content

import (
	"context"
	"errors"
	"io"
)

// Extractor opens one kind of container.
type Extractor interface {
	// Name is the container kind, e.g. "zip", "gzip", "pdf"; it appears in events.
	Name() string
	// Extract yields every object inside the container held in r (size bytes).
	// Each object is passed to yield with its name inside the container (an
	// entry path, or a view name such as "#text" for a document's text view;
	// the empty name for a compressed stream's content, which keeps the
	// container's own path: x.tar.gz!a, not x.tar.gz!x.tar!a) and a reader of its content; yield must be called sequentially and the
	// reader is only valid during the call. Extract reads within the budget b:
	// it calls b.Entry before each object, reads objects through b.Reader (or
	// b.Read) so expanded bytes and ratio are counted, and returns the
	// budget's error (ErrLimit) or ctx.Err() as soon as either is set.
	// Problems that stop one entry but not the container (encrypted,
	// unsupported method, corrupt entry) are reported with b.Event and
	// extraction goes on.
	Extract(ctx context.Context, r io.ReaderAt, size int64, b *Budget, yield func(name string, rd io.Reader) error) error
}

// Sniffer recognises a container kind from the first bytes of an object and
// its name, and returns the extractor for it, or nil.
type Sniffer func(head []byte, name string) Extractor

// HeadSize is how many leading bytes a Sniffer is given: enough for every
// magic number (tar's "ustar" sits at offset 257; ISO 9660's "CD001" at 32769).
const HeadSize = 34 << 10

// ErrLimit is wrapped by the errors that report a limit being reached.
var ErrLimit = errors.New("content limit reached")

// EventKind classifies an Event.
type EventKind int

// The kinds of events.
const (
	EventLimit       EventKind = iota + 1 // a limit stopped extraction (depth, bytes, ratio, entries, time)
	EventEncrypted                        // an entry is encrypted and could not be scanned
	EventUnsupported                      // an entry uses a method or feature we cannot decode
	EventCorrupt                          // the container or an entry is damaged; what could be read was yielded
)

// String names the kind as printed in output: "limit", "encrypted", …
func (k EventKind) String() string {
	switch k {
	case EventLimit:
		return "limit"
	case EventEncrypted:
		return "encrypted"
	case EventUnsupported:
		return "unsupported"
	case EventCorrupt:
		return "corrupt"
	}
	return "event"
}

// Event reports something an extractor could not do.
type Event struct {
	Kind    EventKind
	Path    []string // the object it concerns: container path, then entry name if any
	Message string   // what happened, e.g. "expanded size limit (256 MiB) reached"
}
