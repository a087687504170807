package procmem

import (
	"bytes"
	"errors"
	"os/exec"
	"testing"
	"time"
)

func TestOpenMissing(t *testing.T) {
	for _, pid := range []int{0, -1, 2147483646} {
		if _, err := Open(pid); !errors.Is(err, ErrAttach) {
			t.Errorf("Open(%d): error %v, want ErrAttach", pid, err)
		}
	}
}

func TestProcessRead(t *testing.T) {
	const marker = "OVERT_PROCMEM_READ_MARKER"
	cmd := exec.Command("sleep", "60")
	cmd.Args[0] = marker
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start sleep: %v", err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	time.Sleep(100 * time.Millisecond)
	p, err := Open(cmd.Process.Pid)
	if err != nil {
		t.Skipf("cannot attach process: %v", err) // not permitted here
	}
	defer p.Close()
	blocks, err := Blocks(p.Regions(), 0)
	if err != nil || len(blocks) == 0 {
		t.Fatalf("no blocks: %v", err)
	}
	found := false
	for _, r := range p.Regions() {
		buf := make([]byte, r.End-r.Start)
		n, err := p.ReadAt(buf, r.Start)
		if n != len(buf) || err != nil {
			t.Fatalf("region %+v: read %d bytes, %v: a failed read must read as zeros", r, n, err)
		}
		if r.Path == "[vvar]" && !bytes.Equal(buf, make([]byte, len(buf))) {
			t.Errorf("[vvar] (unreadable) did not read as zeros")
		}
		found = found || bytes.Contains(buf, []byte(marker))
	}
	if !found {
		t.Errorf("marker not found in any region")
	}
	// An address mapped by nothing reads as zeros too.
	buf := []byte{1, 2, 3}
	if n, err := p.ReadAt(buf, 0); n != 3 || err != nil || !bytes.Equal(buf, []byte{0, 0, 0}) {
		t.Errorf("ReadAt(0) = %d, %v, %v; want zeros", n, err, buf)
	}
}
