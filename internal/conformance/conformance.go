// Package conformance loads the rule-language test vectors of
// ../shared/conformance/yara-vectors.jsonl for the tests of every engine
// layer (parser, checker, regex, conditions, the whole engine), so each
// layer reads them one way. See that folder's README for the fields.
package conformance

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// Vector is one test vector.
type Vector struct {
	ID         int            `json:"id"`                     // stable number
	Rule       string         `json:"rule"`                   // rule source
	Data       string         `json:"data"`                   // hex of the bytes to scan
	Expect     string         `json:"expect"`                 // "match", "nomatch" or "error" (YARA 4.5)
	Note       string         `json:"note"`                   // the kind of check the vector came from
	Yara423    string         `json:"yara_4_2_3"`             // what Debian's yara 4.2.3 does
	File       string         `json:"file"`                   // scan this file of the folder instead of Data
	TopSrcdir  string         `json:"top_srcdir_placeholder"` // replace @TOP_SRCDIR@ in Rule (see Source)
	CaptureHex *string        `json:"capture_hex"`            // bytes the regexp must match
	MatchCount *int           `json:"match_count"`            // matches the string must have
	Regexp     *string        `json:"regexp"`                 // the regexp under test, for regexp vectors
	Externals  map[string]any `json:"externals"`              // externals of the vector, if any
}

// Externals are the external variables every vector is compiled with.
var Externals = map[string]any{"var_zero": int64(0), "var_one": int64(1), "var_true": true, "var_false": false}

// Set is the loaded vectors with the folder they came from.
type Set struct {
	Dir     string   // the conformance folder
	Vectors []Vector // in file order
}

// Load reads every vector; it skips tb (fails it under CI) without the
// shared material.
func Load(tb testing.TB) *Set {
	tb.Helper()
	dir := testenv.SharedPath(tb, "conformance")
	f, err := os.Open(filepath.Join(dir, "yara-vectors.jsonl"))
	if err != nil {
		tb.Fatalf("conformance vectors: %v", err)
	}
	defer f.Close()
	s := &Set{Dir: dir}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var v Vector
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatalf("yara-vectors.jsonl:%d: %v", len(s.Vectors)+1, err)
		}
		s.Vectors = append(s.Vectors, v)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return s
}

// TopDir returns a folder that stands for @TOP_SRCDIR@: it holds a "tests"
// link to the conformance folder, as the README describes. It is made once
// per test in a temporary directory.
func (s *Set) TopDir(tb testing.TB) string {
	tb.Helper()
	top := tb.TempDir()
	if err := os.Symlink(s.Dir, filepath.Join(top, "tests")); err != nil {
		tb.Fatal(err)
	}
	return top
}

// Source returns the vector's rule with @TOP_SRCDIR@ replaced by top.
func (v *Vector) Source(top string) string {
	if v.TopSrcdir == "" {
		return v.Rule
	}
	return strings.ReplaceAll(v.Rule, v.TopSrcdir, top)
}

// Bytes returns the data the vector scans: the named file of the
// conformance folder, or the decoded Data.
func (s *Set) Bytes(tb testing.TB, v *Vector) []byte {
	tb.Helper()
	if v.File != "" {
		b, err := os.ReadFile(filepath.Join(s.Dir, strings.TrimPrefix(v.File, "tests/")))
		if err != nil {
			tb.Fatalf("vector %d: %v", v.ID, err)
		}
		return b
	}
	b, err := hex.DecodeString(v.Data)
	if err != nil {
		tb.Fatalf("vector %d: bad data hex: %v", v.ID, err)
	}
	return b
}

// AllExternals returns the externals to compile v with: the common ones
// plus the vector's own.
func (v *Vector) AllExternals() map[string]any {
	m := make(map[string]any, len(Externals)+len(v.Externals))
	for k, x := range Externals {
		m[k] = x
	}
	for k, x := range v.Externals {
		if f, ok := x.(float64); ok && f == float64(int64(f)) {
			x = int64(f) // JSON numbers arrive as float64
		}
		m[k] = x
	}
	return m
}
