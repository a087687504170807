package yara

import (
	"bytes"
	"testing"
	"time"

	"github.com/overt-sec/overt/internal/testenv"
)

// sharedRuleSets are the public rule sets of the shared material that
// TestSharedRuleSets compiles, by name.
var sharedRuleSets = []string{"yara-rules"}

// TestSharedRuleSets compiles the public rule sets, saves and loads them
// back, and reports the times (LoadRules's documentation quotes them).
func TestSharedRuleSets(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, name := range sharedRuleSets {
		t.Run(name, func(t *testing.T) {
			path := testenv.RuleSet(t, name)
			start := time.Now()
			rules, c := compileSet(t, path)
			compile := time.Since(start)
			var buf bytes.Buffer
			if err := rules.Save(&buf); err != nil {
				t.Fatal(err)
			}
			start = time.Now()
			loaded, err := LoadRules(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			load := time.Since(start)
			if loaded.NumRules() != rules.NumRules() || loaded.NumStrings() != rules.NumStrings() || loaded.NumAtoms() != rules.NumAtoms() {
				t.Errorf("loaded %d rules %d strings %d atoms, saved %d %d %d", loaded.NumRules(), loaded.NumStrings(), loaded.NumAtoms(), rules.NumRules(), rules.NumStrings(), rules.NumAtoms())
			}
			t.Logf("%d rules, %d strings, %d atoms, %d warnings; compile %v, file %d bytes, load %v",
				rules.NumRules(), rules.NumStrings(), rules.NumAtoms(), len(c.Warnings()), compile, buf.Len(), load)
		})
	}
}
