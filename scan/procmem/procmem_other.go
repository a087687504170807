//go:build !linux

package procmem

// Process is an attached process whose memory can be read; on this
// operating system Open always fails.
type Process struct{}

// Open fails with ErrUnsupported: process memory scanning is implemented
// for Linux only.
func Open(pid int) (*Process, error) { return nil, ErrUnsupported }

// Regions returns nothing on this operating system.
func (p *Process) Regions() []Region { return nil }

// ReadAt fails on this operating system.
func (p *Process) ReadAt(b []byte, addr int64) (int, error) { return 0, ErrUnsupported }

// Close does nothing on this operating system.
func (p *Process) Close() error { return nil }
