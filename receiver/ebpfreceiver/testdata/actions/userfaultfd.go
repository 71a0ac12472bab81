package main

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// uffdUserModeOnly is UFFD_USER_MODE_ONLY (include/uapi/linux/userfaultfd.h).
const uffdUserModeOnly = 1

var userfaultfdFlags = map[string]uintptr{
	"user-mode-only": uffdUserModeOnly,
	"cloexec":        unix.O_CLOEXEC,
	"nonblock":       unix.O_NONBLOCK,
}

// userfaultfdAs creates a userfaultfd with the flags named in args[1]
// ("cloexec,user-mode-only"), as user args[0] ("-": as it is). Unprivileged
// callers are refused one without user-mode-only (unless the
// vm.unprivileged_userfaultfd sysctl allows it): errno says.
func userfaultfdAs(args []string) (map[string]any, error) {
	if args[0] != "-" {
		uid, _ := strconv.Atoi(args[0])
		if err := unix.Setresuid(uid, uid, uid); err != nil {
			return nil, err
		}
	}
	var flags uintptr
	for _, name := range strings.Split(args[1], ",") {
		flags |= userfaultfdFlags[name]
	}
	fd, _, errno := unix.Syscall(unix.SYS_USERFAULTFD, flags, 0, 0)
	if errno != 0 {
		return map[string]any{"errno": int(errno)}, nil
	}
	return map[string]any{"fd": fd, "errno": 0}, unix.Close(int(fd))
}
