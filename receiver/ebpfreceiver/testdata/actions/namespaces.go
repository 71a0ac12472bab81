package main

import (
	"fmt"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A Go program has many threads, and the kernel refuses some namespace
// changes to a process that shares its file system context with other
// threads (joining a mount namespace, creating a user namespace). These
// actions fork a single-threaded copy of themselves with a raw clone, as
// fork(2) does, that makes one call and exits with its errno. The child
// runs nothing but raw syscalls: the Go runtime is not usable there.

// forkThenSetns forks a child that joins the namespace of fd, of type
// nstype, and returns the child's pid and errno.
//
//go:nosplit
//go:norace
func forkThenSetns(fd int, nstype uintptr) (pid int, errno syscall.Errno) {
	r, _, err := syscall.RawSyscall6(syscall.SYS_CLONE, uintptr(syscall.SIGCHLD), 0, 0, 0, 0, 0)
	if err != 0 {
		return 0, err
	}
	if r == 0 {
		_, _, err = syscall.RawSyscall(unix.SYS_SETNS, uintptr(fd), nstype, 0)
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, uintptr(err), 0, 0)
	}
	return int(r), 0
}

// forkWithClone forks a child with clone(flags | SIGCHLD) that exits at once.
//
//go:nosplit
//go:norace
func forkWithClone(flags uintptr) (pid int, errno syscall.Errno) {
	r, _, err := syscall.RawSyscall6(syscall.SYS_CLONE, flags|uintptr(syscall.SIGCHLD), 0, 0, 0, 0, 0)
	if err != 0 {
		return 0, err
	}
	if r == 0 {
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 0, 0, 0)
	}
	return int(r), 0
}

// cloneArgs is the first version of struct clone_args (CLONE_ARGS_SIZE_VER0).
type cloneArgs struct {
	flags, pidfd, childTID, parentTID, exitSignal, stack, stackSize, tls uint64
}

// forkWithClone3 forks a child with clone3 that exits at once.
//
//go:nosplit
//go:norace
func forkWithClone3(args *cloneArgs) (pid int, errno syscall.Errno) {
	r, _, err := syscall.RawSyscall(unix.SYS_CLONE3, uintptr(unsafe.Pointer(args)), unsafe.Sizeof(*args), 0)
	if err != 0 {
		return 0, err
	}
	if r == 0 {
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 0, 0, 0)
	}
	return int(r), 0
}

// reap waits for a forked child and returns the status it exited with.
func reap(pid int) (int, error) {
	var ws unix.WaitStatus
	if _, err := unix.Wait4(pid, &ws, 0, nil); err != nil {
		return 0, err
	}
	return ws.ExitStatus(), nil
}

// cloneNamespaces forks three children: one into new user and mount
// namespaces (clone), one into new UTS and IPC namespaces (clone3), one
// into none (a plain fork, which must not be reported).
func cloneNamespaces(args []string) (map[string]any, error) {
	facts := map[string]any{}
	for _, c := range []struct {
		name string
		fork func() (int, syscall.Errno)
	}{
		{"clone", func() (int, syscall.Errno) { return forkWithClone(unix.CLONE_NEWUSER | unix.CLONE_NEWNS) }},
		{"clone3", func() (int, syscall.Errno) {
			return forkWithClone3(&cloneArgs{flags: unix.CLONE_NEWUTS | unix.CLONE_NEWIPC, exitSignal: uint64(unix.SIGCHLD)})
		}},
		{"fork", func() (int, syscall.Errno) { return forkWithClone(0) }},
	} {
		pid, errno := c.fork()
		if errno != 0 {
			return nil, fmt.Errorf("%s: %w", c.name, errno)
		}
		if _, err := reap(pid); err != nil {
			return nil, err
		}
		facts[c.name] = pid
	}
	return facts, nil
}

// setnsTargets joins namespaces the way nsenter and escapes do: the mount
// namespace of process args[0] (pid 1, or any process in the host's
// namespaces) through /proc/<pid>/ns/mnt, in a forked child (see above);
// its UTS and network namespaces through its pidfd; then the UTS namespace
// of a child of its own, in a namespace of its own, through the child's
// namespace file and pidfd. args[1] marks the child.
func setnsTargets(args []string) (map[string]any, error) {
	runtime.LockOSThread() // namespaces are the thread's
	facts := map[string]any{}
	host, err := strconv.Atoi(args[0])
	if err != nil {
		return nil, err
	}

	mnt, err := unix.Open(fmt.Sprintf("/proc/%d/ns/mnt", host), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(mnt)
	var st unix.Stat_t
	if err := unix.Fstat(mnt, &st); err != nil {
		return nil, err
	}
	facts["host_mnt_inode"] = st.Ino
	pid, errno := forkThenSetns(mnt, unix.CLONE_NEWNS)
	if errno != 0 {
		return nil, errno
	}
	facts["forked"] = pid
	if facts["forked_errno"], err = reap(pid); err != nil {
		return nil, err
	}

	hostPidfd, err := unix.PidfdOpen(host, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(hostPidfd)
	if err := unix.Setns(hostPidfd, unix.CLONE_NEWUTS|unix.CLONE_NEWNET); err != nil {
		return nil, fmt.Errorf("setns on the pidfd of %d: %w", host, err)
	}

	child := exec.Command("/bin/sh", "-c", "echo ready; read line", args[1])
	child.SysProcAttr = &syscall.SysProcAttr{Cloneflags: unix.CLONE_NEWUTS}
	c, err := startChild(child)
	if err != nil {
		return nil, err
	}
	defer c.Process.Kill()
	facts["target"] = c.Process.Pid
	uts, err := unix.Open(fmt.Sprintf("/proc/%d/ns/uts", c.Process.Pid), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(uts)
	if err := unix.Fstat(uts, &st); err != nil {
		return nil, err
	}
	facts["target_uts_inode"] = st.Ino
	if err := unix.Setns(uts, 0); err != nil {
		return nil, fmt.Errorf("setns on the child's uts namespace file: %w", err)
	}
	pidfd, err := unix.PidfdOpen(c.Process.Pid, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(pidfd)
	return facts, unix.Setns(pidfd, unix.CLONE_NEWUTS)
}

// setnsPidfd joins, in a forked child (see above), the mount and pid
// namespaces of process args[0] through its pidfd: `nsenter -t 1 -m -p`
// without reading /proc/1/ns, which some hosts' init denies even to root.
func setnsPidfd(args []string) (map[string]any, error) {
	pid, err := strconv.Atoi(args[0])
	if err != nil {
		return nil, err
	}
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(pidfd)
	child, errno := forkThenSetns(pidfd, unix.CLONE_NEWNS|unix.CLONE_NEWPID)
	if errno != 0 {
		return nil, errno
	}
	status, err := reap(child)
	return map[string]any{"forked": child, "forked_errno": status}, err
}
