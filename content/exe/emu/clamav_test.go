package emu

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/content/exe"
)

// clamavDir holds Debian's clamav-testfiles; their packed variants of
// clam.exe are the emulator's real-world targets.
const clamavDir = "/usr/share/clamav-testfiles"

// TestClamAVPacked runs every packed clam.exe and reports, per packer,
// whether a yielded image holds clam.exe's code and why emulation stopped.
func TestClamAVPacked(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(clamavDir, "clam.exe"))
	if err != nil {
		t.Skip("clamav-testfiles not installed")
	}
	payload := raw[0x40:0x70]
	// These hold clam.exe raw once unpacked; the others carry it in a zip
	// inside the image (content/all's test follows the carved zip).
	want := map[string]bool{"upx": true, "aspack": true, "pespin": true, "yc": true}
	for _, p := range []string{"upx", "petite", "mew", "aspack", "upack", "wwpack", "pespin", "yc"} {
		t.Run(p, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(clamavDir, "clam-"+p+".exe"))
			if err != nil {
				t.Skip(err)
			}
			f, err := exe.Parse(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			m, err := New(f)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			var layers []string
			m.OnLayer = func(m *Machine, eip uint32) bool {
				img := m.Image()
				hit := bytes.Contains(img, payload)
				found = found || hit
				layers = append(layers, hexa(eip)+map[bool]string{true: "+", false: "-"}[hit])
				m.ExtendLimit(max(2*m.Steps(), PostLayerSteps), MaxSteps)
				return true
			}
			m.Run(context.Background(), MaxSteps)
			if !found && bytes.Contains(m.Image(), payload) {
				layers = append(layers, "final+")
				found = true
			}
			t.Logf("%s: layers %v; stop: %s", p, layers, describe(m))
			if want[p] && !found {
				t.Errorf("payload not found")
			}
		})
	}
}

func hexa(v uint32) string {
	const d = "0123456789abcdef"
	s := []byte("0x00000000")
	for i := 9; i >= 2; i-- {
		s[i] = d[v&15]
		v >>= 4
	}
	return string(s)
}
