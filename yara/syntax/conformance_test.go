package syntax

import (
	"go/token"
	"testing"

	"github.com/overt-sec/overt/internal/conformance"
)

// TestConformanceVectors parses every vector: the valid ones must parse
// without error; for the error ones it reports how many the parser alone
// rejects (the rest are semantic errors for the checker).
func TestConformanceVectors(t *testing.T) {
	vs := conformance.Load(t).Vectors
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
