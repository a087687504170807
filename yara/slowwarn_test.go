package yara

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// yaracSlow matches yarac's slow-string warning.
var yaracSlow = regexp.MustCompile(`^warning: rule "[^"]*" in (.*)\((\d+)\): string "([^"]*)" may slow down scanning`)

// slowKey identifies one slow-string warning: file:line:string.
func slowKey(file string, line any, str string) string {
	return fmt.Sprintf("%s:%v:%s", file, line, str)
}

// TestSlowWarningsMatchYarac compares the strings overt reports as slow on
// the public rule sets with the warnings of yarac.
func TestSlowWarningsMatchYarac(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	yarac := testenv.Yarac(t)
	for _, path := range benchRuleSets {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			if _, err := os.Stat(path); err != nil {
				t.Skip(err)
			}
			out := filepath.Join(t.TempDir(), "out.yarc")
			args := []string{}
			for _, n := range []string{"filename", "filepath", "extension", "filetype", "owner"} {
				args = append(args, "-d", n+"=")
			}
			cmd := exec.Command(yarac, append(args, path, out)...)
			text, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("yarac: %v\n%s", err, text)
			}
			var want []string
			for _, line := range regexp.MustCompile(`\r?\n`).Split(string(text), -1) {
				if m := yaracSlow.FindStringSubmatch(line); m != nil {
					want = append(want, slowKey(m[1], m[2], m[3]))
				}
			}
			_, c := compileSet(t, path)
			var got []string
			for _, d := range c.Warnings() {
				if d.Code == CodeSlowString {
					got = append(got, slowKey(d.Pos.Filename, d.Pos.Line, regexp.MustCompile(`"([^"]*)"`).FindStringSubmatch(d.Message)[1]))
				}
			}
			slices.Sort(want)
			want = slices.Compact(want)
			slices.Sort(got)
			got = slices.Compact(got)
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("yarac warns, overt does not: %s", w)
				}
			}
			for _, g := range got {
				if !slices.Contains(want, g) {
					t.Errorf("overt warns, yarac does not: %s", g)
				}
			}
			t.Logf("%d slow strings (yarac %d)", len(got), len(want))
		})
	}
}
