/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The records Vigil's BPF programs write to the ring buffer. This header is
 * the single definition of their layout: bpf2go (-type ...) generates the Go
 * structs the decoder reads from it, so the two sides cannot drift apart.
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
	EVENT_TYPE_MAX = 64,
};

/* Kernel-side capture limits, in bytes. */
enum capture_limits {
	ARGS_MAX = 4096,     /* argv, NUL-separated, as in /proc/<pid>/cmdline */
	PATH_MAX_LEN = 4095, /* executable path and working directory */
	FILENAME_MAX_LEN = 1023,
	CGROUP_MAX_LEN = 1023,
	TTY_NAME_MAX = 63,
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

#endif /* VIGIL_EVENTS_H */
