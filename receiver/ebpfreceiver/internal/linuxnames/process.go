package linuxnames

import (
	"slices"

	"golang.org/x/sys/unix"
)

// ptraceNames are the requests of include/uapi/linux/ptrace.h, which every
// architecture shares. Architecture requests (PTRACE_GETREGS is one: unix
// exports it for all architectures, but arm64's kernel neither defines nor
// implements it) live in archPtraceNames.
var ptraceNames = map[int64]string{
	unix.PTRACE_TRACEME:                          "PTRACE_TRACEME",
	unix.PTRACE_PEEKTEXT:                         "PTRACE_PEEKTEXT",
	unix.PTRACE_PEEKDATA:                         "PTRACE_PEEKDATA",
	unix.PTRACE_PEEKUSR:                          "PTRACE_PEEKUSR",
	unix.PTRACE_POKETEXT:                         "PTRACE_POKETEXT",
	unix.PTRACE_POKEDATA:                         "PTRACE_POKEDATA",
	unix.PTRACE_POKEUSR:                          "PTRACE_POKEUSR",
	unix.PTRACE_CONT:                             "PTRACE_CONT",
	unix.PTRACE_KILL:                             "PTRACE_KILL",
	unix.PTRACE_SINGLESTEP:                       "PTRACE_SINGLESTEP",
	unix.PTRACE_ATTACH:                           "PTRACE_ATTACH",
	unix.PTRACE_DETACH:                           "PTRACE_DETACH",
	unix.PTRACE_SYSCALL:                          "PTRACE_SYSCALL",
	unix.PTRACE_SETOPTIONS:                       "PTRACE_SETOPTIONS",
	unix.PTRACE_GETEVENTMSG:                      "PTRACE_GETEVENTMSG",
	unix.PTRACE_GETSIGINFO:                       "PTRACE_GETSIGINFO",
	unix.PTRACE_SETSIGINFO:                       "PTRACE_SETSIGINFO",
	unix.PTRACE_GETREGSET:                        "PTRACE_GETREGSET",
	unix.PTRACE_SETREGSET:                        "PTRACE_SETREGSET",
	unix.PTRACE_SEIZE:                            "PTRACE_SEIZE",
	unix.PTRACE_INTERRUPT:                        "PTRACE_INTERRUPT",
	unix.PTRACE_LISTEN:                           "PTRACE_LISTEN",
	unix.PTRACE_PEEKSIGINFO:                      "PTRACE_PEEKSIGINFO",
	unix.PTRACE_GETSIGMASK:                       "PTRACE_GETSIGMASK",
	unix.PTRACE_SETSIGMASK:                       "PTRACE_SETSIGMASK",
	unix.PTRACE_SECCOMP_GET_FILTER:               "PTRACE_SECCOMP_GET_FILTER",
	unix.PTRACE_SECCOMP_GET_METADATA:             "PTRACE_SECCOMP_GET_METADATA",
	unix.PTRACE_GET_SYSCALL_INFO:                 "PTRACE_GET_SYSCALL_INFO",
	unix.PTRACE_GET_RSEQ_CONFIGURATION:           "PTRACE_GET_RSEQ_CONFIGURATION",
	unix.PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG: "PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG",
	unix.PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG: "PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG",
	unix.PTRACE_SET_SYSCALL_INFO:                 "PTRACE_SET_SYSCALL_INFO",
}

// PtraceRequest names a ptrace request ("PTRACE_ATTACH", "PTRACE_POKETEXT",
// "PTRACE_SEIZE", ...), including the requests of the architecture the
// sensor runs on; "ptrace 12345" when unknown. The request is a long in the
// kernel, so all 64 bits count.
func PtraceRequest(req int64) string {
	if name, ok := ptraceNames[req]; ok {
		return name
	}
	if name, ok := archPtraceNames[req]; ok {
		return name
	}
	return numbered("ptrace ", req)
}

