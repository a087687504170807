package modules

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
	"github.com/overt-sec/overt/yara/types"
)

// TestSchemaGolden dumps each module's schema (types.Dump) and compares it
// with testdata/<module>.schema; run with -update to regenerate.
func TestSchemaGolden(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			schema, ok := Lookup(name)
			if !ok {
				t.Fatalf("Lookup(%q) failed for a name from Names()", name)
			}
			got := strings.Join(types.Dump(schema), "\n") + "\n"
			golden.CheckString(t, filepath.Join("testdata", name+".schema"), got)
		})
	}
}
