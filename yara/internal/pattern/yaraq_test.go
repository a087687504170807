package pattern

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// slowCase is one line of testdata/slow.txt: a string and yarac's verdict.
type slowCase struct {
	str  string
	slow bool
}

// loadSlowCases reads testdata/slow.txt: "SLOW  <string>" or "ok    <string>",
// the verdicts of yarac 4.2.3.
func loadSlowCases(t *testing.T) []slowCase {
	t.Helper()
	f, err := os.Open("testdata/slow.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []slowCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		verdict, str, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("bad line %q", sc.Text())
		}
		out = append(out, slowCase{str: strings.TrimSpace(str), slow: verdict == "SLOW"})
	}
	if len(out) == 0 {
		t.Fatal("no cases")
	}
	return out
}

// TestSlowLikeYara checks Slow against yarac's "may slow down scanning"
// verdicts recorded in testdata/slow.txt.
func TestSlowLikeYara(t *testing.T) {
	for _, c := range loadSlowCases(t) {
		t.Run(c.str, func(t *testing.T) {
			p, err := Compile(mustParse(t, c.str))
			if err != nil {
				t.Fatal(err)
			}
			if p.Slow() != c.slow {
				t.Errorf("Slow() = %v, yarac says %v (yara quality %d)", p.Slow(), c.slow, p.yq)
			}
		})
	}
}

// TestSlowGoldenAgainstYarac checks that testdata/slow.txt still holds
// yarac's verdicts.
func TestSlowGoldenAgainstYarac(t *testing.T) {
	yarac := testenv.Yarac(t)
	cases := loadSlowCases(t)
	var src strings.Builder
	for i, c := range cases {
		src.WriteString("rule r" + itoa(i) + " { strings: $a = " + c.str + " condition: $a }\n")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "p.yar")
	if err := os.WriteFile(in, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(yarac, in, filepath.Join(dir, "p.yarc")).CombinedOutput()
	if err != nil {
		t.Fatalf("yarac: %v\n%s", err, out)
	}
	for i, c := range cases {
		warned := strings.Contains(string(out), `rule "r`+itoa(i)+`" in`)
		if warned != c.slow {
			t.Errorf("%s: testdata says slow=%v, yarac warns=%v", c.str, c.slow, warned)
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
