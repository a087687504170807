//go:build !linux

package ac

import "time"

// threadCPU is unavailable here: benchmarks report wall-clock speed only.
func threadCPU() time.Duration { return 0 }
