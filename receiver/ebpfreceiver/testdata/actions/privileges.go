package main

import (
	"strconv"

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
