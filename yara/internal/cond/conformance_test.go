package cond

import (
	"errors"
	"testing"

	"github.com/overt-sec/overt/internal/conformance"
)

// conformanceExceptions lists vectors whose expectation this package
// knowingly does not meet, with the reason.
var conformanceExceptions = map[int]string{
	301: "entrypoint needs the pe/elf parsers (undefined for now)",
	697: "entrypoint needs the pe/elf parsers (undefined for now)",
	699: "entrypoint needs the pe/elf parsers (undefined for now)",
}

// TestConformance evaluates every vector the front end accepts, with string
// matches from the reference matcher, and compares with `expect`.
func TestConformance(t *testing.T) {
	set := conformance.Load(t)
	top := set.TopDir(t)
	var pass, total, frontEnd int
	for _, v := range set.Vectors {
		if v.Expect == "error" {
			continue
		}
		total++
		got, err := runVector(v.Source(top), set.Bytes(t, &v), v.AllExternals())
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

// runVector compiles src with the externals ext and scans data, returning
// "match" or "nomatch".
func runVector(src string, data []byte, ext map[string]any) (string, error) {
	c, err := compileSource(src, ext)
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
