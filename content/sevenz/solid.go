package sevenz

import (
	"context"
	"errors"
	"io"

	"github.com/bodgit/sevenzip"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/iox"
)

// MaxSolidSkip bounds the data of a file left unread (past the object size
// limit) that is decoded only to reach the next file of its solid block:
// it costs decoding time (LZMA runs at ~60 MB/s) and nothing is scanned,
// which is how a solid bomb of many gigabytes would stall the scanner.
const MaxSolidSkip = 64 << 20

// solid tracks the files of each solid block (the library's Stream).
type solid struct {
	last map[int]int  // stream → index of its last regular file
	skip map[int]bool // streams whose remaining files are skipped
}

func newSolid(files []*sevenzip.File) *solid {
	s := &solid{last: map[int]int{}, skip: map[int]bool{}}
	for i, f := range files {
		if !f.FileInfo().IsDir() {
			s.last[f.Stream] = i
		}
	}
	return s
}

func (s *solid) skipped(f *sevenzip.File) bool { return s.skip[f.Stream] }

// finish is called after file i, of which cr counted what the walker read,
// was yielded. If a later file shares its block, the rest of file i is
// decoded here, counted by the budget (the library would otherwise decode
// it uncounted to reach that file) — or, when the header says it is more
// than MaxSolidSkip, the block's remaining files are skipped with a limit
// event.
func (s *solid) finish(ctx context.Context, b *content.Budget, i int, f *sevenzip.File, cr *iox.CountReader) error {
	if s.last[f.Stream] <= i {
		return nil
	}
	if rest := int64(f.UncompressedSize) - cr.N; rest > MaxSolidSkip || rest < 0 {
		s.skip[f.Stream] = true
		b.Event(content.EventLimit, "", "7z: files after %q in its solid block skipped: reaching them means decoding %d unscanned bytes (limit %d)",
			f.Name, rest, MaxSolidSkip)
		return nil
	}
	_, err := io.Copy(io.Discard, b.Reader(ctx, cr))
	if err != nil && !errors.Is(err, content.ErrLimit) && ctx.Err() == nil {
		err = nil // a damaged entry: the walker has reported it
	}
	return err
}
