package procmem

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
)

// Process is an attached process whose memory can be read. Close detaches
// it (letting it run again).
type Process struct {
	pid     int
	mem     *os.File
	regions []Region
	detach  chan struct{} // closed by Close: the tracer goroutine detaches
	done    chan struct{} // closed once detached
}

// Open attaches process pid with ptrace, as yara does (the process stops
// until Close), and reads its memory map. It fails with ErrAttach when the
// process does not exist or may not be traced, and ErrRead when its map or
// memory cannot be opened.
func Open(pid int) (*Process, error) {
	if pid <= 0 {
		return nil, ErrAttach
	}
	p := &Process{pid: pid, detach: make(chan struct{}), done: make(chan struct{})}
	attached := make(chan error, 1)
	// ptrace requests must come from the thread that attached: one locked
	// goroutine attaches, waits for Close, and detaches.
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer close(p.done)
		if err := attach(pid); err != nil {
			attached <- err
			return
		}
		attached <- nil
		<-p.detach
		_ = syscall.PtraceDetach(pid)
	}()
	if err := <-attached; err != nil {
		return nil, err
	}
	if err := p.open(); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// attach attaches pid and waits until it has stopped.
func attach(pid int) error {
	if err := syscall.PtraceAttach(pid); err != nil {
		return ErrAttach
	}
	for {
		var ws syscall.WaitStatus
		_, err := syscall.Wait4(pid, &ws, syscall.WALL, nil)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil || !ws.Stopped() {
			// The process went away while being attached.
			_ = syscall.PtraceDetach(pid)
			return ErrAttach
		}
		return nil
	}
}

// open reads the memory map and opens the memory of the attached process.
func (p *Process) open() error {
	dir := "/proc/" + strconv.Itoa(p.pid)
	maps, err := os.Open(dir + "/maps")
	if err != nil {
		return ErrRead
	}
	p.regions, err = ParseMaps(maps)
	maps.Close()
	if err != nil {
		return fmt.Errorf("%w: %s/maps: %v", ErrRead, dir, err)
	}
	if p.mem, err = os.Open(dir + "/mem"); err != nil {
		return ErrRead
	}
	return nil
}

// Regions returns the process's mappings, in address order.
func (p *Process) Regions() []Region { return p.regions }

// ReadAt reads len(b) bytes of the process's memory at address addr. As
// yara 4.2.3 does, bytes that cannot be read (pseudo-mappings such as
// [vvar] fail with EIO) read as zeros: the read never fails.
func (p *Process) ReadAt(b []byte, addr int64) (int, error) {
	n := 0
	for n < len(b) {
		m, err := p.mem.ReadAt(b[n:], addr+int64(n))
		n += m
		if err != nil || m == 0 {
			break
		}
	}
	clear(b[n:])
	return len(b), nil
}

// Close closes the process's memory and detaches the process.
func (p *Process) Close() error {
	var err error
	if p.mem != nil {
		err = p.mem.Close()
		p.mem = nil
	}
	select {
	case <-p.detach:
	default:
		close(p.detach)
	}
	<-p.done
	return err
}