// namespaceTypeTable holds the CLONE_NEW* flags, one per namespace type.
var namespaceTypeTable = []flagName{
	bit(unix.CLONE_NEWNS, "CLONE_NEWNS"),
	bit(unix.CLONE_NEWCGROUP, "CLONE_NEWCGROUP"),
	bit(unix.CLONE_NEWUTS, "CLONE_NEWUTS"),
	bit(unix.CLONE_NEWIPC, "CLONE_NEWIPC"),
	bit(unix.CLONE_NEWUSER, "CLONE_NEWUSER"),
	bit(unix.CLONE_NEWPID, "CLONE_NEWPID"),
	bit(unix.CLONE_NEWNET, "CLONE_NEWNET"),
	bit(unix.CLONE_NEWTIME, "CLONE_NEWTIME"),
}

// namespaceFlagTable adds the sharing flags unshare(2) accepts besides
// namespaces: they show a process detaching its file table, fs context or
// SysV semaphores, which matters when reading what it did next.
var namespaceFlagTable = slices.Concat(namespaceTypeTable, []flagName{
	bit(unix.CLONE_FILES, "CLONE_FILES"),
	bit(unix.CLONE_FS, "CLONE_FS"),
	bit(unix.CLONE_SYSVSEM, "CLONE_SYSVSEM"),
	bit(unix.CLONE_THREAD, "CLONE_THREAD"),
	bit(unix.CLONE_SIGHAND, "CLONE_SIGHAND"),
	bit(unix.CLONE_VM, "CLONE_VM"),
})

// NamespaceFlags names the CLONE_NEW* bits of unshare, clone or clone3
// flags (CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
// CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWTIME), then the
// sharing flags unshare also takes (CLONE_FILES, CLONE_FS, CLONE_SYSVSEM,
// CLONE_THREAD, CLONE_SIGHAND, CLONE_VM), then any other bits in hex.
//
// For clone(2), whose low byte is the exit signal, mask the flags with
// ^uint64(0xff) (CSIGNAL) first; otherwise the signal shows up as a hex
// entry. CLONE_NEWTIME lives in that byte and is only valid for unshare,
// setns and clone3.
func NamespaceFlags(flags uint64) []string {
	return flagNames(flags, namespaceFlagTable)
}

// NamespaceType names the nstype argument of setns: "any" for 0 (join
// whatever namespace the fd refers to), "CLONE_NEWNET" and so on for a
// single type. Since Linux 5.8 setns with a pidfd takes several CLONE_NEW*
// bits at once; those are joined with "|", and unknown bits follow in hex.
// nstype is an int in the kernel, so bits above 31 are dropped.
func NamespaceType(nstype uint64) string {
	t := uint64(uint32(nstype))
	if t == 0 {
		return "any"
	}
	for _, f := range namespaceTypeTable {
		if t == f.value {
			return f.name
		}
	}
	return joinFlags(t, namespaceTypeTable)
}

// mountFlagTable follows include/uapi/linux/mount.h.
var mountFlagTable = []flagName{
	bit(unix.MS_RDONLY, "MS_RDONLY"),
	bit(unix.MS_NOSUID, "MS_NOSUID"),
	bit(unix.MS_NODEV, "MS_NODEV"),
	bit(unix.MS_NOEXEC, "MS_NOEXEC"),
	bit(unix.MS_SYNCHRONOUS, "MS_SYNCHRONOUS"),
	bit(unix.MS_REMOUNT, "MS_REMOUNT"),
	bit(unix.MS_MANDLOCK, "MS_MANDLOCK"),
	bit(unix.MS_DIRSYNC, "MS_DIRSYNC"),
	bit(unix.MS_NOSYMFOLLOW, "MS_NOSYMFOLLOW"),
	bit(unix.MS_NOATIME, "MS_NOATIME"),
	bit(unix.MS_NODIRATIME, "MS_NODIRATIME"),
	bit(unix.MS_BIND, "MS_BIND"),
	bit(unix.MS_MOVE, "MS_MOVE"),
	bit(unix.MS_REC, "MS_REC"),
	bit(unix.MS_SILENT, "MS_SILENT"), // also spelled MS_VERBOSE
	bit(unix.MS_POSIXACL, "MS_POSIXACL"),
	bit(unix.MS_UNBINDABLE, "MS_UNBINDABLE"),
	bit(unix.MS_PRIVATE, "MS_PRIVATE"),
	bit(unix.MS_SLAVE, "MS_SLAVE"),
	bit(unix.MS_SHARED, "MS_SHARED"),
	bit(unix.MS_RELATIME, "MS_RELATIME"),
	bit(unix.MS_KERNMOUNT, "MS_KERNMOUNT"),
	bit(unix.MS_I_VERSION, "MS_I_VERSION"),
	bit(unix.MS_STRICTATIME, "MS_STRICTATIME"),
	bit(unix.MS_LAZYTIME, "MS_LAZYTIME"),
	// The header marks the rest as internal superblock flags. User space
	// has no business passing them (MS_NOUSER makes mount fail with
	// EINVAL), which is exactly why a record should name them.
	bit(unix.MS_SUBMOUNT, "MS_SUBMOUNT"),
	bit(unix.MS_NOREMOTELOCK, "MS_NOREMOTELOCK"),
	bit(unix.MS_NOSEC, "MS_NOSEC"),
	bit(unix.MS_BORN, "MS_BORN"),
	bit(unix.MS_ACTIVE, "MS_ACTIVE"),
	bit(unix.MS_NOUSER, "MS_NOUSER"),
}

