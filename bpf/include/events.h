/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The records Vigil's BPF programs write to the ring buffer. This header is
 * the single definition of their layout: bpf2go (-type ...) generates the Go
 * structs the decoder reads from it, so the two sides cannot drift apart.
 * It also holds what the generated structs cannot say: the record type of
 * each syscall kind (event_type_of_kind) and what each kind leaves in a
 * syscall_event (the table beside it). User space has tables of its own for
 * both, which tests compare with these.
 *
 * Every record starts with struct event_header. Variable-length strings of an
 * exec record follow its fixed part, in the order of the *_len fields.
 */
#ifndef VIGIL_EVENTS_H
#define VIGIL_EVENTS_H

/* Record types; also the index of the per-type drop counters. */
enum event_type {
	EVENT_NONE = 0,
	EVENT_PROCESS_EXEC = 1,
	EVENT_PROCESS_EXIT = 2,
	EVENT_PROCESS_FORK = 3,
	/* network */
	EVENT_NETWORK_CONNECT = 10,
	EVENT_NETWORK_ACCEPT = 11,
	EVENT_NETWORK_LISTEN = 12,
	EVENT_DNS_QUERY = 13,
	EVENT_NETWORK_SOCKET = 14,
	/* files */
	EVENT_FILE_OPEN = 20,
	EVENT_FILE_UNLINK = 21,
	EVENT_FILE_RENAME = 22,
	EVENT_FILE_CHMOD = 23,
	EVENT_FILE_LINK = 24,
	EVENT_FILE_MKDIR = 25,
	/* memory */
	EVENT_MEMORY_PROTECT = 30,
	EVENT_MEMORY_MEMFD_CREATE = 31,
	EVENT_PROCESS_VM_WRITE = 32,
	EVENT_PROCESS_PTRACE = 33,
	EVENT_MEMORY_USERFAULTFD = 34,
	EVENT_PROCESS_PERSONALITY = 35,
	/* privileges */
	EVENT_PROCESS_SETUID = 40,
	EVENT_PROCESS_SETGID = 41,
	EVENT_PROCESS_SETREUID = 42,
	EVENT_PROCESS_SETREGID = 43,
	EVENT_PROCESS_SETRESUID = 44,
	EVENT_PROCESS_SETRESGID = 45,
	EVENT_PROCESS_CAPSET = 46,
	/* kernel */
	EVENT_KERNEL_MODULE_LOAD = 50,
	EVENT_BPF_PROGRAM_LOAD = 51,
	EVENT_KERNEL_UNSHARE = 52,
	EVENT_KERNEL_SETNS = 53,
	EVENT_FILE_MOUNT = 54,
	EVENT_KERNEL_CHROOT = 55,
	EVENT_KERNEL_PIVOT_ROOT = 56,
	EVENT_KERNEL_CLONE_NAMESPACES = 57,
	EVENT_KERNEL_IO_URING_SETUP = 58,
	EVENT_KERNEL_COMPAT_SYSCALL = 59,
	EVENT_TYPE_MAX = 64,
};

/*
 * The syscalls traced, by how their arguments are laid out (the table beside
 * struct syscall_event says how). User space maps each architecture's
 * syscall numbers to these (syscall_kinds map) and attaches the programs to
 * their tracepoints.
 */
