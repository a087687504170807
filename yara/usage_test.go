package yara

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// usageCases are conditions over `$a = "ab"` whose reported matches on
// "ababab" depend on how the condition uses $a (fixed offset, fast scan).
var usageCases = []struct {
	cond       string
	want, fast []int64 // offsets reported without and with FastScan
}{
	{`$a`, []int64{0, 2, 4}, []int64{0}},
	{`any of them`, []int64{0, 2, 4}, []int64{0}},
	{`#a == 3`, []int64{0, 2, 4}, []int64{0, 2, 4}},
	{`$a at 2`, []int64{2}, []int64{2}},
	{`$a at 2 or #a == 3`, []int64{0, 2, 4}, []int64{0, 2, 4}},
	{`$a at 2 and $a`, []int64{0, 2, 4}, []int64{0, 2, 4}},
	{`$a in (1..10)`, []int64{0, 2, 4}, []int64{0, 2, 4}},
	{`@a[2] == 2`, []int64{0, 2, 4}, []int64{0, 2, 4}},
	{`!a[1] == 2`, []int64{0, 2, 4}, []int64{0, 2, 4}},
	{`for any of ($a) : ($)`, []int64{0, 2, 4}, []int64{0}},
	{`for any of ($a) : (# == 3)`, []int64{0, 2, 4}, []int64{0, 2, 4}},
	{`for any of ($a) : ($ at 2)`, []int64{0, 2, 4}, []int64{0, 2, 4}},
}

func TestStringUsage(t *testing.T) {
	// With more than maxLinearStrings strings, the usage analysis finds
	// strings through a map instead of a linear search.
	var many string
	for i := range maxLinearStrings + 2 {
		many += fmt.Sprintf(` $z%d = "zz%d"`, i, i)
	}
	const manyCond = ` and (true or any of ($z*))`
	for _, tc := range usageCases {
		for _, variant := range []struct{ name, strs, cond string }{{"few", "", ""}, {"many", many, manyCond}} {
			for _, fast := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/fast=%v", tc.cond, variant.name, fast), func(t *testing.T) {
					r := compile(t, nil, src{"", `rule a { strings: $a = "ab"` + variant.strs + ` condition: (` + tc.cond + `)` + variant.cond + ` }`})
					res, err := r.NewScanner(ScanOptions{FastScan: fast}).ScanBytes(context.Background(), []byte("ababab"))
					if err != nil {
						t.Fatal(err)
					}
					if len(res.Matching) != 1 {
						t.Fatalf("rule does not match")
					}
					got := []int64{}
					for _, s := range res.Matching[0].Strings {
						got = append(got, s.Offset)
					}
					want := tc.want
					if fast {
						want = tc.fast
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("offsets %v, want %v", got, want)
					}
				})
			}
		}
	}
}

// TestStringUsageVsYara checks usageCases against yara -s (and -s -f).
func TestStringUsageVsYara(t *testing.T) {
	yara := testenv.Yara(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "d")
	if err := os.WriteFile(data, []byte("ababab"), 0o644); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^0x([0-9a-f]+):\$a`)
	for i, tc := range usageCases {
		rule := filepath.Join(dir, fmt.Sprintf("r%d.yar", i))
		if err := os.WriteFile(rule, []byte(`rule a { strings: $a = "ab" condition: `+tc.cond+` }`), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, fast := range []bool{false, true} {
			args := []string{"-s", rule, data}
			want := tc.want
			if fast {
				args = append([]string{"-f"}, args...)
				want = tc.fast
			}
			out, err := exec.Command(yara, args...).Output()
			if err != nil {
				t.Fatalf("yara %v: %v", args, err)
			}
			got := []int64{}
			for _, m := range re.FindAllStringSubmatch(string(out), -1) {
				v, _ := strconv.ParseInt(m[1], 16, 64)
				got = append(got, v)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s fast=%v: yara reports %v, the table says %v", tc.cond, fast, got, want)
			}
		}
	}
}
