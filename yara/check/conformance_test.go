package check

import (
	"testing"

	"github.com/overt-sec/overt/internal/conformance"
)

// conformanceExceptions lists vectors where the front end (parser and
// checker) knowingly disagrees with the expectation, with the reason.
var conformanceExceptions = map[int]string{}

// TestConformance: every "error" vector must produce at least one error
// (from the parser or the checker) and every "match"/"nomatch" vector none.
func TestConformance(t *testing.T) {
	set := conformance.Load(t)
	top := set.TopDir(t)
	var byParser, byChecker, errorVectors, valid int
	for _, v := range set.Vectors {
		_, perrs, cerrs := checkSource("vector.yar", []byte(v.Source(top)), v.AllExternals())
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
