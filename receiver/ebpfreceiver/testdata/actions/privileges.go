package main

import (
	"os"
	"runtime"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// setuid changes all three user ids to args[0] (as root: a privilege drop).
func setuid(args []string) (map[string]any, error) {
	uid, _ := strconv.Atoi(args[0])
	// The raw syscall: Go's unix.Setuid would do it for every thread,
	// producing one record per thread.
	_, _, errno := unix.RawSyscall(unix.SYS_SETUID, uintptr(uid), 0, 0)
	if errno != 0 {
		return nil, errno
	}
	return nil, nil
}

// setresuid sets real, effective and saved user ids (-1 keeps one).
func setresuid(args []string) (map[string]any, error) {
	var ids [3]int
	for i := range ids {
		ids[i], _ = strconv.Atoi(args[i])
	}
	_, _, errno := unix.RawSyscall(unix.SYS_SETRESUID, uintptr(ids[0]), uintptr(ids[1]), uintptr(ids[2]))
	if errno != 0 {
		return nil, errno
	}
	return nil, nil
}

// capset keeps only CAP_NET_BIND_SERVICE (10) in the effective and
// permitted sets: the other capabilities are dropped.
func capset(args []string) (map[string]any, error) {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	data := [2]unix.CapUserData{{Effective: 1 << 10, Permitted: 1 << 10}}
	return nil, unix.Capset(&hdr, &data[0])
}

// setuidAs becomes user args[0], then asks for user args[1] with a raw
// setuid: as an unprivileged user asking for root, a refused call (EPERM),
// as an exploit checking whether it has won does.
func setuidAs(args []string) (map[string]any, error) {
	uid, _ := strconv.Atoi(args[0])
	if err := unix.Setresuid(uid, uid, uid); err != nil {
		return nil, err
	}
	target, _ := strconv.Atoi(args[1])
	_, _, errno := unix.RawSyscall(unix.SYS_SETUID, uintptr(target), 0, 0)
	return map[string]any{"errno": int(errno)}, nil
}

// regainRoot sets its effective uid to args[0], keeping root as the real
// and saved uid, then takes root back with one raw setresuid: the
// `setuid(0)` of a planted set-user-ID shell that had dropped its rights.
func regainRoot(args []string) (map[string]any, error) {
	uid, _ := strconv.Atoi(args[0])
	if err := unix.Setresuid(-1, uid, -1); err != nil {
		return nil, err
	}
	keep := -1
	_, _, errno := unix.RawSyscall(unix.SYS_SETRESUID, uintptr(keep), 0, uintptr(keep))
	if errno != 0 {
		return nil, errno
	}
	return nil, nil
}

// capsetRaise drops CAP_SYS_ADMIN (21) from its effective set, keeping it
// permitted, then raises it again: a kept capability put to use.
func capsetRaise(args []string) (map[string]any, error) {
	runtime.LockOSThread() // capabilities are the thread's
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return nil, err
	}
	if data[0].Permitted&(1<<21) == 0 {
		return nil, unix.EPERM
	}
	data[0].Effective &^= 1 << 21
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return nil, err
	}
	data[0].Effective |= 1 << 21
	return nil, unix.Capset(&hdr, &data[0])
}

// execNoArgs executes args[0] with an empty argument list (argc 0), as the
// PwnKit exploit starts pkexec. Linux 5.18 and later hand the program one
// empty argument instead.
func execNoArgs(args []string) (map[string]any, error) {
	return nil, syscall.Exec(args[0], []string{}, os.Environ())
}
