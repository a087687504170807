package magic

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// diffSamples returns a variety of files: executables and libraries,
// images, clamav's test files of many formats.
func diffSamples() []string {
	var out []string
	for _, g := range []struct {
		glob string
		max  int
	}{
		{"/usr/bin/*", 40}, {"/usr/lib/x86_64-linux-gnu/*.so.*", 15}, {"/usr/lib/x86_64-linux-gnu/*.o", 5},
		{"/usr/share/clamav-testfiles/*", 60}, {"/usr/share/icons/*/*/*/*.png", 10},
		{"/usr/share/pixmaps/*", 10}, {"/usr/share/doc/*/*.gz", 5}, {"/usr/share/doc/*/*.bz2", 5},
		{"/work/corpus/c50/*/*", 80}, // optional benchmark corpus: skipped when absent
	} {
		m, _ := filepath.Glob(g.glob)
		sort.Strings(m)
		n := 0
		for _, p := range m {
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Size() < 16<<20 && n < g.max {
				out = append(out, p)
				n++
			}
		}
	}
	return out
}

// TestVsYara compares type() and mime_type() with yara's for every sample
// overt identifies, and reports how many samples it identifies.
func TestVsYara(t *testing.T) {
	if _, err := exec.LookPath("yara"); err != nil {
		t.Skip("yara not on PATH")
	}
	rules := filepath.Join(t.TempDir(), "r.yar")
	src := "import \"magic\"\nimport \"console\"\nrule m { condition: console.log(\"T:\", magic.type()) and console.log(\"M:\", magic.mime_type()) }\n"
	if err := os.WriteFile(rules, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	samples := diffSamples()
	known, agree := 0, 0
	for _, p := range samples {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		typ, mime, ok := identify(data)
		if !ok {
			continue
		}
		known++
		out, err := exec.Command("yara", rules, p).Output()
		if err != nil {
			t.Fatalf("yara %s: %v", p, err)
		}
		var yt, ym string
		for _, l := range strings.Split(string(out), "\n") {
			if v, ok := strings.CutPrefix(l, "T:"); ok {
				yt = v
			} else if v, ok := strings.CutPrefix(l, "M:"); ok {
				ym = v
			}
		}
		if yt != typ || ym != mime {
			t.Errorf("%s:\n overt: %q, %q\n  yara: %q, %q", p, typ, mime, yt, ym)
			continue
		}
		agree++
	}
	t.Logf("%d of %d samples are of a supported type; %d of them agree with yara", known, len(samples), agree)
	if known == 0 {
		t.Error("no sample of a supported type")
	}
}
