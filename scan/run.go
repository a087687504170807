package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/yara"
)

// MaxWorkers bounds -p: more goroutines than this only add memory (each
// worker owns a scanner and its buffers) without adding throughput.
const MaxWorkers = 256

// Format is an output format.
type Format int

const (
	// Text is yara's text output, byte for byte.
	Text Format = iota
	// NDJSON is one JSON object per line; see docs/NDJSON.md.
	NDJSON
)

// Config configures a Run.
type Config struct {
	WalkOptions
	// Workers is the number of objects scanned at once (-p); 0 means the
	// number of CPUs.
	Workers int
	// Timeout bounds the scan of each object (-a); 0 means no limit.
	Timeout time.Duration
	// Filter chooses the rules printed (-n, -t, -i, -l).
	Filter Filter
	// Count prints the number of matching rules of each object instead of
	// the rules (-c).
	Count bool
	// Format selects yara text or NDJSON.
	Format Format
	// Text selects what the text output prints (-e, -g, -m, -s, -L); in
	// NDJSON, Strings or StringLength include the strings.
	Text TextOptions
	// NoWarnings drops warnings (-w).
	NoWarnings bool
	// FailOnWarnings turns a scan-time warning into an error for the
	// object (--fail-on-warnings); it has no effect with NoWarnings.
	FailOnWarnings bool
	// Unpack, when not nil, looks inside every file (--unpack): each object
	// nested in it is scanned too and reported with its path; what the
	// walker could not do (limits, encrypted entries) is reported as
	// warnings (text) or event records (NDJSON).
	Unpack *content.Walker
	// Progress, when not nil, receives a progress line (rewritten in place
	// with "\r"); pass a terminal only.
	Progress io.Writer
	// ProcessMemoryChunk is the largest block a process's memory region is
	// scanned in (--max-process-memory-chunk); 0 means procmem.DefaultChunk.
	ProcessMemoryChunk int64
}

// Summary describes a finished Run.
type Summary struct {
	Objects  int64         // objects scanned (successfully or not)
	Bytes    int64         // bytes of the objects scanned
	Matches  int64         // rules printed (or counted with -c)
	Errors   int64         // objects that could not be scanned
	Failed   bool          // an error that makes yara exit with status 1 occurred
	Elapsed  time.Duration // wall time of the run
	Canceled bool          // ctx was canceled before the walk ended
}

// result is what a worker hands to the writer for one item.
type result struct {
	stdout, stderr []byte
	failed         bool
	errored        bool // the object could not be scanned
	scanned        bool
	size           int64
	matches        int64
}

