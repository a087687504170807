package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRepoRoot(t *testing.T) {
	if _, err := os.Stat(filepath.Join(RepoRoot(), "go.mod")); err != nil {
		t.Errorf("RepoRoot() = %s has no go.mod: %v", RepoRoot(), err)
	}
}

func TestSharedLookups(t *testing.T) {
	dir := SharedDir(t)
	if got := OptionalSharedDir(); got != dir {
		t.Errorf("OptionalSharedDir() = %q, want %q", got, dir)
	}
	tests := []struct {
		name string
		path string
	}{
		{"SharedPath", SharedPath(t, "conformance", "yara-vectors.jsonl")},
		{"RuleSet", RuleSet(t, "yara-rules")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); err != nil {
				t.Errorf("%s returned a missing path: %v", tt.name, err)
			}
		})
	}
	for _, r := range RuleSets(t) {
		if filepath.Base(r) != ruleSetIndex {
			t.Errorf("RuleSets returned %s, not an index file", r)
		}
	}
}

func TestSampleSkipsWhenMissing(t *testing.T) {
	t.Setenv("CI", "true") // optional samples must not fail even under CI
	ok := t.Run("missing", func(t *testing.T) {
		Sample(t, filepath.Join(t.TempDir(), "absent"))
		t.Error("Sample returned for a missing file")
	})
	if !ok {
		t.Error("Sample failed the test instead of skipping it")
	}
	if got := Sample(t, "testenv.go"); got != "testenv.go" {
		t.Errorf("Sample(existing) = %q", got)
	}
}
