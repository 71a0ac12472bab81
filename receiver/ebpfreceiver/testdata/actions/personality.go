package main

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// addrNoRandomize is ADDR_NO_RANDOMIZE (include/uapi/linux/personality.h).
const addrNoRandomize = 0x0040000

// personalityCalls turns address space randomization off, as setarch -R
// does, then makes calls that change nothing (a query, the same persona
// again), then restores the default: two changes.
func personalityCalls(args []string) (map[string]any, error) {
	runtime.LockOSThread() // the persona is the thread's
	var previous []uintptr
	for _, persona := range []uintptr{addrNoRandomize, 0xffffffff, addrNoRandomize, 0} {
		old, _, errno := unix.RawSyscall(unix.SYS_PERSONALITY, persona, 0, 0)
		if errno != 0 {
			return nil, errno
		}
		previous = append(previous, old)
	}
	return map[string]any{"previous": previous}, nil
}