enum syscall_kind {
	SC_NONE = 0,
	SC_CONNECT,
	SC_ACCEPT,
	SC_ACCEPT4,
	SC_LISTEN,
	SC_SENDTO,
	SC_SENDMSG,
	SC_SENDMMSG,
	SC_OPEN,
	SC_OPENAT,
	SC_OPENAT2,
	SC_CREAT,
	SC_UNLINK,
	SC_UNLINKAT,
	SC_RENAME,
	SC_RENAMEAT,
	SC_RENAMEAT2,
	SC_CHMOD,
	SC_FCHMOD,
	SC_FCHMODAT,
	SC_FCHMODAT2,
	SC_LINK,
	SC_LINKAT,
	SC_SYMLINK,
	SC_SYMLINKAT,
	SC_MMAP,
	SC_MPROTECT,
	SC_PKEY_MPROTECT,
	SC_MEMFD_CREATE,
	SC_PROCESS_VM_WRITEV,
	SC_PTRACE,
	SC_SETUID,
	SC_SETGID,
	SC_SETREUID,
	SC_SETREGID,
	SC_SETRESUID,
	SC_SETRESGID,
	SC_CAPSET,
	SC_INIT_MODULE,
	SC_FINIT_MODULE,
	SC_BPF,
	SC_UNSHARE,
	SC_SETNS,
	SC_MOUNT,
	SC_CHROOT,
	SC_PIVOT_ROOT,
	SC_WRITE,
	SC_MKDIR,
	SC_MKDIRAT,
	SC_SOCKET,
	SC_USERFAULTFD,
	SC_PERSONALITY,
	SC_CLONE,
	SC_CLONE3,
	SC_FSOPEN,
	SC_FSMOUNT,
	SC_MOVE_MOUNT,
	SC_OPEN_TREE,
	SC_IO_URING_SETUP,
	/* Not a syscall of the native table: any 32-bit (compat) syscall, which
	 * the raw sys_enter program reports once per process image (compat.h). */
	SC_COMPAT_SYSCALL,
	SC_KIND_MAX,
};

/*
 * The record type of each syscall kind: the one mapping of kinds to types.
 * The programs read it through event_type_of (lib/syscall.h). User space has
 * a table of record types (receiver/ebpfreceiver/internal/records/types.go)
 * that lists each type's kinds; a test compares it with this array as
 * compiled into the object.
 */
const __u16 event_type_of_kind[SC_KIND_MAX] = {
	[SC_CONNECT] = EVENT_NETWORK_CONNECT,
	[SC_ACCEPT] = EVENT_NETWORK_ACCEPT,
	[SC_ACCEPT4] = EVENT_NETWORK_ACCEPT,
	[SC_LISTEN] = EVENT_NETWORK_LISTEN,
	[SC_SENDTO] = EVENT_DNS_QUERY,
	[SC_SENDMSG] = EVENT_DNS_QUERY,
	[SC_SENDMMSG] = EVENT_DNS_QUERY,
	[SC_WRITE] = EVENT_DNS_QUERY,
	[SC_OPEN] = EVENT_FILE_OPEN,
	[SC_OPENAT] = EVENT_FILE_OPEN,
	[SC_OPENAT2] = EVENT_FILE_OPEN,
	[SC_CREAT] = EVENT_FILE_OPEN,
	[SC_UNLINK] = EVENT_FILE_UNLINK,
	[SC_UNLINKAT] = EVENT_FILE_UNLINK,
	[SC_RENAME] = EVENT_FILE_RENAME,
	[SC_RENAMEAT] = EVENT_FILE_RENAME,
	[SC_RENAMEAT2] = EVENT_FILE_RENAME,
	[SC_CHMOD] = EVENT_FILE_CHMOD,
	[SC_FCHMOD] = EVENT_FILE_CHMOD,
	[SC_FCHMODAT] = EVENT_FILE_CHMOD,
	[SC_FCHMODAT2] = EVENT_FILE_CHMOD,
	[SC_LINK] = EVENT_FILE_LINK,
	[SC_LINKAT] = EVENT_FILE_LINK,
	[SC_SYMLINK] = EVENT_FILE_LINK,
	[SC_SYMLINKAT] = EVENT_FILE_LINK,
	[SC_MKDIR] = EVENT_FILE_MKDIR,
	[SC_MKDIRAT] = EVENT_FILE_MKDIR,
	[SC_MMAP] = EVENT_MEMORY_PROTECT,
	[SC_MPROTECT] = EVENT_MEMORY_PROTECT,
	[SC_PKEY_MPROTECT] = EVENT_MEMORY_PROTECT,
	[SC_MEMFD_CREATE] = EVENT_MEMORY_MEMFD_CREATE,
	[SC_PROCESS_VM_WRITEV] = EVENT_PROCESS_VM_WRITE,
	[SC_PTRACE] = EVENT_PROCESS_PTRACE,
	[SC_SETUID] = EVENT_PROCESS_SETUID,
	[SC_SETGID] = EVENT_PROCESS_SETGID,
	[SC_SETREUID] = EVENT_PROCESS_SETREUID,
	[SC_SETREGID] = EVENT_PROCESS_SETREGID,
	[SC_SETRESUID] = EVENT_PROCESS_SETRESUID,
	[SC_SETRESGID] = EVENT_PROCESS_SETRESGID,
	[SC_CAPSET] = EVENT_PROCESS_CAPSET,
	[SC_INIT_MODULE] = EVENT_KERNEL_MODULE_LOAD,
	[SC_FINIT_MODULE] = EVENT_KERNEL_MODULE_LOAD,
	[SC_BPF] = EVENT_BPF_PROGRAM_LOAD,
	[SC_UNSHARE] = EVENT_KERNEL_UNSHARE,
	[SC_SETNS] = EVENT_KERNEL_SETNS,
	[SC_MOUNT] = EVENT_FILE_MOUNT,
	[SC_CHROOT] = EVENT_KERNEL_CHROOT,
	[SC_PIVOT_ROOT] = EVENT_KERNEL_PIVOT_ROOT,
	[SC_SOCKET] = EVENT_NETWORK_SOCKET,
	[SC_USERFAULTFD] = EVENT_MEMORY_USERFAULTFD,
	[SC_PERSONALITY] = EVENT_PROCESS_PERSONALITY,
	[SC_CLONE] = EVENT_KERNEL_CLONE_NAMESPACES,
	[SC_CLONE3] = EVENT_KERNEL_CLONE_NAMESPACES,
	[SC_FSOPEN] = EVENT_FILE_MOUNT,
	[SC_FSMOUNT] = EVENT_FILE_MOUNT,
	[SC_MOVE_MOUNT] = EVENT_FILE_MOUNT,
	[SC_OPEN_TREE] = EVENT_FILE_MOUNT,
	[SC_IO_URING_SETUP] = EVENT_KERNEL_IO_URING_SETUP,
	[SC_COMPAT_SYSCALL] = EVENT_KERNEL_COMPAT_SYSCALL,
};

