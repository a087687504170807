package ishield

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
)

// plainHeader is one file header of the plain layout.
type plainHeader struct {
	name, path, version string
	size                int64
	hdrLen              int64
}

// readPlain parses the header at off, or reports false.
func readPlain(f *exe.File, off int64) (plainHeader, bool) {
	buf := make([]byte, 4*(MaxName+1))
	n, _ := f.R.ReadAt(buf[:min(int64(len(buf)), max(f.Size-off, 0))], off)
	buf = buf[:n]
	var fields [4]string
	p := 0
	for i := range fields {
		end := -1
		for j := p; j < len(buf) && j-p <= MaxName; j++ {
			if buf[j] == 0 {
				end = j
				break
			}
		}
		if end <= p {
			return plainHeader{}, false
		}
		fields[i] = string(buf[p:end])
		p = end + 1
	}
	h := plainHeader{name: fields[0], path: fields[1], version: fields[2], hdrLen: int64(p)}
	if !printable(h.name) || !printable(h.path) || !strings.HasSuffix(strings.ToLower(h.path), strings.ToLower(h.name)) || !versionLike(h.version) {
		return plainHeader{}, false
	}
	size, err := strconv.ParseInt(fields[3], 10, 64)
	if err != nil || size < 0 {
		return plainHeader{}, false
	}
	h.size = size
	return h, true
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return false
		}
	}
	return s != ""
}

func versionLike(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return s != ""
}

// extractPlain yields the files of the plain layout; false if the
// overlay does not start with a plain file header.
func extractPlain(ctx context.Context, f *exe.File, b *content.Budget, yield func(string, io.Reader) error) (bool, error) {
	off := f.Overlay
	h, ok := readPlain(f, off)
	if !ok {
		return false, nil
	}
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			return true, err
		}
		if err := b.Err(); err != nil {
			return true, err
		}
		name := cleanPath(h.path)
		data := off + h.hdrLen
		if h.size > f.Size-data {
			b.Event(content.EventCorrupt, name, "installshield: file of %d bytes at offset %d runs past the end of the file", h.size, data)
			h.size = f.Size - data
		}
		if err := yield(name, io.NewSectionReader(f.R, data, h.size)); err != nil {
			return true, err
		}
		off = data + h.size
		if off >= f.Size {
			return true, nil
		}
		if i+1 >= MaxFiles {
			return true, b.Limit("installshield: file count limit (%d) reached", MaxFiles)
		}
		if h, ok = readPlain(f, off); !ok {
			b.Event(content.EventCorrupt, "", "installshield: no file header at offset %d, %d bytes before the end", off, f.Size-off)
			return true, nil
		}
	}
}

// cleanPath makes a setup path a relative, slash-separated name.
func cleanPath(s string) string {
	var parts []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\\", "/"), "/") {
		p = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return -1
			}
			return r
		}, p)
		if p != "" && p != "." && p != ".." && !strings.HasSuffix(p, ":") {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("#file")
	}
	return strings.Join(parts, "/")
}
