package exe

import (
	"context"
	"io"
	"sync"

	"github.com/overt-sec/overt/content"
)

// Handler finds objects inside one kind of executable.
type Handler struct {
	// Name names the kind, e.g. "nsis", "upx"; it appears in events.
	Name string
	// Extract yields the objects found in f through yield, under the
	// budget b, with the contract of content.Extractor.Extract. It returns
	// handled == false at once, without events, when f is not its kind.
	Extract func(ctx context.Context, f *File, b *content.Budget, yield func(name string, rd io.Reader) error) (handled bool, err error)
}

var (
	mu       sync.RWMutex
	handlers []Handler
)

// Register adds h to the handlers run on every PE file, after those
// registered before it. Handler packages call it from init.
func Register(h Handler) {
	mu.Lock()
	defer mu.Unlock()
	handlers = append(handlers, h)
}

func init() {
	// Fallback priority: formats that happen to be PE files with a better
	// extractor (a zip self-extractor found by its own sniffer) keep it.
	content.RegisterPriority(content.PriorityFallback+50, func(head []byte, name string) content.Extractor {
		if !IsPE(head) {
			return nil
		}
		mu.RLock()
		n := len(handlers)
		mu.RUnlock()
		if n == 0 {
			return nil
		}
		return extractor{}
	})
}

type extractor struct{}

func (extractor) Name() string { return "pe" }

func (extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(name string, rd io.Reader) error) error {
	f, err := Parse(r, size)
	if err != nil {
		return nil // sniffed as PE but headers are broken: nothing to open
	}
	mu.RLock()
	hs := append([]Handler(nil), handlers...)
	mu.RUnlock()
	for _, h := range hs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := h.Extract(ctx, f, b, yield); err != nil {
			return err
		}
	}
	return nil
}
