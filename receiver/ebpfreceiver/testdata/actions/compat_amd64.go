package main

import (
	"fmt"
	"runtime/debug"
)

// getpid32 is getpid's number in the 32-bit x86 table.
const getpid32 = 20

// int80 makes 32-bit syscall nr through the int 0x80 gate (compat_amd64.s)
// and returns its result.
func int80(nr uintptr) uintptr

// compatSyscalls makes the same 32-bit syscall twice from this 64-bit
// program, as shellcode written for i386 does: only the first is reported.
// A kernel without IA-32 emulation (built without it, or with it off at
// boot) answers int 0x80 with a fault: ia32 says whether it ran.
func compatSyscalls(args []string) (map[string]any, error) {
	pid, ok := tryInt80(getpid32)
	if !ok {
		return map[string]any{"ia32": false}, nil
	}
	if again, _ := tryInt80(getpid32); again != pid {
		return nil, fmt.Errorf("int 0x80 getpid returned %d, then %d", pid, again)
	}
	return map[string]any{"ia32": true, "getpid": pid}, nil
}

// tryInt80 is int80, with ok false when the kernel refused the gate.
func tryInt80(nr uintptr) (ret uintptr, ok bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return int80(nr), true
}

// archActions are the actions of this architecture only.
var archActions = map[string]action{"int80": compatSyscalls}
