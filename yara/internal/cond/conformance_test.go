package cond

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// sharedDir returns the repository's sibling "shared" folder, skipping the
// test when it is absent.
func sharedDir(tb testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared material not found at %s", dir)
	}
	return dir
}

// vector is one line of conformance/yara-vectors.jsonl.
type vector struct {
	ID          int    `json:"id"`
	Rule        string `json:"rule"`
	Data        string `json:"data"`
	Expect      string `json:"expect"`
	Note        string `json:"note"`
	File        string `json:"file"`
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
var conformanceExternals = map[string]any{"var_zero": int64(0), "var_one": int64(1), "var_true": true, "var_false": false}

// conformanceExceptions lists vectors whose expectation this package
// knowingly does not meet, with the reason.
var conformanceExceptions = map[int]string{
	301: "entrypoint needs the pe/elf parsers (undefined for now)",
	697: "entrypoint needs the pe/elf parsers (undefined for now)",
	699: "entrypoint needs the pe/elf parsers (undefined for now)",
	401: "refmatch: \\b in a wide regexp (string matching, not conditions)",
	403: "refmatch: \\b in a wide regexp (string matching, not conditions)",
	405: "refmatch: \\b in a wide regexp (string matching, not conditions)",
}

// TestConformance evaluates every vector the front end accepts, with string
// matches from the reference matcher, and compares with `expect`.
func TestConformance(t *testing.T) {
	vs, dir := loadVectors(t)
	var pass, total, frontEnd int
	for _, v := range vs {
		if v.Expect == "error" {
			continue
		}
		src := v.Rule
		if v.Placeholder != "" {
			src = strings.ReplaceAll(src, v.Placeholder+"/tests", dir)
		}
		data, err := hex.DecodeString(v.Data)
		if err != nil {
			t.Fatalf("vector %d: bad data: %v", v.ID, err)
		}
		if v.File != "" {
			data, err = os.ReadFile(filepath.Join(dir, strings.TrimPrefix(v.File, "tests/")))
			if err != nil {
				t.Errorf("vector %d: %v", v.ID, err)
				continue
			}
		}
		total++
		got, err := runVector(src, data)
		var fe *errFrontEnd
		if errors.As(err, &fe) {
			frontEnd++ // the front end's own tests cover these
			t.Logf("vector %d: rejected by the front end: %v", v.ID, err)
			continue
		}
		reason, excepted := conformanceExceptions[v.ID]
		switch {
		case err != nil:
			if !excepted {
				t.Errorf("vector %d (%s): %v\n%s", v.ID, v.Note, err, v.Rule)
			}
		case got != v.Expect:
			if !excepted {
				t.Errorf("vector %d (%s): got %s, want %s\n%s", v.ID, v.Note, got, v.Expect, v.Rule)
			}
		default:
			pass++
			if excepted {
				t.Errorf("vector %d passes but is listed as an exception (%s)", v.ID, reason)
			}
		}
	}
	t.Logf("%d/%d valid vectors give their expectation (%.1f%%); %d rejected by the front end; %d exceptions",
		pass, total, 100*float64(pass)/float64(max(total, 1)), frontEnd, len(conformanceExceptions))
}

// runVector compiles src and scans data, returning "match" or "nomatch".
func runVector(src string, data []byte) (string, error) {
	c, err := compileSource(src, conformanceExternals)
	if err != nil {
		return "", err
	}
	res, _, err := c.scan(data)
	if err != nil {
		return "", err
	}
	if len(c.matching(res)) > 0 {
		return "match", nil
	}
	return "nomatch", nil
}
