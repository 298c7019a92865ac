package testserver

import "syscall"

// sysProcAttr makes the kernel kill a server when the test binary dies (a
// panic, a -timeout, a Ctrl-C), so no orphan keeps a port or memory. The signal
// is tied to the OS thread that started the child; Go only retires threads that
// a goroutine locked and abandoned, which this package never does.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
