package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts a CPU profile into cpuPath and arranges a heap
// profile into memPath (either may be empty); the returned function stops
// the CPU profile and writes the heap profile, reporting failures to w.
// They are debugging aids for the scan command (--cpuprofile, --memprofile).
func startProfiles(cpuPath, memPath string) (func(w io.Writer), error) {
	var cpu *os.File
	if cpuPath != "" {
		f, err := os.Create(cpuPath)
		if err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("--cpuprofile %s: %w", cpuPath, err)
		}
		cpu = f
	}
	return func(w io.Writer) {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				fmt.Fprintf(w, "error: --cpuprofile: %v\n", err)
			}
		}
		if memPath == "" {
			return
		}
		f, err := os.Create(memPath)
		if err != nil {
			fmt.Fprintf(w, "error: --memprofile: %v\n", err)
			return
		}
		runtime.GC() // up-to-date statistics of live objects
		if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
			fmt.Fprintf(w, "error: --memprofile %s: %v\n", memPath, err)
		}
		if err := f.Close(); err != nil {
			fmt.Fprintf(w, "error: --memprofile: %v\n", err)
		}
	}, nil
}
