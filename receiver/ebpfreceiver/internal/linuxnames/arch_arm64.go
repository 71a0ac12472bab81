package linuxnames

import "golang.org/x/sys/unix"

// oLargefile is the kernel's O_LARGEFILE, 0400000 in
// arch/arm64/include/uapi/asm/fcntl.h (arm64 moves O_DIRECTORY, O_NOFOLLOW,
// O_DIRECT and O_LARGEFILE away from the generic values). unix.O_LARGEFILE
// is 0 because glibc defines the flag away for 64-bit user space, yet the
// bit still reaches the kernel when a program or a 32-bit libc passes it.
const oLargefile = 0x20000

// archPtraceNames are the requests of arch/arm64/include/uapi/asm/ptrace.h.
// arm64 has no PTRACE_GETREGS family (registers go through
// PTRACE_GETREGSET), so request 12 is rightly unknown here.
var archPtraceNames = map[int64]string{
	unix.PTRACE_SYSEMU:            "PTRACE_SYSEMU",
	unix.PTRACE_SYSEMU_SINGLESTEP: "PTRACE_SYSEMU_SINGLESTEP",
	unix.PTRACE_PEEKMTETAGS:       "PTRACE_PEEKMTETAGS",
	unix.PTRACE_POKEMTETAGS:       "PTRACE_POKEMTETAGS",
}

// archProtTable holds arch/arm64/include/uapi/asm/mman.h: branch target
// identification and memory tagging pages.
var archProtTable = []flagName{
	bit(unix.PROT_BTI, "PROT_BTI"),
	bit(unix.PROT_MTE, "PROT_MTE"),
}

// archMmapFlagTable: arm64 has no mmap flags of its own.
var archMmapFlagTable []flagName
