package syntax

import (
	"bufio"
	"encoding/json"
	"go/token"
	"os"
	"path/filepath"
	"testing"
)

type vector struct {
	ID     int    `json:"id"`
	Rule   string `json:"rule"`
	Expect string `json:"expect"`
	Note   string `json:"note"`
}

func loadVectors(tb testing.TB) []vector {
	path := filepath.Join(sharedDir(tb), "conformance", "yara-vectors.jsonl")
	f, err := os.Open(path)
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
	return vs
}

// TestConformanceVectors parses every vector: the valid ones must parse
// without error; for the error ones it reports how many the parser alone
// rejects (the rest are semantic errors for the checker).
func TestConformanceVectors(t *testing.T) {
	vs := loadVectors(t)
	rejected, errorVectors := 0, 0
	for _, v := range vs {
		fset := token.NewFileSet()
		_, errs := ParseFile(fset, "vector.yar", []byte(v.Rule), 0)
		switch v.Expect {
		case "match", "nomatch":
			if errs.HasErrors() {
				t.Errorf("vector %d (%s) must parse: %v\n%s", v.ID, v.Note, errs, v.Rule)
			}
		case "error":
			errorVectors++
			if errs.HasErrors() {
				rejected++
				t.Logf("vector %d rejected: %v", v.ID, errs.Errors()[0])
			} else {
				t.Logf("vector %d left to the checker: %s", v.ID, v.Rule)
			}
		}
	}
	t.Logf("parser rejects %d of %d error vectors", rejected, errorVectors)
	if len(vs) > 0 && rejected == 0 {
		t.Errorf("parser rejected no error vector")
	}
}
