package arj

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
)

// walk extracts data with this package's sniffer only.
func walk(t testing.TB, data []byte) (map[string][]byte, []content.Event) {
	t.Helper()
	w := content.Walker{Sniff: Sniff}
	got := map[string][]byte{}
	ev, err := w.Walk(context.Background(), "a.arj", bytes.NewReader(data), int64(len(data)), func(p []string, d []byte) error {
		got[strings.Join(p, "!")] = append([]byte(nil), d...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, ev
}

func TestClamAV(t *testing.T) {
	exe, err1 := os.ReadFile("/usr/share/clamav-testfiles/clam.exe")
	data, err2 := os.ReadFile("/usr/share/clamav-testfiles/clam.arj")
	if err1 != nil || err2 != nil {
		t.Skip("clamav-testfiles not installed")
	}
	got, ev := walk(t, data)
	if !bytes.Equal(got["a.arj!clam.exe"], exe) || len(ev) != 0 {
		t.Errorf("clam.arj: got %d objects, clam.exe %d bytes (want %d), events %v", len(got), len(got["a.arj!clam.exe"]), len(exe), ev)
	}
}
