package yara

import (
	"bytes"
	"os"
	"testing"
	"time"
)

// sharedRuleSets are the public rule sets of the shared material.
var sharedRuleSets = []string{
	"/work/shared/rules/yara-rules/index-compiled.yar",
}

// TestSharedRuleSets compiles the public rule sets, saves and loads them
// back, and reports the times (LoadRules's documentation quotes them).
func TestSharedRuleSets(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, path := range sharedRuleSets {
		t.Run(path, func(t *testing.T) {
			if _, err := os.Stat(path); err != nil {
				t.Skip(err)
			}
			start := time.Now()
			c := NewCompiler()
			for _, n := range []string{"filename", "filepath", "extension", "filetype", "owner"} {
				_ = c.DefineExternal(n, "")
			}
			if err := c.AddFile(path, ""); err != nil {
				t.Fatalf("AddFile: %v", err)
			}
			rules, err := c.Rules()
			if err != nil {
				t.Fatal(err)
			}
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
