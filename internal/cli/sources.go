package cli

import (
	"os"
	"sync"

	"github.com/overt-sec/overt/yara/diag"
)

// sourceCache reads rule files once, for both the loader and the
// diagnostics renderer, so an excerpt always quotes the text that was parsed.
type sourceCache struct {
	mu    sync.Mutex
	files map[string][]byte
}

func newSourceCache() *sourceCache { return &sourceCache{files: map[string][]byte{}} }

// ReadFile reads path from disk the first time and from memory afterwards.
func (c *sourceCache) ReadFile(path string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, ok := c.files[path]; ok {
		return b, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c.files[path] = b
	return b, nil
}

// Source returns a file read before, for diag.Render.
func (c *sourceCache) Source() diag.SourceFunc {
	return func(name string) []byte {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.files[name]
	}
}
