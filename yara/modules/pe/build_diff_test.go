package pe

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteTestImages writes the generated test images into dir and returns
// their paths (used by the differential tests of package pe_test).
func WriteTestImages(t testing.TB, dir string) []string {
	var paths []string
	for name, data := range testImages() {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}