// MountFlags names the MS_* flags of mount(2) in header order, then unknown
// bits in hex. Old callers put the magic MS_MGC_VAL (0xC0ED0000) in the top
// 16 bits; the kernel discards it, and so does this function.
func MountFlags(flags uint64) []string {
	if flags&unix.MS_MGC_MSK == unix.MS_MGC_VAL {
		// path_mount does "flags &= ~MS_MGC_MSK" with a 32-bit mask on an
		// unsigned long, so the complement also clears bits 32-63: only
		// the low 16 bits survive.
		flags &= 0xffff
	}
	return flagNames(flags, mountFlagTable)
}

// cloneOtherTable holds the clone flags of include/uapi/linux/sched.h that
// do not create a namespace, in bit order. CLONE_CLEAR_SIGHAND and
// CLONE_INTO_CGROUP only fit clone3's 64-bit flags.
var cloneOtherTable = []flagName{
	bit(unix.CLONE_VM, "CLONE_VM"),
	bit(unix.CLONE_FS, "CLONE_FS"),
	bit(unix.CLONE_FILES, "CLONE_FILES"),
	bit(unix.CLONE_SIGHAND, "CLONE_SIGHAND"),
	bit(unix.CLONE_PIDFD, "CLONE_PIDFD"),
	bit(unix.CLONE_PTRACE, "CLONE_PTRACE"),
	bit(unix.CLONE_VFORK, "CLONE_VFORK"),
	bit(unix.CLONE_PARENT, "CLONE_PARENT"),
	bit(unix.CLONE_THREAD, "CLONE_THREAD"),
	bit(unix.CLONE_SYSVSEM, "CLONE_SYSVSEM"),
	bit(unix.CLONE_SETTLS, "CLONE_SETTLS"),
	bit(unix.CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID"),
	bit(unix.CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID"),
	bit(unix.CLONE_DETACHED, "CLONE_DETACHED"),
	bit(unix.CLONE_UNTRACED, "CLONE_UNTRACED"),
	bit(unix.CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID"),
	bit(unix.CLONE_IO, "CLONE_IO"),
	bit(unix.CLONE_CLEAR_SIGHAND, "CLONE_CLEAR_SIGHAND"),
	bit(unix.CLONE_INTO_CGROUP, "CLONE_INTO_CGROUP"),
}

var cloneFlagTable = slices.Concat(namespaceTypeTable, cloneOtherTable)

// cloneSignal is CSIGNAL: the low byte of clone(2)'s flags is the signal
// sent to the parent when the child exits, not flags.
const cloneSignal = 0xff

// CloneFlags names the flags of clone (clone3 false) or clone3 (true): the
// CLONE_NEW* flags first, as NamespaceFlags orders them, then the others in
// bit order (CLONE_VM, CLONE_FS… CLONE_INTO_CGROUP), then unknown bits in
// hex. clone's exit signal (its low byte, where clone3's CLONE_NEWTIME
// sits) is left out, and so are its upper 32 bits, which the kernel drops.
func CloneFlags(flags uint64, clone3 bool) []string {
	if !clone3 {
		flags = uint64(uint32(flags)) &^ cloneSignal
	}
	return flagNames(flags, cloneFlagTable)
}
