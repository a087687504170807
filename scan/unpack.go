package scan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
)

// unpack looks inside the file t (already scanned, with outcome top) with
// the configured walker, scans every nested object with the same scanner
// and appends its output and the walker's events to r. A compressed
// stream's content keeps its container's path, so a rule already printed
// for a path is not printed again for it.
func (w *worker) unpack(ctx context.Context, t *Target, top *Outcome, r *result) {
	f, err := os.Open(t.File)
	if err != nil {
		return // reported by the scan already
	}
	defer f.Close()
	seen := map[string]bool{}
	mark := func(name string, o *Outcome) {
		for i := range o.Rules {
			if o.Rules[i].Matched {
				seen[name+"\x00"+o.Rules[i].Namespace+":"+o.Rules[i].Rule] = true
			}
		}
	}
	mark(t.Name(), top)
	events, err := w.cfg.Unpack.Walk(ctx, t.Path[0], f, t.Size, func(path []string, data []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		nt := Target{Path: append(append([]string(nil), t.Path...), path[1:]...), Size: int64(len(data))}
		obj := &Object{Target: nt, Data: bytes.NewReader(data), Bytes: data}
		sctx := ctx
		if w.cfg.Timeout > 0 {
			var cancel context.CancelFunc
			sctx, cancel = context.WithTimeout(ctx, w.cfg.Timeout)
			defer cancel()
		}
		out, err := w.sc.Scan(sctx, obj)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			r.stderr = append(r.stderr, scanError(nt.Name(), errorText(err))...)
			return nil
		}
		name := nt.Name()
		kept := out.Rules[:0:0]
		for _, rr := range out.Rules {
			if !rr.Matched || !seen[name+"\x00"+rr.Namespace+":"+rr.Rule] {
				kept = append(kept, rr)
			}
		}
		mark(name, out)
		out.Rules = kept
		stdout, stderr, matches, _ := w.print(&nt, out, false)
		r.stdout = append(r.stdout, stdout...)
		r.stderr = append(r.stderr, stderr...)
		r.matches += matches
		r.size += nt.Size
		return nil
	})
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
