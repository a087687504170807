package regex

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// diffCases are (pattern, data) pairs compared with yara -s -L. Patterns
// whose atom yara would pick inside an alternation or after a
// variable-length prefix are avoided: there yara's backward matching can
// differ from forward leftmost-first matching (see the package doc).
var diffCases = []struct{ pattern, data string }{
	{`abc`, "xabcabc"},
	{`a+?`, "xaabcdab"},
	{`a.*?b`, "xaabcdab"},
	{`a*b?`, "xaabcdab"},
	{`ab(cd)?`, "xabcdab"},
	{`ab(cd)??`, "xabcdab"},
	{`xyzw(bcd|b)`, "xyzwbcdeab"},
	{`xyzw(b|bcd)`, "xyzwbcdeab"},
	{`xyzw(b|bc)d?`, "xyzwbcdeab"},
	{`xyzw(bc|b)d?`, "xyzwbcdeab"},
	{`xyzw(b|bc)(d|de)`, "xyzwbcdeab"},
	{`xyzw(b|bc)*d`, "xyzwbcdeab"},
	{`a{,5}`, "aaaaaaa"},
	{`a{2,}`, "aaaaaaa"},
	{`a{,}`, "a{,} aaa"},
	{`a{x}{}`, "a{x}{}"},
	{`x{,2}`, "xxxx a{,2}"},
	{`(a{2,3}b){2,3}`, "aabaaabaab"},
	{`[a-\d]`, "xa-5b"},
	{`[\d-z]`, "x5-yz"},
	{`[[:alpha:]]`, "xa]:]"},
	{`[a-z&&b]`, "x&"},
	{`[\b]`, "\x08b"},
	{`\v\e\q\A`, "veqA"},
	{`\babc\b`, " abc abcd 1abc"},
	{`\B\w\w`, "abcd ef"},
	{`abc\s\B`, "abc  abc x"},
	{`^ab|cd$`, "abcdab cd"},
	{`[^\n]+x`, "ab\ncdx"},
	{`.b`, "a\nb\rb"},
	{`\d+\D`, "x123y45"},
	{`[\s]+\S`, " \t\v\fx"},
	{`(a|b)+c`, "xababcabc"},
	{`foo[^\s]*`, "foobar\nfoo x"},
	{`\x41\x42+`, "ABBBAB"},
	{`a[]-]+b`, "a-]-b"},
	{`[*-_]+`, "abc*ABC_"},
	{`([0-9]{1,3}\.){3}[0-9]{1,3}`, "ip 10.0.0.1 and 192.168.100.200."},
}

// TestDifferentialYara compares FindAll with yara's reported matches. Empty
// matches are dropped from our side: yara 4.2.3 drops them, YARA 4.5 keeps them.
func TestDifferentialYara(t *testing.T) {
	yara := testenv.Yara(t)
	dir := t.TempDir()
	for _, c := range diffCases {
		t.Run(c.pattern, func(t *testing.T) {
			re, err := Compile(c.pattern, 0)
			if err != nil {
				t.Fatal(err)
			}
			var ours []string
			re.FindAll([]byte(c.data), func(s, n int) bool {
				if n > 0 {
					ours = append(ours, fmt.Sprintf("%d:%q", s, c.data[s:s+n]))
				}
				return true
			})
			theirs := yaraMatches(t, yara, dir, "/"+c.pattern+"/", []byte(c.data))
			if g, w := strings.Join(ours, " "), strings.Join(theirs, " "); g != w {
				t.Errorf("/%s/ over %q:\n ours %s\n yara %s", c.pattern, c.data, g, w)
			}
		})
	}
}

// yaraMatches runs yara -s -L on one regexp string and returns "offset:data" items.
func yaraMatches(t *testing.T, yara, dir, regexp string, data []byte) []string {
	t.Helper()
	rule := filepath.Join(dir, "r.yar")
	file := filepath.Join(dir, "data")
	src := "rule r { strings: $a = " + regexp + " condition: $a }\n"
	if err := os.WriteFile(rule, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(yara, "-s", "-L", rule, file)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("yara: %v: %s", err, stderr.String())
	}
	var res []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		// 0x1:3:$a: abc
		f := strings.SplitN(sc.Text(), ":", 3)
		if len(f) < 3 || !strings.HasPrefix(f[0], "0x") {
			continue
		}
		off, err1 := strconv.ParseInt(f[0][2:], 16, 64)
		n, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || int(off)+n > len(data) {
			t.Fatalf("cannot read yara line %q", sc.Text())
		}
		res = append(res, fmt.Sprintf("%d:%q", off, data[off:int(off)+n]))
	}
	return res
}
