package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestStartProfiles(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, cpu, mem string
		wantErr        bool
	}{
		{"none", "", "", false},
		{"both", filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof"), false},
		{"bad cpu path", filepath.Join(dir, "no", "cpu.prof"), "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stop, err := startProfiles(tc.cpu, tc.mem)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want error: %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			var msgs bytes.Buffer
			stop(&msgs)
			if msgs.Len() > 0 {
				t.Errorf("messages: %s", msgs.String())
			}
			for _, p := range []string{tc.cpu, tc.mem} {
				if p == "" {
					continue
				}
				if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
					t.Errorf("%s: not written (%v)", p, err)
				}
			}
		})
	}
}
