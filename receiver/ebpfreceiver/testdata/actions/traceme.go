package main

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// forkThenTraceme forks a single-threaded child (see namespaces.go) that
// asks to be traced by its parent, PTRACE_TRACEME, as anti-debugging code
// does (a second tracer cannot attach), and exits with its errno.
//
//go:nosplit
//go:norace
func forkThenTraceme() (pid int, errno syscall.Errno) {
	r, _, err := syscall.RawSyscall6(syscall.SYS_CLONE, uintptr(syscall.SIGCHLD), 0, 0, 0, 0, 0)
	if err != 0 {
		return 0, err
	}
	if r == 0 {
		_, _, err = syscall.RawSyscall6(syscall.SYS_PTRACE, unix.PTRACE_TRACEME, 0, 0, 0, 0, 0)
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, uintptr(err), 0, 0)
	}
	return int(r), 0
}

// traceme forks a child that calls PTRACE_TRACEME and exits; this process,
// its tracer, reaps it.
func traceme(args []string) (map[string]any, error) {
	pid, errno := forkThenTraceme()
	if errno != 0 {
		return nil, errno
	}
	status, err := reap(pid)
	return map[string]any{"child": pid, "errno": status}, err
}
