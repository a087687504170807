// Package ctest is test support for the content extractors, imported only
// by their tests: it walks bytes with a content.Walker and collects every
// visited object and event, collects what an extractor yields directly,
// and reads ClamAV's test files when Debian's clamav-testfiles is
// installed.
package ctest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
)

// Object is one object a walk visited.
type Object struct {
	Path []string // the top-level name, then each entry name
	Data []byte   // a copy of the object's bytes
}

// Result is what one walk visited and reported.
type Result struct {
	Visited []Object        // in visiting order
	Events  []content.Event // events of the walk
}

// Walk walks data, named name, with w and collects every visited object
// and the events. A walk error fails the test.
func Walk(t testing.TB, w content.Walker, name string, data []byte) *Result {
	t.Helper()
	r := &Result{}
	ev, err := w.Walk(context.Background(), name, bytes.NewReader(data), int64(len(data)), func(p []string, d []byte) error {
		r.Visited = append(r.Visited, Object{Path: slices.Clone(p), Data: bytes.Clone(d)})
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", name, err)
	}
	r.Events = ev
	return r
}

// WalkSniff extracts data, named name, with sniff only, under default limits,
// and returns the objects by full path (joined with "!") and the events.
func WalkSniff(t testing.TB, sniff content.Sniffer, name string, data []byte) (map[string][]byte, []content.Event) {
	t.Helper()
	r := Walk(t, content.Walker{Sniff: sniff}, name, data)
	return r.ByPath(), r.Events
}

// ByPath returns the objects by full path joined with "!"; a repeated path
// keeps the last object.
func (r *Result) ByPath() map[string][]byte {
	m := make(map[string][]byte, len(r.Visited))
	for _, o := range r.Visited {
		m[strings.Join(o.Path, "!")] = o.Data
	}
	return m
}

// Below returns the paths below the top-level name (joined with "!"), in
// visiting order, and the objects by those paths.
func (r *Result) Below() ([]string, map[string][]byte) {
	names := make([]string, 0, len(r.Visited))
	m := make(map[string][]byte, len(r.Visited))
	for _, o := range r.Visited {
		n := strings.Join(o.Path[1:], "!")
		names = append(names, n)
		m[n] = o.Data
	}
	return names, m
}

// Pairs returns "path=content" per visited object, in visiting order, the
// path below the top-level name joined with "!".
func (r *Result) Pairs() []string {
	out := make([]string, 0, len(r.Visited))
	for _, o := range r.Visited {
		out = append(out, strings.Join(o.Path[1:], "!")+"="+string(o.Data))
	}
	return out
}

// Keys returns the keys of m, sorted.
func Keys(m map[string][]byte) []string {
	return slices.Sorted(maps.Keys(m))
}

// Kinds returns the kind of each event, in order (nil for no events).
func Kinds(evs []content.Event) []content.EventKind {
	var k []content.EventKind
	for _, e := range evs {
		k = append(k, e.Kind)
	}
	return k
}

// HasKind reports whether some event is of kind k.
func HasKind(evs []content.Event, k content.EventKind) bool {
	return slices.Contains(Kinds(evs), k)
}

// EventString renders the events one a line: "kind path: message".
func EventString(evs []content.Event) string {
	var s []string
	for _, e := range evs {
		s = append(s, fmt.Sprintf("%s %s: %s", e.Kind, strings.Join(e.Path, "!"), e.Message))
	}
	return strings.Join(s, "\n")
}

// FuzzWalk is the body of a walking fuzz target: it walks data, named
// "f", with w and fails on a walk error (a panic or hang fails by itself).
func FuzzWalk(t *testing.T, w content.Walker, data []byte) {
	t.Helper()
	if _, err := w.Walk(context.Background(), "f", bytes.NewReader(data), int64(len(data)), func([]string, []byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
}

// Collector gathers what an extractor yields, for tests that call an
// extractor (or a PE handler) without a walker.
type Collector struct {
	Names   []string          // yielded names, in order
	Objects map[string][]byte // content by name (a repeated name keeps the last)
}

// Yield returns a yield function that reads each object to its end into
// c; a read error is reported to b as a corrupt event and the bytes read
// before it are kept.
func (c *Collector) Yield(b *content.Budget) func(name string, rd io.Reader) error {
	return func(name string, rd io.Reader) error {
		d, err := io.ReadAll(rd)
		if err != nil {
			b.Event(content.EventCorrupt, name, "%v", err)
		}
		if c.Objects == nil {
			c.Objects = map[string][]byte{}
		}
		c.Names = append(c.Names, name)
		c.Objects[name] = d
		return nil
	}
}

// ClamAVDir holds Debian's clamav-testfiles.
const ClamAVDir = "/usr/share/clamav-testfiles"

// ClamAV returns ClamAV's test program clam.exe and the test file name
// (in ClamAVDir) that carries it; it skips the test when either is
// missing.
func ClamAV(t testing.TB, name string) (exe, data []byte) {
	t.Helper()
	return ReadClamAV(t, "clam.exe"), ReadClamAV(t, name)
}

// ReadClamAV returns the test file name (in ClamAVDir); it skips the test
// when the file is missing.
func ReadClamAV(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(ClamAVDir, name))
	if err != nil {
		t.Skip("clamav-testfiles not installed")
	}
	return data
}

// AddClamAV adds the test file name (in ClamAVDir) to f's seed corpus when
// it is installed.
func AddClamAV(f *testing.F, name string) {
	if d, err := os.ReadFile(filepath.Join(ClamAVDir, name)); err == nil {
		f.Add(d)
	}
}