// Run scans target (a file, a directory, or with ScanList a list of
// paths) with eng and writes the results to stdout and the messages
// (errors, warnings, skips) to stderr, as yara does. Output of one object
// is written at once; with one worker objects come in walk order
// (directory entries sorted by name), with more in completion order.
func Run(ctx context.Context, eng Engine, target string, cfg Config, stdout, stderr io.Writer) Summary {
	start := time.Now()
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, MaxWorkers)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan item, 2*workers)
	results := make(chan result, 2*workers)

	go func() {
		defer close(items)
		walk(ctx, target, cfg.WalkOptions, func(it item) bool {
			select {
			case items <- it:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{eng: eng, cfg: &cfg}
			for it := range items {
				r := w.do(ctx, it)
				select {
				case results <- r:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var sum Summary
	prog := newProgress(cfg.Progress)
	for r := range results {
		if len(r.stdout)+len(r.stderr) > 0 {
			prog.clear()
		}
		stdout.Write(r.stdout)
		stderr.Write(r.stderr)
		if r.scanned {
			sum.Objects++
			sum.Bytes += r.size
		}
		if r.failed {
			sum.Failed = true
		}
		if r.errored {
			sum.Errors++
		}
		sum.Matches += r.matches
		prog.update(sum.Objects, sum.Bytes)
	}
	prog.clear()
	sum.Canceled = ctx.Err() != nil
	sum.Elapsed = time.Since(start)
	return sum
}

// worker scans items with its own Scanner, created on first use.
type worker struct {
	eng Engine
	cfg *Config
	sc  Scanner
}

// do turns one item into its output.
func (w *worker) do(ctx context.Context, it item) result {
	if it.target == nil {
		return result{stderr: []byte(it.stderr), failed: it.failed}
	}
	t := it.target
	r := result{scanned: true, size: t.Size}
	out, err := w.scan(ctx, t)
	r.size = t.Size // a process's size is known once its memory map is read
	if err != nil {
		r.stderr = []byte(scanError(t.Name(), errorText(err)))
		r.failed, r.errored = it.root, true
		return r
	}
	if w.cfg.Unpack != nil && !(w.cfg.FailOnWarnings && !w.cfg.NoWarnings && len(out.Warnings) > 0) {
		w.unpack(ctx, t, out, it.root, &r) // prints t's outcome too, merged with its stream content's
		return r
	}
	r.stdout, r.stderr, r.matches, r.failed = w.print(t, out, it.root)
	r.errored = r.failed
	return r
}

// scan opens and scans one target.
func (w *worker) scan(ctx context.Context, t *Target) (*Outcome, error) {
	if t.PID > 0 {
		return w.scanProcess(ctx, t)
	}
	f, err := os.Open(t.File)
	if err != nil {
		return nil, errOpen
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil {
		if !fi.Mode().IsRegular() {
			return nil, errOpen
		}
		t.Size = fi.Size()
	}
	if w.sc == nil {
		w.sc = w.eng.NewScanner()
	}
	if w.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, w.cfg.Timeout)
		defer cancel()
	}
	return w.sc.Scan(ctx, &Object{Target: *t, Data: f})
}

// errOpen is yara's message for a file that cannot be opened.
var errOpen = errors.New("could not open file")

// errorText is the text after "error scanning NAME: " for err.
func errorText(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "scanning timed out"
	case errors.Is(err, context.Canceled):
		return "scan canceled"
	}
	return err.Error()
}

// print formats one object's outcome: module data, console messages,
// warnings, then its rules or count.
func (w *worker) print(t *Target, o *Outcome, root bool) (stdout, stderr []byte, matches int64, failed bool) {
	cfg := w.cfg
	info := &stdout // -D and console output: stdout in text, stderr in NDJSON
	if cfg.Format == NDJSON {
		info = &stderr
	}
	*info = append(*info, o.ModuleData...)
	for _, c := range o.Console {
		*info = append(*info, c...)
		*info = append(*info, '\n')
	}
	if !cfg.NoWarnings {
		for _, wr := range o.Warnings {
			stderr = appendWarning(stderr, wr)
		}
		if cfg.FailOnWarnings && len(o.Warnings) > 0 {
			stderr = append(stderr, scanError(t.Name(), warningError(o.Warnings[0]))...)
			return stdout, stderr, 0, root
		}
	}
	show, count := cfg.Filter.Select(o.Rules)
	switch {
	case cfg.Count && cfg.Format == NDJSON:
		stdout = AppendJSONCount(stdout, t.Path, count)
		return stdout, stderr, int64(count), false
	case cfg.Count && root:
		stdout = fmt.Appendf(stdout, "%d\n", count)
		return stdout, stderr, int64(count), false
	case cfg.Count:
		stdout = fmt.Appendf(stdout, "%s: %d\n", t.Name(), count)
		return stdout, stderr, int64(count), false
	}
	for _, r := range show {
		if cfg.Format == NDJSON {
			stdout = AppendJSONRule(stdout, r, t.Path, cfg.Text.Strings || cfg.Text.StringLength)
		} else {
			stdout = AppendRule(stdout, r, t.Name(), cfg.Text)
		}
	}
	return stdout, stderr, int64(len(show)), false
}

// appendWarning appends yara's text for a scan-time warning.
func appendWarning(buf []byte, w yara.ScanWarning) []byte {
	return fmt.Appendf(buf, "warning: %s\n", w.Error())
}

// warningError is yara's error for an object whose scan raised w under
// --fail-on-warnings.
func warningError(w yara.ScanWarning) string {
	if w.Kind == yara.TooManyMatches {
		return fmt.Sprintf("string \"%s\" in rule \"%s\" caused too many matches", w.String, w.Rule)
	}
	return w.Error()
}
