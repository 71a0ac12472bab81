package kernel

import (
	"golang.org/x/sys/unix"
)

// Group is a set of event types switched on and off together.
type Group string

// The syscall event groups. Process events are not a group: they are the
// spine every record is joined to, and always on.
const (
	GroupNetwork    Group = "network"
	GroupDNS        Group = "dns"
	GroupDNSWrite   Group = "dns_write" // DNS queries sent with write()
	GroupFiles      Group = "files"
	GroupMemory     Group = "memory"
	GroupPrivileges Group = "privileges"
	GroupKernel     Group = "kernel"
)

// Syscall kinds, generated from bpf/include/events.h.
type SyscallKind = bpfSyscallKind

// syscallSpec is one traced syscall: its tracepoints are
// syscalls:sys_enter_<name> and syscalls:sys_exit_<name>.
type syscallSpec struct {
	name  string
	nr    int
	kind  SyscallKind
	group Group
	// optional: the syscall is newer than the oldest supported kernel, or
	// a kernel may be built without it; a missing tracepoint is skipped,
	// not an error.
	optional bool
	// attemptsMatter: when the kernel lacks the syscall, each attempt is
	// still reported, as failed with ENOSYS (kernel_events.h).
	attemptsMatter bool
}

// syscalls are the traced syscalls common to every architecture; the
// legacy ones some architectures lack are in legacySyscalls.
var syscalls = []syscallSpec{
	{name: "connect", nr: unix.SYS_CONNECT, kind: bpfSyscallKindSC_CONNECT, group: GroupNetwork},
	{name: "accept", nr: unix.SYS_ACCEPT, kind: bpfSyscallKindSC_ACCEPT, group: GroupNetwork},
	{name: "accept4", nr: unix.SYS_ACCEPT4, kind: bpfSyscallKindSC_ACCEPT4, group: GroupNetwork},
	{name: "listen", nr: unix.SYS_LISTEN, kind: bpfSyscallKindSC_LISTEN, group: GroupNetwork},
	{name: "socket", nr: unix.SYS_SOCKET, kind: bpfSyscallKindSC_SOCKET, group: GroupNetwork},
	{name: "sendto", nr: unix.SYS_SENDTO, kind: bpfSyscallKindSC_SENDTO, group: GroupDNS},
	{name: "sendmsg", nr: unix.SYS_SENDMSG, kind: bpfSyscallKindSC_SENDMSG, group: GroupDNS},
	{name: "sendmmsg", nr: unix.SYS_SENDMMSG, kind: bpfSyscallKindSC_SENDMMSG, group: GroupDNS},
	// Go's own resolver write()s its queries on a connected socket. Every
	// write of every process then runs a short check: GroupDNSWrite.
	{name: "write", nr: unix.SYS_WRITE, kind: bpfSyscallKindSC_WRITE, group: GroupDNSWrite},
	{name: "openat", nr: unix.SYS_OPENAT, kind: bpfSyscallKindSC_OPENAT, group: GroupFiles},
	{name: "openat2", nr: unix.SYS_OPENAT2, kind: bpfSyscallKindSC_OPENAT2, group: GroupFiles, optional: true},
	{name: "unlinkat", nr: unix.SYS_UNLINKAT, kind: bpfSyscallKindSC_UNLINKAT, group: GroupFiles},
	{name: "renameat", nr: unix.SYS_RENAMEAT, kind: bpfSyscallKindSC_RENAMEAT, group: GroupFiles, optional: true},
	{name: "renameat2", nr: unix.SYS_RENAMEAT2, kind: bpfSyscallKindSC_RENAMEAT2, group: GroupFiles},
	{name: "fchmod", nr: unix.SYS_FCHMOD, kind: bpfSyscallKindSC_FCHMOD, group: GroupFiles},
	{name: "fchmodat", nr: unix.SYS_FCHMODAT, kind: bpfSyscallKindSC_FCHMODAT, group: GroupFiles},
	{name: "fchmodat2", nr: sysFchmodat2, kind: bpfSyscallKindSC_FCHMODAT2, group: GroupFiles, optional: true},
	{name: "linkat", nr: unix.SYS_LINKAT, kind: bpfSyscallKindSC_LINKAT, group: GroupFiles},
	{name: "symlinkat", nr: unix.SYS_SYMLINKAT, kind: bpfSyscallKindSC_SYMLINKAT, group: GroupFiles},
	{name: "mkdirat", nr: unix.SYS_MKDIRAT, kind: bpfSyscallKindSC_MKDIRAT, group: GroupFiles},
	{name: "mmap", nr: unix.SYS_MMAP, kind: bpfSyscallKindSC_MMAP, group: GroupMemory},
	{name: "mprotect", nr: unix.SYS_MPROTECT, kind: bpfSyscallKindSC_MPROTECT, group: GroupMemory},
	{name: "pkey_mprotect", nr: unix.SYS_PKEY_MPROTECT, kind: bpfSyscallKindSC_PKEY_MPROTECT, group: GroupMemory, optional: true},
	{name: "memfd_create", nr: unix.SYS_MEMFD_CREATE, kind: bpfSyscallKindSC_MEMFD_CREATE, group: GroupMemory},
	{name: "process_vm_writev", nr: unix.SYS_PROCESS_VM_WRITEV, kind: bpfSyscallKindSC_PROCESS_VM_WRITEV, group: GroupMemory},
	{name: "ptrace", nr: unix.SYS_PTRACE, kind: bpfSyscallKindSC_PTRACE, group: GroupMemory},
	// A kernel built without CONFIG_USERFAULTFD has no such syscall.
	{name: "userfaultfd", nr: unix.SYS_USERFAULTFD, kind: bpfSyscallKindSC_USERFAULTFD, group: GroupMemory, optional: true},
	{name: "personality", nr: unix.SYS_PERSONALITY, kind: bpfSyscallKindSC_PERSONALITY, group: GroupMemory},
	{name: "setuid", nr: unix.SYS_SETUID, kind: bpfSyscallKindSC_SETUID, group: GroupPrivileges},
	{name: "setgid", nr: unix.SYS_SETGID, kind: bpfSyscallKindSC_SETGID, group: GroupPrivileges},
	{name: "setreuid", nr: unix.SYS_SETREUID, kind: bpfSyscallKindSC_SETREUID, group: GroupPrivileges},
	{name: "setregid", nr: unix.SYS_SETREGID, kind: bpfSyscallKindSC_SETREGID, group: GroupPrivileges},
	{name: "setresuid", nr: unix.SYS_SETRESUID, kind: bpfSyscallKindSC_SETRESUID, group: GroupPrivileges},
	{name: "setresgid", nr: unix.SYS_SETRESGID, kind: bpfSyscallKindSC_SETRESGID, group: GroupPrivileges},
	{name: "capset", nr: unix.SYS_CAPSET, kind: bpfSyscallKindSC_CAPSET, group: GroupPrivileges},
	// A kernel built without module support has no such syscalls (and no
	// module can be loaded into it): their tracepoints may be missing.
	{name: "init_module", nr: unix.SYS_INIT_MODULE, kind: bpfSyscallKindSC_INIT_MODULE, group: GroupKernel, optional: true, attemptsMatter: true},
	{name: "finit_module", nr: unix.SYS_FINIT_MODULE, kind: bpfSyscallKindSC_FINIT_MODULE, group: GroupKernel, optional: true, attemptsMatter: true},
	{name: "bpf", nr: unix.SYS_BPF, kind: bpfSyscallKindSC_BPF, group: GroupKernel},
	{name: "unshare", nr: unix.SYS_UNSHARE, kind: bpfSyscallKindSC_UNSHARE, group: GroupKernel},
	{name: "setns", nr: unix.SYS_SETNS, kind: bpfSyscallKindSC_SETNS, group: GroupKernel},
	{name: "mount", nr: unix.SYS_MOUNT, kind: bpfSyscallKindSC_MOUNT, group: GroupKernel},
	{name: "chroot", nr: unix.SYS_CHROOT, kind: bpfSyscallKindSC_CHROOT, group: GroupKernel},
	{name: "pivot_root", nr: unix.SYS_PIVOT_ROOT, kind: bpfSyscallKindSC_PIVOT_ROOT, group: GroupKernel},
	{name: "clone", nr: unix.SYS_CLONE, kind: bpfSyscallKindSC_CLONE, group: GroupKernel},
	{name: "clone3", nr: unix.SYS_CLONE3, kind: bpfSyscallKindSC_CLONE3, group: GroupKernel},
	// The new mount API (Linux 5.2).
	{name: "fsopen", nr: unix.SYS_FSOPEN, kind: bpfSyscallKindSC_FSOPEN, group: GroupKernel},
	{name: "fsmount", nr: unix.SYS_FSMOUNT, kind: bpfSyscallKindSC_FSMOUNT, group: GroupKernel},
	{name: "move_mount", nr: unix.SYS_MOVE_MOUNT, kind: bpfSyscallKindSC_MOVE_MOUNT, group: GroupKernel},
	{name: "open_tree", nr: unix.SYS_OPEN_TREE, kind: bpfSyscallKindSC_OPEN_TREE, group: GroupKernel},
	// A kernel built without CONFIG_IO_URING has no such syscall, and then
	// nothing can hide behind a ring: no record is owed.
	{name: "io_uring_setup", nr: unix.SYS_IO_URING_SETUP, kind: bpfSyscallKindSC_IO_URING_SETUP, group: GroupKernel, optional: true},
}

// sysFchmodat2 has the same number on every architecture (added in 6.6,
// after syscall numbers were unified); x/sys may not name it yet.
const sysFchmodat2 = 452

// syscallOfKind is the syscall each kind traces on this architecture.
var syscallOfKind = func() (by [SyscallKindMax]syscallSpec) {
	for _, s := range allSyscalls() {
		by[s.kind] = s
	}
	return by
}()

// SyscallName is the syscall a kind traces, for records and errors; every
// syscall record names it, so it is an index, not a search.
func SyscallName(kind SyscallKind) string {
	if int(kind) >= SyscallKindMax {
		return ""
	}
	return syscallOfKind[kind].name
}

// SyscallGroup is the group whose switch traces a kind; "" for none.
func SyscallGroup(kind SyscallKind) Group {
	if int(kind) >= SyscallKindMax {
		return ""
	}
	return syscallOfKind[kind].group
}

func allSyscalls() []syscallSpec {
	return append(append([]syscallSpec(nil), syscalls...), legacySyscalls...)
}
