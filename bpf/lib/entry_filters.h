/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * On the entry of socket, personality, clone, clone3, open_tree,
 * io_uring_setup and userfaultfd: whether the call can make a record, and
 * what must be read before the kernel acts (a user struct's flags, the
 * caller's credentials or persona). socket and clone run often (every
 * connection, every fork and thread), so those that make no record leave
 * here, before the per-thread map is touched.
 */
#ifndef VIGIL_ENTRY_FILTERS_H
#define VIGIL_ENTRY_FILTERS_H

#include "common.h"
#include "syscall.h"
#include "namespace.h"

#define AF_NETLINK 16
#define AF_PACKET 17
#define SOCK_RAW 3
#define SOCK_PACKET 10
#define SOCK_TYPE_MASK 0xf /* the rest of socket's type is SOCK_NONBLOCK, SOCK_CLOEXEC */

#define PERSONALITY_QUERY 0xffffffff
#define OPEN_TREE_CLONE 1

/* The namespaces clone can create; CLONE_NEWTIME only through clone3 (in
 * clone's flags its bit is part of the exit signal). */
#define CLONE_NEW_ANY (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | \
		       CLONE_NEWPID | CLONE_NEWNET)

/* A socket that sees traffic below the transport layer: any packet socket,
 * the obsolete SOCK_PACKET type (the kernel makes an AF_INET one a packet
 * socket), and raw sockets but netlink's, whose ordinary type SOCK_RAW is
 * (glibc opens one for every getaddrinfo with AI_ADDRCONFIG). */
static __always_inline bool socket_wanted(__u64 family, __u64 type)
{
	__u32 f = family, t = type & SOCK_TYPE_MASK;
	return f == AF_PACKET || t == SOCK_PACKET || (t == SOCK_RAW && f != AF_NETLINK);
}

/* The head of struct io_uring_params (include/uapi/linux/io_uring.h). */
struct io_uring_params_head {
	__u32 sq_entries;
	__u32 cq_entries;
	__u32 flags;
};

/*
 * Whether a call of these kinds may make a record; false drops it. Values
 * read now go to the argument slots the layout table of events.h names in
 * brackets. Other kinds are kept as they are.
 */
static __always_inline bool entry_wanted(struct pending *p)
{
	struct task_struct *task;
	switch (p->kind) {
	case SC_SOCKET:
		return socket_wanted(p->args[0], p->args[1]);
	case SC_PERSONALITY:
		/* A query, or asking for the persona in force, changes nothing. */
		if ((__u32)p->args[0] == PERSONALITY_QUERY)
			return false;
		task = (struct task_struct *)bpf_get_current_task();
		return (__u32)p->args[0] != BPF_CORE_READ(task, personality);
	case SC_CLONE:
		return (p->args[0] & CLONE_NEW_ANY) != 0;
	case SC_CLONE3: {
		__u64 flags = 0; /* clone_args starts with its flags */
		bpf_probe_read_user(&flags, sizeof(flags), (const void *)p->args[0]);
		p->args[2] = flags;
		return (flags & (CLONE_NEW_ANY | CLONE_NEWTIME)) != 0;
	}
	case SC_OPEN_TREE:
		/* Without OPEN_TREE_CLONE it only opens a path, like O_PATH. */
		return (p->args[2] & OPEN_TREE_CLONE) != 0;
	case SC_IO_URING_SETUP: {
		struct io_uring_params_head params = {};
		bpf_probe_read_user(&params, sizeof(params), (const void *)p->args[1]);
		p->args[2] = params.flags;
		return true;
	}
	case SC_USERFAULTFD:
		task = (struct task_struct *)bpf_get_current_task();
		p->args[1] = BPF_CORE_READ(task, cred, euid.val);
		return true;
	}
	return true;
}

#endif /* VIGIL_ENTRY_FILTERS_H */
