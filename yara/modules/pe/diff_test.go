package pe_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
	"github.com/overt-sec/overt/yara/modules/internal/modtest/scanlog"
	"github.com/overt-sec/overt/yara/modules/pe"
)

// diffFile compares yara's and Overt's dump of the file at path.
func diffFile(t *testing.T, path string) {
	t.Helper()
	yaraBin := testenv.Yara(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("sample missing: %v", err)
	}
	rule := pe.DumpRule(data, true)
	want := modtest.YaraDumpRule(t, yaraBin, rule, path)
	got := scanlog.Lines(t, scanlog.Compile(t, strings.ReplaceAll(rule, "pe.delay_import_details", "pe.delayed_import_details")), data)
	modtest.CompareCounts(t, want, got)
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
	testenv.Yara(t)
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
	testenv.Yara(t)
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
	testenv.Yara(t)
	for _, path := range pe.WriteTestImages(t, t.TempDir()) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			diffFile(t, path)
		})
	}
}
