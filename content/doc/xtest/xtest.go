// Package xtest is test support for the document and mail extractors,
// imported only by their tests. It runs a content.Extractor over bytes in tests of the
// document and mail extractors: it collects every yielded object and every
// event, so a test can assert what was found and under which name.
package xtest

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/overt-sec/overt/content"
)

// Result is what one extraction produced.
type Result struct {
	Names   []string          // yielded names, in order
	Objects map[string][]byte // content by name (a repeated name keeps the last)
	Events  []content.Event   // events reported to the budget
	Err     error             // Extract's error
}

// Run extracts data with e under lim and collects the result.
func Run(e content.Extractor, data []byte, lim content.Limits) *Result {
	b := content.NewBudget(lim, int64(len(data)))
	res := &Result{Objects: map[string][]byte{}}
	res.Err = e.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), b, func(name string, rd io.Reader) error {
		if err := b.Entry(); err != nil {
			return err
		}
		lr := io.LimitReader(b.Reader(context.Background(), rd), b.Limits().MaxObject)
		d, err := io.ReadAll(lr)
		res.Names = append(res.Names, name)
		res.Objects[name] = d
		if err != nil {
			return err
		}
		return nil
	})
	res.Events = b.Events()
	return res
}

// HasEvent reports whether an event of kind k whose message contains sub
// was reported.
func (r *Result) HasEvent(k content.EventKind, sub string) bool {
	for _, ev := range r.Events {
		if ev.Kind == k && strings.Contains(ev.Message, sub) {
			return true
		}
	}
	return false
}

// Find returns the names of objects containing marker.
func (r *Result) Find(marker string) []string {
	var out []string
	for _, n := range r.Names {
		if bytes.Contains(r.Objects[n], []byte(marker)) {
			out = append(out, n)
		}
	}
	return out
}

// Drain is a yield function for fuzz targets: it reads every object fully
// (bounded by the budget) and discards it.
func Drain(b *content.Budget) func(string, io.Reader) error {
	return func(_ string, rd io.Reader) error {
		if err := b.Entry(); err != nil {
			return err
		}
		_, err := io.Copy(io.Discard, io.LimitReader(b.Reader(context.Background(), rd), b.Limits().MaxObject))
		return err
	}
}

// FuzzLimits are small limits for fuzz targets so one input stays fast.
var FuzzLimits = content.Limits{MaxExpanded: 16 << 20, MaxEntries: 1000, MaxObject: 4 << 20, MaxRatio: 1000}
