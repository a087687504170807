package dex

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/modules/console"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// quote writes a string value as the console module logs it, quoted.
func quote(s string) string { return fmt.Sprintf("%q", console.Escape(s)) }

// dump returns the sorted field lines of the module for data.
func dump(t *testing.T, data []byte) string {
	v, err := Module.Load(&object.LoadInput{Data: data})
	if err != nil {
		t.Fatal(err)
	}
	lines := modtest.Dump(nil, "", v, &types.Type{Kind: types.Structure, Struct: Schema}, quote)
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

func TestGolden(t *testing.T) {
	modtest.CheckGoldenFiles(t, testFiles(), dump)
}
