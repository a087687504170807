package content

import (
	"errors"
	"fmt"
	"io"
)

// ReadPrefix reads the first min(size, limit) bytes of r into memory, for
// extractors that parse a whole container at once. When the file is larger
// than limit it reports a limit event on b and returns the prefix, which is
// still parsed. A short read is an error; end of file exactly at the
// requested length is not.
func ReadPrefix(r io.ReaderAt, size, limit int64, b *Budget) ([]byte, error) {
	n := min(size, limit)
	if n < size {
		b.Event(EventLimit, "", "file larger than %d bytes: parsed the first %d", limit, limit)
	}
	data := make([]byte, max(n, 0))
	if k, err := r.ReadAt(data, 0); err != nil && !(errors.Is(err, io.EOF) && int64(k) == n) {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return data, nil
}
