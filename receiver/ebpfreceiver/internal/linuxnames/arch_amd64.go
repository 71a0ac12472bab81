package linuxnames

import "golang.org/x/sys/unix"

// oLargefile is the kernel's O_LARGEFILE, 00100000 in
// include/uapi/asm-generic/fcntl.h, which x86 uses. unix.O_LARGEFILE is 0
// because glibc defines the flag away for 64-bit user space, yet the bit
// still reaches the kernel when a program or a 32-bit libc passes it.
const oLargefile = 0x8000

// archPtraceNames are the requests of arch/x86/include/uapi/asm/ptrace-abi.h
// that a 64-bit tracer can issue.
var archPtraceNames = map[int64]string{
	unix.PTRACE_GETREGS:           "PTRACE_GETREGS",
	unix.PTRACE_SETREGS:           "PTRACE_SETREGS",
	unix.PTRACE_GETFPREGS:         "PTRACE_GETFPREGS",
	unix.PTRACE_SETFPREGS:         "PTRACE_SETFPREGS",
	unix.PTRACE_GETFPXREGS:        "PTRACE_GETFPXREGS",
	unix.PTRACE_SETFPXREGS:        "PTRACE_SETFPXREGS",
	unix.PTRACE_OLDSETOPTIONS:     "PTRACE_OLDSETOPTIONS",
	unix.PTRACE_GET_THREAD_AREA:   "PTRACE_GET_THREAD_AREA",
	unix.PTRACE_SET_THREAD_AREA:   "PTRACE_SET_THREAD_AREA",
	unix.PTRACE_ARCH_PRCTL:        "PTRACE_ARCH_PRCTL",
	unix.PTRACE_SYSEMU:            "PTRACE_SYSEMU",
	unix.PTRACE_SYSEMU_SINGLESTEP: "PTRACE_SYSEMU_SINGLESTEP",
	unix.PTRACE_SINGLEBLOCK:       "PTRACE_SINGLEBLOCK",
}

// archProtTable: x86 has no protection bits of its own.
var archProtTable []flagName

// archMmapFlagTable holds arch/x86/include/uapi/asm/mman.h.
var archMmapFlagTable = []flagName{
	bit(unix.MAP_32BIT, "MAP_32BIT"),
	bit(unix.MAP_ABOVE4G, "MAP_ABOVE4G"),
}
