package pe_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara"
	"github.com/overt-sec/overt/yara/modules/pe"
)

// overtLines runs rule over data with Overt's engine and returns the log.
func overtLines(t testing.TB, rule string, data []byte) []string {
	t.Helper()
	c := yara.NewCompiler()
	if err := c.AddSource("dump.yar", []byte(rule), ""); err != nil {
		t.Fatalf("compile: %v", err)
	}
	rules, err := c.Rules()
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	var lines []string
	s := rules.NewScanner(yara.ScanOptions{Log: func(s string) { lines = append(lines, s) }})
	if _, err := s.ScanBytes(context.Background(), data); err != nil {
		t.Fatalf("scan: %v", err)
	}
	return lines
}

// yaraLines runs rule over the file at path with yara.
func yaraLines(t testing.TB, rule, path string) []string {
	t.Helper()
	rp := filepath.Join(t.TempDir(), "dump.yar")
	if err := os.WriteFile(rp, []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("yara", "-w", rp, path).CombinedOutput()
	if err != nil {
		t.Fatalf("yara: %v\n%s", err, out)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if strings.HasPrefix(l, "dump ") {
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

// diffFile compares yara's and Overt's dump of the file at path.
func diffFile(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("sample missing: %v", err)
	}
	rule := pe.DumpRule(data, true)
	want := yaraLines(t, rule, path)
	got := overtLines(t, strings.ReplaceAll(rule, "pe.delay_import_details", "pe.delayed_import_details"), data)
	compareLines(t, want, got)
}

func compareLines(t *testing.T, want, got []string) {
	t.Helper()
	count := map[string]int{}
	for _, l := range want {
		count[l]++
	}
	for _, l := range got {
		count[l]--
	}
	n := 0
	report := func(lines []string, sign int, who string) {
		for _, l := range lines {
			if count[l]*sign > 0 {
				count[l] -= sign
				t.Errorf("only %s: %q", who, l)
				if n++; n > 30 {
					t.Fatalf("too many differences (yara %d lines, overt %d)", len(want), len(got))
				}
			}
		}
	}
	report(want, 1, "yara")
	report(got, -1, "overt")
}

func needYara(t *testing.T) {
	if _, err := exec.LookPath("yara"); err != nil {
		t.Skip("yara not on PATH")
	}
}

// systemSamples are PE files of Debian packages (skipped when missing).
var systemSamples = []string{
	"/usr/share/clamav-testfiles/clam.exe",
	"/usr/share/clamav-testfiles/clam-aspack.exe",
	"/usr/share/clamav-testfiles/clam-fsg.exe",
	"/usr/share/clamav-testfiles/clam-mew.exe",
	"/usr/share/clamav-testfiles/clam-nsis.exe",
	"/usr/share/clamav-testfiles/clam-pespin.exe",
	"/usr/share/clamav-testfiles/clam-petite.exe",
	"/usr/share/clamav-testfiles/clam-upack.exe",
	"/usr/share/clamav-testfiles/clam-upx.exe",
	"/usr/share/clamav-testfiles/clam-wwpack.exe",
	"/usr/share/clamav-testfiles/clam-yc.exe",
	"/usr/share/clamav-testfiles/clam.ea05.exe",
	"/usr/share/clamav-testfiles/clam.ea06.exe",
	"/usr/share/clamav-testfiles/clam_IScab_ext.exe",
	"/usr/share/clamav-testfiles/clam_IScab_int.exe",
	"/usr/share/clamav-testfiles/clam_ISmsi_ext.exe",
	"/usr/share/clamav-testfiles/clam_ISmsi_int.exe",
	"/usr/share/clamav-testfiles/clam.pdf",
	"/usr/lib/google-cloud-sdk/platform/bundledpythonunix/lib/python3.12/site-packages/pip/_vendor/distlib/w32.exe",
	"/usr/lib/google-cloud-sdk/platform/bundledpythonunix/lib/python3.12/site-packages/pip/_vendor/distlib/w64.exe",
	"/usr/lib/google-cloud-sdk/platform/bundledpythonunix/lib/python3.12/site-packages/pip/_vendor/distlib/t64-arm.exe",
	"/usr/lib/google-cloud-sdk/platform/bundledpythonunix/lib/python3.12/site-packages/setuptools/cli-64.exe",
	"/usr/lib/google-cloud-sdk/platform/bundledpythonunix/lib/python3.12/site-packages/setuptools/gui-arm64.exe",
	"/usr/lib/llvm-14/build/utils/lit/tests/Inputs/lld-features/ld.lld.exe",
	"/bin/ls",
}

// knownDiffs are the samples on which Overt is known to differ from yara
// 4.2.3, with the reason.
var knownDiffs = map[string]string{}

func TestDiffSystemSamples(t *testing.T) {
	needYara(t)
	for _, path := range systemSamples {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if why, ok := knownDiffs[filepath.Base(path)]; ok {
				t.Skip("known difference: " + why)
			}
			diffFile(t, path)
		})
	}
}

// buildGo cross-compiles a small program for goos/goarch into dir.
func buildGo(t *testing.T, dir, goos, goarch string, ldflags string) string {
	t.Helper()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, goos+"-"+goarch+".exe")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", out, src)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=", "GO111MODULE=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot cross-compile for %s/%s: %v\n%s", goos, goarch, err, b)
	}
	return out
}

func TestDiffGoBinaries(t *testing.T) {
	needYara(t)
	if testing.Short() {
		t.Skip("builds Go binaries")
	}
	dir := t.TempDir()
	for _, tc := range []struct{ goos, goarch, ldflags string }{
		{"windows", "386", ""},
		{"windows", "amd64", "-s -w"},
		{"windows", "arm64", ""},
		{"linux", "amd64", "-s -w"},
		{"darwin", "arm64", "-s -w"},
	} {
		t.Run(tc.goos+"-"+tc.goarch, func(t *testing.T) {
			diffFile(t, buildGo(t, dir, tc.goos, tc.goarch, tc.ldflags))
		})
	}
}

func TestDiffGenerated(t *testing.T) {
	needYara(t)
	for _, path := range pe.WriteTestImages(t, t.TempDir()) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			diffFile(t, path)
		})
	}
}
