package pattern

import (
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// BenchmarkCompileShared compiles every string of each public rule set:
// the pattern part of compiling the set.
func BenchmarkCompileShared(b *testing.B) {
	for _, root := range testenv.RuleSets(b) {
		defs := loadDefs(b, root)
		b.Run(filepath.Base(filepath.Dir(root)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range defs {
					if _, err := Compile(d); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