/* Kernel-side capture limits, in bytes. */
enum capture_limits {
	ARGS_MAX = 4096,     /* argv, NUL-separated, as in /proc/<pid>/cmdline */
	PATH_MAX_LEN = 4095, /* executable path and working directory */
	FILENAME_MAX_LEN = 1023,
	CGROUP_MAX_LEN = 1023,
	TTY_NAME_MAX = 63,
	STR3_MAX_LEN = 1023,  /* a syscall record's third string */
	DNS_PAYLOAD_MAX = 512, /* a DNS query fits a classic UDP message */
	BPF_NAME_LEN = 16,
};

/* syscall_event.flags */
enum syscall_flags {
	SYSCALL_STR0_TRUNCATED = 1 << 0,
	SYSCALL_STR1_TRUNCATED = 1 << 1,
	SYSCALL_STR2_TRUNCATED = 1 << 2,
};

/* exec_event.flags */
enum exec_flags {
	EXEC_ARGS_TRUNCATED = 1 << 0,
	EXEC_EXE_TRUNCATED = 1 << 1,
	EXEC_CWD_TRUNCATED = 1 << 2,
	EXEC_CGROUP_TRUNCATED = 1 << 3,
	EXEC_FILENAME_TRUNCATED = 1 << 4,
	EXEC_ARGS_UNREADABLE = 1 << 5,
	EXEC_HAS_TTY = 1 << 6,
};

struct event_header {
	__u64 ktime_ns;  /* CLOCK_BOOTTIME of the event */
	__u64 cgroup_id; /* kernfs id of the task's cgroup (see cgroup.h) */
	__u32 pid;       /* thread group id, what user space calls the pid */
	__u32 tid;
	__u16 type;      /* enum event_type */
	__u16 cpu;
	__u32 _pad;
};

