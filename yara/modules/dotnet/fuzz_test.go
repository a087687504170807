package dotnet

import (
	"os"
	"testing"

	"github.com/overt-sec/overt/yara/modules/object"
)

// FuzzDotnet loads arbitrary data: nothing may panic, and the work must
// stay bounded. The seeds are the test images (hello.exe, classes.dll and
// their damaged and hostile variants) and small mono assemblies when
// present.
func FuzzDotnet(f *testing.F) {
	for _, b := range testImages() {
		f.Add(b)
	}
	for _, p := range []string{"/usr/lib/mono/4.5/cert-sync.exe", "/usr/share/clamav-testfiles/clam.exe"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Module.Load(&object.LoadInput{Data: data})
		if err != nil || v == nil {
			t.Fatalf("load: %v", err)
		}
	})
}
