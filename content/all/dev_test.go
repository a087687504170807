package all

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/overt-sec/overt/content"
)

func TestDevWalk(t *testing.T) {
	f := os.Getenv("DEVFILE")
	if f == "" {
		t.Skip()
	}
	clam, _ := os.ReadFile("/usr/share/clamav-testfiles/clam.exe")
	fh, _ := os.Open(f)
	st, _ := fh.Stat()
	w := content.Walker{Sniff: content.Sniff}
	ev, err := w.Walk(context.Background(), f, fh, st.Size(), func(p []string, d []byte) error {
		t.Logf("%q %d clam=%v", p, len(d), bytes.Contains(d, clam[0x40:0x80]))
		return nil
	})
	t.Logf("events %v err %v", ev, err)
}
