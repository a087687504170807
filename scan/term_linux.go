package scan

import (
	"syscall"
	"unsafe"
)

// isTerminal asks the terminal driver about fd (TCGETS), which only a
// terminal answers.
func isTerminal(fd uintptr) bool {
	var t syscall.Termios
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCGETS, uintptr(unsafe.Pointer(&t)))
	return errno == 0
}
