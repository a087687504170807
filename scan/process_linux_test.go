package scan

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/overt-sec/overt/yara"
)

// processMarker is held in the argv (on the stack) of the child scanned.
const processMarker = "OVERT_PROCMEM_MARKER_7Q"

// processRules exercise what differs in a process scan: addresses, no
// filesize or entrypoint, integer reads at address 0.
const processRules = `
rule marker { strings: $a = "OVERT_PROCMEM_MARKER_7Q" condition: $a }
rule no_filesize { condition: not defined filesize }
rule no_entrypoint { condition: not defined entrypoint }
rule no_zero_page { condition: not defined uint32(0) }
`

// startMarked starts a sleeping child whose argv[0] is processMarker.
func startMarked(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	cmd.Args[0] = processMarker
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start sleep: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	time.Sleep(100 * time.Millisecond) // let it exec
	return cmd.Process.Pid
}

// runProcess scans pid with processRules as overt scan -s does.
func runProcess(t *testing.T, pid int) (stdout, stderr string, sum Summary) {
	t.Helper()
	c := yara.NewCompiler()
	if err := c.AddSource("p.yar", []byte(processRules), "default"); err != nil {
		t.Fatal(err)
	}
	rules, err := c.Rules()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	cfg := Config{Workers: 1, Text: TextOptions{Strings: true}}
	sum = Run(context.Background(), NewYaraEngine(rules, yara.ScanOptions{}, true), strconv.Itoa(pid), cfg, &out, &errb)
	return out.String(), errb.String(), sum
}

func TestScanProcess(t *testing.T) {
	pid := startMarked(t)
	out, errs, sum := runProcess(t, pid)
	if errs != "" || sum.Failed {
		t.Fatalf("scan of process %d failed: %q", pid, errs)
	}
	p := strconv.Itoa(pid)
	for _, want := range []string{"marker " + p + "\n0x", ":$a: " + processMarker + "\n",
		"no_filesize " + p + "\n", "no_entrypoint " + p + "\n", "no_zero_page " + p + "\n"} {
		if !bytes.Contains([]byte(out), []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if sum.Bytes == 0 {
		t.Errorf("summary counts no bytes scanned")
	}
	if _, err := exec.LookPath("yara"); err != nil {
		t.Skip("yara not on PATH: no differential check")
	}
	rf := t.TempDir() + "/p.yar"
	if err := os.WriteFile(rf, []byte(processRules), 0o644); err != nil {
		t.Fatal(err)
	}
	yout, err := exec.Command("yara", "-w", "-s", rf, p).Output()
	if err != nil {
		t.Skipf("yara cannot scan process %d: %v", pid, err)
	}
	if string(yout) != out {
		t.Errorf("overt and yara differ on process %d:\novert:\n%s\nyara:\n%s", pid, out, yout)
	}
}

func TestScanProcessMissing(t *testing.T) {
	const pid = 2147483646 // no such process
	out, errs, sum := runProcess(t, pid)
	want := "error scanning 2147483646: can not attach to process (try running as root)\n"
	if out != "" || errs != want || !sum.Failed {
		t.Errorf("got stdout %q stderr %q failed %v, want stderr %q and a failed run", out, errs, sum.Failed, want)
	}
}
