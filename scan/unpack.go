package scan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
)

// unpack looks inside the file t (already scanned, with outcome top) with
// the configured walker, scans every nested object with the same scanner,
// and appends to r the output of t and of every nested object, then the
// walker's events.
//
// A compressed stream's content keeps its container's path (x.gz holds
// x.gz, not x), so several objects in a row may share one name. Their
// outcomes are merged and printed once, as if they were one object: a rule
// is printed (or counted by -c) when it matched any of them, with the
// strings of the first that matched it; -n prints the rules that matched
// none of them. Objects of the same name that are not adjacent (a zip with
// two entries named a) are distinct objects and are printed separately.
func (w *worker) unpack(ctx context.Context, t *Target, top *Outcome, root bool, r *result) {
	pend := pending{t: *t, o: top, root: root}
	flush := func() {
		stdout, stderr, matches, failed := w.print(&pend.t, pend.o, pend.root)
		r.stdout = append(r.stdout, stdout...)
		r.stderr = append(r.stderr, stderr...)
		r.matches += matches
		if pend.root {
			r.failed = failed
			r.errored = failed
		}
	}
	f, err := os.Open(t.File)
	if err != nil {
		flush()
		return // reported by the scan already
	}
	defer f.Close()
	events, err := w.cfg.Unpack.Walk(ctx, t.Path[0], f, t.Size, func(path []string, data []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		nt := Target{Path: append(append([]string(nil), t.Path...), path[1:]...), Size: int64(len(data))}
		obj := &Object{Target: nt, Data: bytes.NewReader(data), Bytes: data}
		out, err := w.scanNested(ctx, obj)
		r.size += nt.Size
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			r.stderr = append(r.stderr, scanError(nt.Name(), errorText(err))...)
			return nil
		}
		if nt.Name() == pend.t.Name() {
			pend.o = mergeOutcomes(pend.o, out)
			return nil
		}
		flush()
		pend = pending{t: nt, o: out}
		return nil
	})
	flush()
	if err != nil && ctx.Err() == nil {
		r.stderr = append(r.stderr, scanError(t.Name(), err.Error())...)
	}
	for _, ev := range events {
		path := append(append([]string(nil), t.Path...), ev.Path[1:]...)
		if w.cfg.Format == NDJSON {
			r.stdout = AppendJSONEvent(r.stdout, path, ev.Kind.String(), ev.Message)
		} else if !w.cfg.NoWarnings {
			r.stderr = fmt.Appendf(r.stderr, "warning: %s: %s: %s\n", strings.Join(path, "!"), ev.Kind, ev.Message)
		}
	}
}

// pending is the object whose output waits for the next objects of the
// same name, to be merged with theirs.
type pending struct {
	t    Target
	o    *Outcome
	root bool
}

// scanNested scans one extracted object under the per-object timeout.
func (w *worker) scanNested(ctx context.Context, obj *Object) (*Outcome, error) {
	if w.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, w.cfg.Timeout)
		defer cancel()
	}
	return w.sc.Scan(ctx, obj)
}

// mergeOutcomes merges the outcome b of an object into the outcome a of the
// object of the same name before it: a rule matched if it matched in
// either (with a's strings if it matched in a); warnings, console
// messages and module data are concatenated. Rules of b missing from a
// (engines may omit rules that did not match) are appended at the end.
func mergeOutcomes(a, b *Outcome) *Outcome {
	m := &Outcome{
		Rules:      append([]RuleResult(nil), a.Rules...),
		Warnings:   append(a.Warnings[:len(a.Warnings):len(a.Warnings)], b.Warnings...),
		Console:    append(a.Console[:len(a.Console):len(a.Console)], b.Console...),
		ModuleData: append(a.ModuleData[:len(a.ModuleData):len(a.ModuleData)], b.ModuleData...),
	}
	type key struct{ ns, rule string }
	at := make(map[key]int, len(m.Rules))
	for i, rr := range m.Rules {
		at[key{rr.Namespace, rr.Rule}] = i
	}
	for _, rr := range b.Rules {
		i, ok := at[key{rr.Namespace, rr.Rule}]
		switch {
		case !ok:
			at[key{rr.Namespace, rr.Rule}] = len(m.Rules)
			m.Rules = append(m.Rules, rr)
		case rr.Matched && !m.Rules[i].Matched:
			m.Rules[i] = rr
		}
	}
	return m
}
