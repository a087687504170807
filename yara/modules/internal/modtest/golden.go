package modtest

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
)

// CheckGoldenFiles runs one subtest per sample of files, in name order,
// comparing dump of its data with the golden file testdata/NAME.golden
// (NAME without its extension); go test -update rewrites the files.
func CheckGoldenFiles(t *testing.T, files map[string][]byte, dump func(t *testing.T, data []byte) string) {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", strings.TrimSuffix(name, filepath.Ext(name))+".golden")
			golden.CheckString(t, path, dump(t, files[name]))
		})
	}
}
