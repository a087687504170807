// Package matchcases reads and writes the engine-independent table of
// string-matching cases (yara/internal/refmatch/testdata/cases.jsonl) and
// asks yara what it matches for one case. The tests of the reference
// matcher (refmatch) and of the compiled patterns (pattern) share it.
package matchcases

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// maxLine bounds one line of a case table: cases are one short string
// definition and a small input each.
const maxLine = 1 << 20

// Case is one line of a case table: a test of one string definition on
// one input.
type Case struct {
	Name   string   `json:"name"`             // unique name
	String string   `json:"string"`           // the value and modifiers of $a, as in a rule
	Data   string   `json:"data"`             // the input, as the body of a Go string literal
	Yara   [][2]int `json:"yara"`             // [offset, length] of each match yara 4.2.3 reports
	Want   [][2]int `json:"want,omitempty"`   // expected matches when they differ from yara 4.2.3
	Note   string   `json:"note,omitempty"`   // why Want differs, or what the case shows
	NoYara bool     `json:"noyara,omitempty"` // yara 4.2.3 rejects the rule (newer syntax)
}

// Bytes returns the input of the case.
func (c *Case) Bytes(tb testing.TB) []byte {
	tb.Helper()
	s, err := strconv.Unquote(`"` + c.Data + `"`)
	if err != nil {
		tb.Fatalf("case %s: bad data %q: %v", c.Name, c.Data, err)
	}
	return []byte(s)
}

// Expected returns the matches an engine must report: Want when set,
// otherwise what yara reports, never nil.
func (c *Case) Expected() [][2]int {
	w := c.Want
	if w == nil {
		w = c.Yara
	}
	if w == nil {
		w = [][2]int{}
	}
	return w
}

// Rule returns the rule text of the case (see Rule).
func (c *Case) Rule() string { return Rule(c.String) }

// Rule returns a rule defining $a as str whose condition logs the offset
// and length of every match through the console module, so that a yara run
// reports exact lengths (yara -s truncates long matched data).
func Rule(str string) string {
	return "import \"console\"\nrule r { strings: $a = " + str +
		" condition: for all i in (1..#a) : (console.log(\"m:\", @a[i]) and console.log(\"l:\", !a[i])) }\n"
}

// Load reads the case table at path.
func Load(tb testing.TB, path string) []*Case {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cases []*Case
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, maxLine)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		c := new(Case)
		if err := json.Unmarshal(sc.Bytes(), c); err != nil {
			tb.Fatalf("%s:%d: %v", path, line, err)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return cases
}

// Encode renders cases as a case table, one JSON object a line.
func Encode(cases []*Case) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// RunYara scans data with rule (made by Rule) using the yara binary at
// yara, and returns the [offset, length] of each match of $a.
func RunYara(tb testing.TB, yara, rule string, data []byte) [][2]int {
	tb.Helper()
	dir := tb.TempDir()
	rf, df := filepath.Join(dir, "r.yar"), filepath.Join(dir, "d.bin")
	if err := os.WriteFile(rf, []byte(rule), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(df, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(yara, "-w", rf, df).CombinedOutput()
	if err != nil {
		tb.Fatalf("yara %q: %v\n%s", rule, err, out)
	}
	res, err := ParseLog(out)
	if err != nil {
		tb.Fatalf("yara %q: %v", rule, err)
	}
	return res
}

// ParseLog reads the "m:offset" and "l:length" lines the condition of Rule
// logs and returns the [offset, length] pairs; other lines are ignored.
func ParseLog(out []byte) ([][2]int, error) {
	res := [][2]int{}
	for i, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "m:"); ok {
			off, err := strconv.Atoi(v)
			if err != nil {
				return nil, &logError{i + 1, line}
			}
			res = append(res, [2]int{off, -1})
		} else if v, ok := strings.CutPrefix(line, "l:"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || len(res) == 0 {
				return nil, &logError{i + 1, line}
			}
			res[len(res)-1][1] = n
		}
	}
	return res, nil
}

// logError reports a log line ParseLog cannot read.
type logError struct {
	line int
	text string
}

func (e *logError) Error() string {
	return "output line " + strconv.Itoa(e.line) + ": unexpected " + strconv.Quote(e.text)
}
