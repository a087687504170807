package regex

import (
	"encoding/hex"
	"strconv"
	"testing"

	"github.com/overt-sec/overt/internal/conformance"
)

// TestConformanceVectors runs the vectors whose rule is exactly one regexp
// string used as the condition, with YARA 4.5 expectations.
func TestConformanceVectors(t *testing.T) {
	set := conformance.Load(t)
	ran := 0
	for _, v := range set.Vectors {
		if v.Regexp == nil || v.Rule != "rule test { strings: $a = /"+*v.Regexp+"/ condition: $a }" {
			continue
		}
		ran++
		t.Run(strconv.Itoa(v.ID), func(t *testing.T) {
			re, err := Compile(*v.Regexp, 0)
			if v.Expect == "error" {
				if err == nil {
					t.Fatalf("/%s/ compiled, want error", *v.Regexp)
				}
				return
			}
			if err != nil {
				t.Fatalf("/%s/: %v", *v.Regexp, err)
			}
			data := set.Bytes(t, &v)
			first, found := "", false
			re.FindAll(data, func(s, n int) bool {
				first, found = hex.EncodeToString(data[s:s+n]), true
				return false
			})
			if found != (v.Expect == "match") {
				t.Fatalf("/%s/ over %q: found=%v, want %s", *v.Regexp, data, found, v.Expect)
			}
			if found && v.CaptureHex != nil && first != *v.CaptureHex {
				t.Errorf("/%s/ over %q: first match %s, want %s", *v.Regexp, data, first, *v.CaptureHex)
			}
		})
	}
	if ran < 100 {
		t.Errorf("only %d regexp vectors found", ran)
	}
}
