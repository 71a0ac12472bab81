package kernel

import "golang.org/x/sys/unix"

// hasCompatSyscalls: an x86-64 kernel may run 32-bit (ia32) syscalls, which
// the per-syscall tracepoints skip (bpf/compat.h).
const hasCompatSyscalls = true

// legacySyscalls are the pre-*at forms x86-64 still has and programs still
// use; arm64 and other newer architectures only have the *at forms.
var legacySyscalls = []syscallSpec{
	{name: "open", nr: unix.SYS_OPEN, kind: bpfSyscallKindSC_OPEN, group: GroupFiles},
	{name: "creat", nr: unix.SYS_CREAT, kind: bpfSyscallKindSC_CREAT, group: GroupFiles},
	{name: "unlink", nr: unix.SYS_UNLINK, kind: bpfSyscallKindSC_UNLINK, group: GroupFiles},
	{name: "rename", nr: unix.SYS_RENAME, kind: bpfSyscallKindSC_RENAME, group: GroupFiles},
	{name: "chmod", nr: unix.SYS_CHMOD, kind: bpfSyscallKindSC_CHMOD, group: GroupFiles},
	{name: "link", nr: unix.SYS_LINK, kind: bpfSyscallKindSC_LINK, group: GroupFiles},
	{name: "symlink", nr: unix.SYS_SYMLINK, kind: bpfSyscallKindSC_SYMLINK, group: GroupFiles},
	{name: "mkdir", nr: unix.SYS_MKDIR, kind: bpfSyscallKindSC_MKDIR, group: GroupFiles},
}
