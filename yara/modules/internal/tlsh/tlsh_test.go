package tlsh

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
)

// goldenMax bounds the boundary inputs of the golden test, which runs
// everywhere; the differential test goes further.
const goldenMax = 20000

// diffMax bounds the boundary inputs of the differential test: every
// boundary of the length code up to 1 MiB, on both sides.
const diffMax = 1 << 20

// TestGolden checks the digests of the generated inputs against
// testdata/digests.golden, produced by Debian's tlsh 3.4.4 (through
// TestDiffTool and -update) for the inputs it accepts.
func TestGolden(t *testing.T) {
	var b strings.Builder
	for _, in := range genInputs(goldenMax) {
		d, err := Hash(in.data)
		if err != nil {
			d = "error: " + err.Error()
		}
		fmt.Fprintf(&b, "%s %s\n", in.name, d)
	}
	golden.CheckString(t, filepath.Join("testdata", "digests.golden"), b.String())
}

// TestDiffTool compares digests with Debian's tlsh tool (tlsh-tools,
// TLSH 3.4.4) on every generated input it accepts: 256 bytes or more.
func TestDiffTool(t *testing.T) {
	tool, err := exec.LookPath("tlsh")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI requires it: tlsh not installed (apt-get install tlsh-tools, or run scripts/setup.sh as root)")
		}
		t.Skip("tlsh not installed (apt-get install tlsh-tools)")
	}
	dir := t.TempDir()
	inputs := genInputs(diffMax)
	byPath := map[string]input{}
	for _, in := range inputs {
		p := filepath.Join(dir, in.name)
		if err := os.WriteFile(p, in.data, 0o644); err != nil {
			t.Fatal(err)
		}
		byPath[p] = in
	}
	out, err := exec.Command(tool, "-r", dir).Output()
	if err != nil {
		t.Fatalf("tlsh -r: %v", err)
	}
	want := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		digest, path, ok := strings.Cut(sc.Text(), "\t")
		if ok {
			want[path] = digest
		}
	}
	compared := 0
	for p, in := range byPath {
		if len(in.data) < 256 {
			continue // tlsh 3.4.4 needs 256 bytes, TLSH 4 (and this package) 50
		}
		t.Run(in.name, func(t *testing.T) {
			got, err := Hash(in.data)
			w, ok := want[p]
			switch {
			case !ok && err == nil:
				t.Errorf("Hash = %s, tlsh gave no digest", got)
			case ok && err != nil:
				t.Errorf("Hash failed (%v), tlsh gave %s", err, w)
			case ok && got != Version+w:
				t.Errorf("Hash = %s, tlsh gave %s", got, w)
			}
		})
		compared++
	}
	if compared < 150 {
		t.Fatalf("only %d inputs compared", compared)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrTooShort},
		{"49 bytes", []byte(strings.Repeat("abcdefg", 7)), ErrTooShort},
		{"zeros", make([]byte, 1000), ErrNoVariety},
		{"two values", []byte(strings.Repeat("ab", 500)), ErrNoVariety},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := Hash(c.data)
			if !errors.Is(err, c.want) {
				t.Errorf("Hash = %q, %v; want error %v", d, err, c.want)
			}
		})
	}
}

// TestStreaming checks that writing in pieces gives the digest of the
// whole.
func TestStreaming(t *testing.T) {
	data := genInputs(0)[0].data
	data = append(append(data, data...), []byte("and some text at the end of it")...)
	want, err := Hash(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []int{1, 3, 5, 7, 64} {
		t.Run(fmt.Sprint("step ", step), func(t *testing.T) {
			var h Hasher
			for i := 0; i < len(data); i += step {
				h.Write(data[i:min(i+step, len(data))])
			}
			got, err := h.Sum()
			if err != nil || Version+got != want {
				t.Errorf("streamed = %s, %v; want %s", got, err, want)
			}
		})
	}
}

func TestLengthCode(t *testing.T) {
	for _, c := range []struct {
		n    uint64
		want byte
	}{
		{50, 9}, {57, 9}, {58, 10}, {256, 13}, {656, 15}, {657, 16}, {3199, 22}, {3200, 22}, {1 << 20, 82},
		{1<<32 - 1, 170},
	} {
		t.Run(fmt.Sprint(c.n), func(t *testing.T) {
			if got := lengthCode(c.n); got != c.want {
				t.Errorf("lengthCode(%d) = %d, want %d", c.n, got, c.want)
			}
		})
	}
}