struct exec_event {
	struct event_header hdr;
	__u64 start_boottime;        /* process start, CLOCK_BOOTTIME ns */
	__u64 parent_start_boottime; /* lets user space reject a reused parent pid */
	__u64 cap_effective;
	__u64 cap_permitted;
	__u64 cap_inheritable;
	__u64 exe_ctime_ns;          /* the executable's inode ctime, CLOCK_REALTIME ns; 0 when unknown */
	__u32 ppid;
	__u32 vpid;                  /* pid inside the task's own pid namespace */
	__u32 uid;
	__u32 gid;
	__u32 euid;
	__u32 egid;
	__u32 suid;
	__u32 sgid;
	__u32 loginuid;              /* audit login uid; 4294967295 when unset */
	__u32 sessionid;
	__u32 pid_ns;
	__u32 mnt_ns;
	__u32 net_ns;
	__u32 user_ns;
	__u32 uts_ns;
	__u32 ipc_ns;
	__u32 cgroup_ns;
	__u32 flags;                 /* enum exec_flags */
	__u16 args_len;
	__u16 exe_len;
	__u16 cwd_len;
	__u16 filename_len;
	__u16 cgroup_len;
	__u16 tty_len;
	__u32 _pad;
	/* followed by args, exe, cwd, filename, cgroup, tty bytes */
};

struct exit_event {
	struct event_header hdr;
	__u64 start_boottime;
	__u32 exit_code; /* raw wait status: (code << 8) | signal | 0x80 core */
	__u32 ppid;
};

struct fork_event {
	struct event_header hdr;
	__u64 start_boottime;        /* the child's */
	__u64 parent_start_boottime;
	__u32 ppid;
	__u32 _pad;
};

/*
 * A traced syscall with its result: file, memory, privilege and kernel
 * events. What args, the strings, before and after hold depends on the
 * kind, as this table says. It is the one description of it: user space
 * reads records by a copy of it (receiver/ebpfreceiver/internal/kernel/
 * layouts.go), which a test holds equal to this text.
 *
 * args[0..5]  the call's arguments, in order, by name ("-": not kept). A
 *             [name] is one the probe wrote over a pointer argument (or a
 *             slot past the last one) with what the pointer pointed to.
 * str[0..2]   the strings that follow the record ("-": none). Paths are
 *             absolute, resolved by the probe (the file opened, for a
 *             successful open); a symlink's target, a memfd's name, module
 *             parameters and a mount's source and fstype are as given.
 * before/     uids: uid, euid, suid; gids: gid, egid, sgid; caps: the
 * after       effective, permitted and inheritable capability sets, each
 *             before and after the call; ns: after[0] is the inode of the
 *             file the descriptor refers to (a namespace file's is its
 *             namespace's), after[1] a namespace file's type (CLONE_NEW*),
 *             after[2] the pid a pidfd refers to, in the initial pid
 *             namespace. [host_types] are the CLONE_NEW* types, among
 *             those of the namespace file or of the pidfd's process, whose
 *             namespace is the host's pid 1's (lib/namespace.h).
 * ret is the call's result (mmap's: the address mapped). name is a BPF
 * program's (bpf only). A traced call the kernel lacks (init_module without
 * module support) has ret -ENOSYS and no arguments or strings. The strings
 * of the new mount API: fsmount's, and move_mount's when it moves a mount
 * descriptor, are the mount's device name and file system type as the
 * kernel keeps them; open_tree's fstype is the cloned mount's.
 * compat_syscall is reported on entry: nr is the 32-bit syscall's number,
 * ret is 0.
 *
 * kind              | args[0..5]                                          | str[0..2]              | before/after
 * open              | pathname, flags, mode                               | path                   | -
 * openat            | dirfd, pathname, flags, mode                        | path                   | -
 * openat2           | dirfd, pathname, [flags], [mode]                    | path                   | -
 * creat             | pathname, mode                                      | path                   | -
 * unlink            | pathname                                            | path                   | -
 * unlinkat          | dirfd, pathname, flags                              | path                   | -
 * rename            | oldpath, newpath                                    | oldpath, newpath       | -
 * renameat          | olddirfd, oldpath, newdirfd, newpath                | oldpath, newpath       | -
 * renameat2         | olddirfd, oldpath, newdirfd, newpath, flags         | oldpath, newpath       | -
 * chmod             | pathname, mode                                      | path                   | -
 * fchmod            | fd, mode                                            | path                   | -
 * fchmodat          | dirfd, pathname, mode                               | path                   | -
 * fchmodat2         | dirfd, pathname, mode, flags                        | path                   | -
 * link              | oldpath, newpath                                    | path, target           | -
 * linkat            | olddirfd, oldpath, newdirfd, newpath, flags         | path, target           | -
 * symlink           | target, linkpath                                    | path, target           | -
 * symlinkat         | target, newdirfd, linkpath                          | path, target           | -
 * mkdir             | pathname, mode                                      | path                   | -
 * mkdirat           | dirfd, pathname, mode                               | path                   | -
 * mmap              | addr, len, prot, flags, fd, offset                  | path                   | -
 * mprotect          | addr, len, prot                                     | -                      | -
 * pkey_mprotect     | addr, len, prot, pkey                               | -                      | -
 * memfd_create      | name, flags                                         | name                   | -
 * process_vm_writev | pid, local_iov, liovcnt, remote_iov, riovcnt, flags | -                      | -
 * ptrace            | request, pid, addr, data                            | -                      | -
 * setuid            | uid                                                 | -                      | uids
 * setgid            | gid                                                 | -                      | gids
 * setreuid          | ruid, euid                                          | -                      | uids
 * setregid          | rgid, egid                                          | -                      | gids
 * setresuid         | ruid, euid, suid                                    | -                      | uids
 * setresgid         | rgid, egid, sgid                                    | -                      | gids
 * capset            | hdrp, [effective], [permitted], [inheritable]       | -                      | caps
 * init_module       | image, len, params                                  | -, params              | -
 * finit_module      | fd, params, flags                                   | path, params           | -
 * bpf               | cmd, [prog_type], size                              | -                      | -
 * unshare           | flags                                               | -                      | -
 * setns             | fd, nstype, [host_types]                            | -                      | ns
 * mount             | source, target, fstype, flags, data                 | source, target, fstype | -
 * chroot            | path                                                | path                   | -
 * pivot_root        | new_root, put_old                                   | new_root, put_old      | -
 * socket            | family, type, protocol                              | -                      | -
 * userfaultfd       | flags, [caller_euid]                                | -                      | -
 * personality       | persona                                             | -                      | -
 * clone             | flags                                               | -                      | -
 * clone3            | uargs, size, [flags]                                | -                      | -
 * fsopen            | fsname, flags                                       | fstype                 | -
 * fsmount           | fs_fd, flags, attr_flags                            | source, fstype         | -
 * move_mount        | from_dfd, from_pathname, to_dfd, to_pathname, flags | source, target, fstype | -
 * open_tree         | dfd, filename, flags                                | source, fstype         | -
 * io_uring_setup    | entries, params, [flags]                            | -                      | -
 * compat_syscall    | nr                                                  | -                      | -
 *
 * (connect, accept, accept4 and listen, and the DNS sends sendto, sendmsg,
 * sendmmsg and write, write a struct net_event.)
 */
