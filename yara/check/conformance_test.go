package check

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// sharedDir returns /work/shared (the repository's sibling "shared"
// folder), skipping the test when it is absent.
func sharedDir(tb testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared material not found at %s", dir)
	}
	return dir
}

// vector is one line of conformance/yara-vectors.jsonl.
type vector struct {
	ID          int    `json:"id"`
	Rule        string `json:"rule"`
	Expect      string `json:"expect"`
	Note        string `json:"note"`
	Yara423     string `json:"yara_4_2_3"`
	Placeholder string `json:"top_srcdir_placeholder"`
}

func loadVectors(tb testing.TB) ([]vector, string) {
	dir := filepath.Join(sharedDir(tb), "conformance")
	f, err := os.Open(filepath.Join(dir, "yara-vectors.jsonl"))
	if err != nil {
		tb.Skipf("no conformance vectors: %v", err)
	}
	defer f.Close()
	var vs []vector
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var v vector
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatalf("bad vector line: %v", err)
		}
		vs = append(vs, v)
	}
	return vs, dir
}

// conformanceExternals are the externals the vectors are compiled with.
var conformanceExternals = []string{"var_zero=0", "var_one=1", "var_true=true", "var_false=false"}

// conformanceExceptions lists vectors where the front end (parser and
// checker) knowingly disagrees with the expectation, with the reason.
var conformanceExceptions = map[int]string{}

// TestConformance: every "error" vector must produce at least one error
// (from the parser or the checker) and every "match"/"nomatch" vector none.
func TestConformance(t *testing.T) {
	vs, dir := loadVectors(t)
	ext := externalsOf(t, conformanceExternals...)
	var byParser, byChecker, errorVectors, valid int
	for _, v := range vs {
		src := v.Rule
		if v.Placeholder != "" {
			// The vectors expect a folder holding tests/data/; the
			// conformance folder has data/ directly.
			src = strings.ReplaceAll(src, v.Placeholder+"/tests", dir)
		}
		_, perrs, cerrs := checkSource("vector.yar", []byte(src), ext)
		rejected := perrs.HasErrors() || cerrs.HasErrors()
		want := v.Expect == "error"
		if reason, ok := conformanceExceptions[v.ID]; ok {
			t.Logf("vector %d: known exception (%s)", v.ID, reason)
			continue
		}
		if want {
			errorVectors++
			switch {
			case perrs.HasErrors():
				byParser++
			case cerrs.HasErrors():
				byChecker++
			}
		} else {
			valid++
		}
		if rejected != want {
			t.Errorf("vector %d (%s): expect %s, parser: %v, checker: %v\n%s", v.ID, v.Note, v.Expect,
				perrs.Errors(), cerrs.Errors(), v.Rule)
		}
	}
	t.Logf("%d error vectors: %d rejected by the parser, %d by the checker; %d valid vectors; %d exceptions",
		errorVectors, byParser, byChecker, valid, len(conformanceExceptions))
}
