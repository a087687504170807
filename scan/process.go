package scan

import (
	"context"

	"github.com/overt-sec/overt/scan/procmem"
	"github.com/overt-sec/overt/yara"
)

// scanProcess scans the memory of process t.PID, as yara scans a PID: the
// process is stopped while its readable regions are scanned block by
// block, at their virtual addresses.
func (w *worker) scanProcess(ctx context.Context, t *Target) (*Outcome, error) {
	p, err := procmem.Open(t.PID)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	blocks, err := procmem.Blocks(p.Regions(), w.cfg.ProcessMemoryChunk)
	if err != nil {
		return nil, err
	}
	t.Size = 0
	for _, b := range blocks {
		t.Size += b.Size
	}
	if w.sc == nil {
		w.sc = w.eng.NewScanner()
	}
	if w.cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, w.cfg.Timeout)
		defer cancel()
	}
	if blocks == nil {
		blocks = []yara.Block{} // no readable memory: still a process scan
	}
	return w.sc.Scan(ctx, &Object{Target: *t, Data: p, Blocks: blocks})
}
