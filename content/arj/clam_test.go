package arj

import (
	"bytes"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// walk extracts data with this package's sniffer only.
func walk(t testing.TB, data []byte) (map[string][]byte, []content.Event) {
	return ctest.WalkSniff(t, Sniff, "a.arj", data)
}

func TestClamAV(t *testing.T) {
	exe, data := ctest.ClamAV(t, "clam.arj")
	got, ev := walk(t, data)
	if !bytes.Equal(got["a.arj!clam.exe"], exe) || len(ev) != 0 {
		t.Errorf("clam.arj: got %d objects, clam.exe %d bytes (want %d), events %v", len(got), len(got["a.arj!clam.exe"]), len(exe), ev)
	}
}