struct syscall_event {
	struct event_header hdr;
	__s64 ret;        /* the syscall's return value (-errno on failure) */
	__u64 args[6];    /* its arguments; pointers are replaced by what they point to */
	__u64 before[3];  /* ids or capability sets before the call */
	__u64 after[3];   /* the same after it */
	__u16 kind;       /* enum syscall_kind */
	__u16 watch_category; /* category of the watched path that matched; 0 when none */
	__u16 str_len[3];
	__u16 flags;      /* enum syscall_flags */
	char name[BPF_NAME_LEN]; /* a BPF program's name */
	/* followed by the three strings, str_len[i] bytes each */
};

/* A socket operation: connect, accept, listen, or a DNS query sent. */
struct net_event {
	struct event_header hdr;
	__s64 ret;
	__u16 kind;       /* enum syscall_kind */
	__u16 family;     /* AF_INET or AF_INET6 */
	__u16 sock_type;  /* SOCK_STREAM, SOCK_DGRAM */
	__u16 local_port; /* host byte order */
	__u16 peer_port;  /* host byte order */
	__u16 payload_len;
	__u16 protocol;   /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP, IPPROTO_MPTCP… */
	__u16 _pad;
	__u8 local_addr[16]; /* IPv4 in the first 4 bytes */
	__u8 peer_addr[16];
	/* followed by payload_len bytes: the DNS message of a dns.query */
};

#endif /* VIGIL_EVENTS_H */
