package chm

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// clamCHM is Debian's clamav-testfiles help file: clam.exe.txt, in the
// LZX section, is ClamAV's test program.
const clamCHM = "/usr/share/clamav-testfiles/clam.chm"

// walk extracts data and returns the objects by name, in order, and the
// events.
func walk(t testing.TB, data []byte, lim content.Limits) ([]string, map[string][]byte, []content.Event) {
	r := ctest.Walk(t, content.Walker{Sniff: Sniff, Limits: lim}, "x.chm", data)
	names, objs := r.Below()
	return names, objs, r.Events
}

func TestClamCHM(t *testing.T) {
	exe, data := ctest.ClamAV(t, filepath.Base(clamCHM))
	names, objs, evs := walk(t, data, content.Limits{})
	if len(evs) != 0 {
		t.Errorf("events: %v", evs)
	}
	if !bytes.Equal(objs["clam.exe.txt"], exe) {
		t.Errorf("clam.exe.txt is not clam.exe; names %q", names)
	}
	// extract_chmLib (chmlib, libchm-bin) is the oracle for every file.
	if _, err := exec.LookPath("extract_chmLib"); err != nil {
		return
	}
	dir := t.TempDir()
	if out, err := exec.Command("extract_chmLib", clamCHM, dir).CombinedOutput(); err != nil {
		t.Fatalf("extract_chmLib: %v\n%s", err, out)
	}
	n := 0
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		want, _ := os.ReadFile(p)
		got, ok := objs[filepath.ToSlash(rel)]
		if !ok || !bytes.Equal(got, want) {
			t.Errorf("%s: got %d bytes (present %v), chmlib %d", rel, len(got), ok, len(want))
		}
		n++
		return nil
	})
	if n != len(objs) {
		t.Errorf("chmlib extracted %d files, we %d: %q", n, len(objs), names)
	}
}

// TestChmcmd compiles a help project with Free Pascal's chmcmd (package
// fp-utils), an LZX encoder independent of ours and of Microsoft's, and
// checks every file comes back: several frames, reset intervals, E8 bytes.
func TestChmcmd(t *testing.T) {
	tool := ""
	for _, n := range []string{"chmcmd", "chmcmd-3.2.2"} {
		if p, err := exec.LookPath(n); err == nil {
			tool = p
			break
		}
	}
	if tool == "" {
		t.Skip("chmcmd (fp-utils) not installed")
	}
	dir := t.TempDir()
	files := map[string][]byte{
		"index.html": []byte("<html><body>" + strings.Repeat("help topic index search ", 10000) + string(text(150000, 7)) + "</body></html>"),
		"page2.html": []byte("<html><body>second page</body></html>"),
		"bin.dat":    text(150000, 8),
		"empty.txt":  nil,
	}
	for i := range files["bin.dat"] {
		if i%97 == 0 {
			files["bin.dat"][i] = 0xE8
		}
	}
	hhp := "[OPTIONS]\nCompiled file=out.chm\nDefault topic=index.html\nTitle=test\n\n[FILES]\n"
	for n, d := range files {
		if err := os.WriteFile(filepath.Join(dir, n), d, 0o644); err != nil {
			t.Fatal(err)
		}
		hhp += n + "\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "p.hhp"), []byte(hhp), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, "p.hhp")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chmcmd: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out.chm"))
	if err != nil {
		t.Fatal(err)
	}
	_, objs, evs := walk(t, data, content.Limits{})
	if len(evs) != 0 {
		t.Errorf("events: %v", evs)
	}
	for n, want := range files {
		if got, ok := objs[n]; !ok || !bytes.Equal(got, want) {
			t.Errorf("%s: got %d bytes (present %v), want %d", n, len(got), ok, len(want))
		}
	}
}
