package regex

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"testing"
)

// conformancePath is the shared vector file; the test skips if it is absent.
const conformancePath = "/work/shared/conformance/yara-vectors.jsonl"

// TestConformanceVectors runs the vectors whose rule is exactly one regexp
// string used as the condition, with YARA 4.5 expectations.
func TestConformanceVectors(t *testing.T) {
	raw, err := os.ReadFile(conformancePath)
	if err != nil {
		t.Skipf("conformance vectors not available: %v", err)
	}
	type vector struct {
		ID         int     `json:"id"`
		Rule       string  `json:"rule"`
		Data       string  `json:"data"`
		Expect     string  `json:"expect"`
		Regexp     *string `json:"regexp"`
		CaptureHex *string `json:"capture_hex"`
	}
	ran := 0
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var v vector
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("bad vector line: %v", err)
		}
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
			data, err := hex.DecodeString(v.Data)
			if err != nil {
				t.Fatal(err)
			}
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
