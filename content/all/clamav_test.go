package all_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
)

// clamavDir holds Debian's clamav-testfiles: one payload (ClamAV's test
// program clam.exe) in 44 containers, packers and encodings.
const clamavDir = "/usr/share/clamav-testfiles"

// clamavFloor is how many of the 44 files --unpack finds the payload in
// today (yara, without unpacking, finds 11): a regression guard, raised as
// formats land. docs/BENCHMARKS.md lists which files are missed and why.
const clamavFloor = 44

// clamPayload is a code sequence of clam.exe, the bytes the rule in
// docs/BENCHMARKS.md looks for.
func clamPayload(t *testing.T) []byte {
	exe, err := os.ReadFile(filepath.Join(clamavDir, "clam.exe"))
	if err != nil {
		t.Skip("clamav-testfiles not installed")
	}
	return exe[0x40:0x70]
}

func TestClamAVTestFiles(t *testing.T) {
	payload := clamPayload(t)
	names, _ := filepath.Glob(filepath.Join(clamavDir, "*"))
	sort.Strings(names)
	var found, missed []string
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(n)
		hit := bytes.Contains(data, payload)
		w := content.Walker{Sniff: content.Sniff}
		_, err = w.Walk(context.Background(), base, bytes.NewReader(data), int64(len(data)), func(p []string, d []byte) error {
			if bytes.Contains(d, payload) {
				hit = true
			}
			return nil
		})
		if err != nil {
			t.Errorf("%s: %v", base, err)
		}
		if hit {
			found = append(found, base)
		} else {
			missed = append(missed, base)
		}
	}
	t.Logf("found in %d of %d: %s", len(found), len(names), strings.Join(found, " "))
	t.Logf("missed: %s", strings.Join(missed, " "))
	if len(found) < clamavFloor {
		t.Errorf("found the payload in %d files, want at least %d", len(found), clamavFloor)
	}
}
