package scan

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
)

// Limits of the walker.
const (
	// MaxDepth bounds directory nesting below the target: deeper
	// directories are not entered, so symlinks that build ever longer paths
	// without a true loop cannot keep the walk going (yara stops only when
	// the path outgrows PATH_MAX).
	MaxDepth = 128
	// dirBatch is how many directory entries are read at once, so a huge
	// directory costs memory per batch, not per entry.
	dirBatch = 4096
	// MaxScanListLine bounds one line of a --scan-list file; longer lines
	// are reported and skipped (paths are at most 4,096 bytes on Linux).
	MaxScanListLine = 64 << 10
)

// WalkOptions configures how a target becomes objects to scan.
type WalkOptions struct {
	// Recursive enters subdirectories (-r).
	Recursive bool
	// NoFollowSymlinks skips symbolic links found in directories (-N).
	// When symlinks are followed, a link back to a directory being walked
	// (a loop) is skipped.
	NoFollowSymlinks bool
	// SkipLarger, when positive, skips files found in directories that are
	// larger than this many bytes, with a message (-z).
	SkipLarger int64
	// ScanList makes the target a file listing one path per line (--scan-list).
	ScanList bool
}

// item is what the walker sends to the workers: an object to scan, or a
// message to print in sequence.
type item struct {
	target *Target
	root   bool   // the target is the command line's target itself (errors fail the run; -c prints a bare count)
	stderr string // a message for stderr, when target is nil
	failed bool   // the message is an error that fails the run
}

// walk sends the objects of target to emit in order; it stops early when
// ctx is done or emit returns false.
func walk(ctx context.Context, target string, o WalkOptions, emit func(item) bool) {
	w := &walker{ctx: ctx, o: o, emit: emit}
	if o.ScanList {
		w.scanList(target)
		return
	}
	w.root(target, true)
}

type walker struct {
	ctx  context.Context
	o    WalkOptions
	emit func(item) bool
	stop bool
}

func (w *walker) send(it item) {
	if w.stop {
		return
	}
	if w.ctx.Err() != nil || !w.emit(it) {
		w.stop = true
	}
}

// root handles a path named by the user: the target itself or a line of a
// scan list (root false).
func (w *walker) root(path string, isRoot bool) {
	fi, err := os.Stat(path)
	switch {
	case err != nil && isRoot && isPID(path):
		pid, _ := strconv.Atoi(path)
		w.send(item{target: &Target{Path: []string{path}, PID: pid}, root: true})
	case err != nil:
		w.send(item{stderr: scanError(path, "could not open file"), failed: isRoot})
	case fi.IsDir():
		w.dir(path, []os.FileInfo{fi})
	case !fi.Mode().IsRegular():
		// yara would block reading a FIFO or read a device forever.
		w.send(item{stderr: scanError(path, "could not open file: not a regular file"), failed: isRoot})
	default:
		w.send(item{target: &Target{Path: []string{path}, File: path, Size: fi.Size()}, root: isRoot})
	}
}

// isPID reports whether s is a decimal process id, as yara reads its target.
func isPID(s string) bool {
	n, err := strconv.ParseUint(s, 10, 31)
	return err == nil && n > 0
}

// scanError formats yara's per-object error line.
func scanError(name, msg string) string {
	return fmt.Sprintf("error scanning %s: %s\n", name, msg)
}

// dir walks the directory at path; stack holds the directories from the
// walk's root down to path, to detect symlink loops. Like yara, entries
// that cannot be listed or stat'ed (unreadable directories, dangling
// symlinks) and anything but regular files and directories are skipped
// silently.
func (w *walker) dir(path string, stack []os.FileInfo) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	for !w.stop {
		ents, err := f.ReadDir(dirBatch)
		slices.SortFunc(ents, func(a, b fs.DirEntry) int {
			switch {
			case a.Name() < b.Name():
				return -1
			case a.Name() > b.Name():
				return 1
			}
			return 0
		})
		for _, e := range ents {
			if w.stop {
				return
			}
			w.entry(path+"/"+e.Name(), e, stack)
		}
		if err != nil || len(ents) == 0 {
			return
		}
	}
}

// entry handles one directory entry.
func (w *walker) entry(path string, e fs.DirEntry, stack []os.FileInfo) {
	var fi os.FileInfo
	var err error
	if e.Type()&fs.ModeSymlink != 0 {
		if w.o.NoFollowSymlinks {
			return
		}
		fi, err = os.Stat(path)
	} else {
		fi, err = e.Info()
	}
	if err != nil {
		return
	}
	switch {
	case fi.Mode().IsRegular():
		if w.o.SkipLarger > 0 && fi.Size() > w.o.SkipLarger {
			w.send(item{stderr: fmt.Sprintf("skipping %s (%d bytes) because it's larger than %d bytes.\n",
				path, fi.Size(), w.o.SkipLarger)})
			return
		}
		w.send(item{target: &Target{Path: []string{path}, File: path, Size: fi.Size()}})
	case fi.IsDir():
		if !w.o.Recursive || len(stack) > MaxDepth {
			return
		}
		for _, anc := range stack {
			if os.SameFile(anc, fi) {
				return // a symlink loop
			}
		}
		w.dir(path, append(stack, fi))
	}
}

// scanList walks each path listed in the file at list, one per line.
// Unlike yara, blank lines are ignored and a trailing "\r" is dropped, so
// lists written on Windows work.
func (w *walker) scanList(list string) {
	f, err := os.Open(list)
	if err != nil {
		w.send(item{stderr: fmt.Sprintf("error: could not open file %q.\n", list), failed: true})
		return
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		w.send(item{stderr: "error: cannot use a directory as scan list.\n", failed: true})
		return
	}
	r := bufio.NewReaderSize(f, 4096)
	for !w.stop {
		line, long, err := readLine(r)
		switch {
		case long:
			w.send(item{stderr: fmt.Sprintf("error: %s: line longer than %d bytes skipped\n", list, MaxScanListLine)})
		case line != "":
			w.root(line, false)
		}
		if err != nil {
			if err != io.EOF {
				w.send(item{stderr: fmt.Sprintf("error: reading %s: %v\n", list, err), failed: true})
			}
			return
		}
	}
}

// readLine reads one line without its "\n" or "\r\n". A line longer than
// MaxScanListLine is consumed and reported with long set, not returned.
func readLine(r *bufio.Reader) (line string, long bool, err error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if !long {
			if len(buf)+len(chunk) > MaxScanListLine+2 {
				long, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if long {
			return "", true, err
		}
		n := len(buf)
		if n > 0 && buf[n-1] == '\n' {
			n--
		}
		if n > 0 && buf[n-1] == '\r' {
			n--
		}
		return string(buf[:n]), false, err
	}
}
