package content

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
)

// Walker looks inside one top-level object and everything nested in it.
type Walker struct {
	Sniff  Sniffer // selects the extractor of an object; nil sniffs nothing
	Limits Limits  // zero fields take their defaults
}

// Visit is called for every extracted object, outermost first, with its
// path (the top-level name, then each entry name) and its bytes.
type Visit func(path []string, data []byte) error

// Walk extracts every object nested in the top-level object r (size bytes,
// named name) and calls visit for each — not for the top-level object
// itself, which the caller scans directly. It returns the events reported
// (limits reached, encrypted or unsupported entries, corruption); a limit
// stops extraction but is not an error: what was extracted up to it has been
// visited. The error is ctx's, visit's, or an I/O error on r.
func (w *Walker) Walk(ctx context.Context, name string, r io.ReaderAt, size int64, visit Visit) ([]Event, error) {
	b := NewBudget(w.Limits, size)
	err := w.walk(ctx, b, []string{name}, r, size, 0, visit)
	if errors.Is(err, ErrLimit) {
		err = nil
	}
	return b.Events(), err
}

// walk extracts the object at path if it is a container, and recurses.
// depth counts half-levels: an archive's entry adds 2, a compressed
// stream's content 1.
func (w *Walker) walk(ctx context.Context, b *Budget, path []string, r io.ReaderAt, size int64, depth int, visit Visit) error {
	if w.Sniff == nil {
		return nil
	}
	head := make([]byte, min(size, HeadSize))
	if n, err := r.ReadAt(head, 0); err != nil && !(errors.Is(err, io.EOF) && n == len(head)) {
		if n < len(head) {
			head = head[:n]
		}
	}
	ext := w.Sniff(head, path[len(path)-1])
	if ext == nil {
		return nil
	}
	if depth >= 2*b.lim.MaxDepth {
		b.setPath(path)
		b.Event(EventLimit, "", "nesting depth limit (%d) reached: %s not opened", b.lim.MaxDepth, ext.Name())
		return nil
	}
	b.setPath(path)
	return ext.Extract(ctx, r, size, b, func(entry string, rd io.Reader) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := b.Entry(); err != nil {
			return err
		}
		child := path // an empty name: the container's own content (a compressed stream)
		if entry != "" {
			child = append(append([]string(nil), path...), entry)
		}
		data, readErr := w.read(ctx, b, entry, rd)
		if readErr != nil && !errors.Is(readErr, ErrLimit) && ctx.Err() == nil {
			// A damaged entry: scan what was read, say so, go on.
			b.Event(EventCorrupt, entry, "%v", readErr)
			readErr = nil
		}
		if err := visit(child, data); err != nil {
			return err
		}
		if readErr != nil {
			return readErr // a limit: what was read has been scanned
		}
		// A compressed stream's content is not a level of nesting a user
		// sees (x.tar.gz holds x.tar's entries), so it counts half: a tgz
		// inside a tgz is two levels. Depth is in half-levels below.
		next := depth + 2
		if entry == "" {
			next = depth + 1
		}
		err := w.walk(ctx, b, child, bytes.NewReader(data), int64(len(data)), next, visit)
		b.setPath(path) // back to this container for its next entries' events
		return err
	})
}

// read reads one yielded object into memory, charging the budget and
// stopping at MaxObject (reported as an event; the prefix is kept).
func (w *Walker) read(ctx context.Context, b *Budget, entry string, rd io.Reader) ([]byte, error) {
	data, more, err := readCapped(b.Reader(ctx, rd), b.lim.MaxObject)
	if more {
		b.Event(EventLimit, entry, "object size limit (%d bytes) reached: scanned the first %d bytes", b.lim.MaxObject, b.lim.MaxObject)
	}
	return data, err
}

// readChunk is the first buffer size of readCapped.
const readChunk = 64 << 10

// gcGrowth is the buffer size from which readCapped collects the buffer it
// outgrew at once: a few collections per huge object cost little next to
// reading it, and keep the peak heap near 1.5× the object, not 3×.
const gcGrowth = 32 << 20

// readCapped reads r to its end or to max bytes, and reports whether more
// followed. Unlike bytes.Buffer, it never grows its buffer beyond max, so a
// bomb's object costs at most max bytes plus the half-size buffer it
// outgrew.
func readCapped(r io.Reader, max int64) (buf []byte, more bool, err error) {
	buf = make([]byte, 0, min(int64(readChunk), max))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) >= max {
				var probe [1]byte
				n, err := io.ReadFull(r, probe[:])
				if err == io.EOF || err == io.ErrUnexpectedEOF {
					err = nil
				}
				return buf, n > 0, err
			}
			next := min(int64(cap(buf))*2, max)
			nb := make([]byte, len(buf), next)
			copy(nb, buf)
			buf = nb
			if next >= gcGrowth {
				// The outgrown half is garbage as big as a bomb's object:
				// collect it now rather than let the heap reach twice
				// the largest object before the collector runs.
				runtime.GC()
			}
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, false, nil
		}
		if err != nil {
			return buf, false, err
		}
	}
}
