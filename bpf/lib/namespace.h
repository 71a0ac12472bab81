/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * What a setns descriptor refers to: a namespace file (/proc/<pid>/ns/<type>,
 * on nsfs) or a pidfd, and whether the namespaces it would join are the
 * host's, those of its pid 1.
 */
#ifndef VIGIL_NAMESPACE_H
#define VIGIL_NAMESPACE_H

#include "common.h"
#include "task.h"

#define NSFS_MAGIC 0x6e736673
#define PID_FS_MAGIC 0x50494446        /* pidfds since 6.9 */
#define ANON_INODE_FS_MAGIC 0x09041934 /* pidfds before */
/* "[pidfd]" with its NUL as a little-endian word: the name of a pidfd's
 * dentry before 6.9. */
#define PIDFD_NAME ((__u64)'[' | (__u64)'p' << 8 | (__u64)'i' << 16 | (__u64)'d' << 24 | \
		    (__u64)'f' << 32 | (__u64)'d' << 40 | (__u64)']' << 48)

#define CLONE_NEWTIME 0x00000080
#define CLONE_NEWNS 0x00020000
#define CLONE_NEWCGROUP 0x02000000
#define CLONE_NEWUTS 0x04000000
#define CLONE_NEWIPC 0x08000000
#define CLONE_NEWUSER 0x10000000
#define CLONE_NEWPID 0x20000000
#define CLONE_NEWNET 0x40000000

/* The inodes of a task's namespaces, by type. */
struct ns_inodes {
	__u32 mnt;
	__u32 uts;
	__u32 ipc;
	__u32 net;
	__u32 pid;
	__u32 cgroup;
	__u32 user;
	__u32 time;
};

/* The namespaces setns with a pidfd of t would join: t's own pid
 * namespace (not the one for its children), its credentials' user
 * namespace. All 0 for a task that is exiting. */
static __always_inline void read_ns_inodes(struct task_struct *t, struct ns_inodes *ns)
{
	struct nsproxy *nsp = BPF_CORE_READ(t, nsproxy);
	if (!nsp)
		return;
	ns->mnt = BPF_CORE_READ(nsp, mnt_ns, ns.inum);
	ns->uts = BPF_CORE_READ(nsp, uts_ns, ns.inum);
	ns->ipc = BPF_CORE_READ(nsp, ipc_ns, ns.inum);
	ns->net = BPF_CORE_READ(nsp, net_ns, ns.inum);
	ns->cgroup = BPF_CORE_READ(nsp, cgroup_ns, ns.inum);
	ns->time = BPF_CORE_READ(nsp, time_ns, ns.inum);
	ns->user = BPF_CORE_READ(t, real_cred, user_ns, ns.inum);
	__u32 vpid;
	task_vpid(t, &vpid, &ns->pid);
}

/*
 * The host's namespaces: those of its pid 1, found as the reaper of the
 * initial pid namespace, the namespace numbers[0] of every struct pid is
 * in. Read in the kernel, it needs no access to /proc/1 (which a hardened
 * pid 1, or a collector without the host's pids, does not give).
 */
static __always_inline void read_host_ns_inodes(struct task_struct *task, struct ns_inodes *ns)
{
	struct task_struct *init = BPF_CORE_READ(task, thread_pid, numbers[0].ns, child_reaper);
	if (init)
		read_ns_inodes(init, ns);
}

/* The CLONE_NEW* types whose namespaces are the same, and known, in a and b. */
static __always_inline __u32 same_ns_types(struct ns_inodes *a, struct ns_inodes *b)
{
	__u32 types = 0;
	if (a->mnt && a->mnt == b->mnt)
		types |= CLONE_NEWNS;
	if (a->uts && a->uts == b->uts)
		types |= CLONE_NEWUTS;
	if (a->ipc && a->ipc == b->ipc)
		types |= CLONE_NEWIPC;
	if (a->net && a->net == b->net)
		types |= CLONE_NEWNET;
	if (a->pid && a->pid == b->pid)
		types |= CLONE_NEWPID;
	if (a->cgroup && a->cgroup == b->cgroup)
		types |= CLONE_NEWCGROUP;
	if (a->user && a->user == b->user)
		types |= CLONE_NEWUSER;
	if (a->time && a->time == b->time)
		types |= CLONE_NEWTIME;
	return types;
}

/* The inode of the namespace of one type. */
static __always_inline __u32 ns_inode_of_type(struct ns_inodes *ns, __u32 type)
{
	switch (type) {
	case CLONE_NEWNS: return ns->mnt;
	case CLONE_NEWUTS: return ns->uts;
	case CLONE_NEWIPC: return ns->ipc;
	case CLONE_NEWNET: return ns->net;
	case CLONE_NEWPID: return ns->pid;
	case CLONE_NEWCGROUP: return ns->cgroup;
	case CLONE_NEWUSER: return ns->user;
	case CLONE_NEWTIME: return ns->time;
	}
	return 0;
}

/* The CLONE_NEW* type of a namespace. */
static __always_inline __u32 ns_type_of(struct ns_common *ns)
{
	if (bpf_core_field_exists(ns->ns_type))
		return BPF_CORE_READ(ns, ns_type);
	struct ns_common___pre_6_18 *old = (void *)ns;
	return BPF_CORE_READ(old, ops, type);
}

/* The task a struct pid numbers (its PIDTYPE_PID task), or NULL. */
static __always_inline struct task_struct *pid_task_of(struct pid *pid)
{
	struct hlist_node *first = BPF_CORE_READ(pid, tasks[0].first);
	if (!first)
		return NULL;
	return (void *)first - bpf_core_field_offset(struct task_struct, pid_links);
}

/* The struct pid a pidfd refers to, or NULL when f is not a pidfd. Since
 * 6.9 pidfds are pidfs files keeping it in their inode; before, anonymous
 * inode files named "[pidfd]" keeping it in the file. */
static __always_inline struct pid *pidfd_pid_of(struct file *f, struct inode *inode, unsigned long magic)
{
	if (magic == PID_FS_MAGIC)
		return BPF_CORE_READ(inode, i_private);
	if (magic != ANON_INODE_FS_MAGIC)
		return NULL;
	union {
		char c[8];
		__u64 word;
	} name = {};
	bpf_probe_read_kernel_str(name.c, sizeof(name.c), BPF_CORE_READ(f, f_path.dentry, d_name.name));
	if (name.word != PIDFD_NAME)
		return NULL;
	return BPF_CORE_READ(f, private_data);
}

/*
 * What a setns descriptor refers to, into a syscall record (the ns row of
 * the layout table in events.h): after[0] the file's inode, after[1] a
 * namespace file's type, after[2] a pidfd's pid, args[2] the host's types.
 */
static __always_inline void setns_target(__u64 args[6], __u64 after[3], struct file *f,
					 struct task_struct *task)
{
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	after[0] = BPF_CORE_READ(inode, i_ino);
	unsigned long magic = BPF_CORE_READ(inode, i_sb, s_magic);
	struct ns_inodes host = {};
	if (magic == NSFS_MAGIC) {
		struct ns_common *ns = BPF_CORE_READ(inode, i_private);
		__u32 type = ns_type_of(ns);
		after[1] = type;
		read_host_ns_inodes(task, &host);
		__u32 inum = BPF_CORE_READ(ns, inum);
		if (inum && inum == ns_inode_of_type(&host, type))
			args[2] = type;
		return;
	}
	struct pid *pid = pidfd_pid_of(f, inode, magic);
	if (!pid)
		return;
	after[2] = BPF_CORE_READ(pid, numbers[0].nr);
	struct task_struct *t = pid_task_of(pid);
	if (!t)
		return; /* it has exited */
	struct ns_inodes target = {};
	read_ns_inodes(t, &target);
	read_host_ns_inodes(task, &host);
	args[2] = same_ns_types(&target, &host);
}

#endif /* VIGIL_NAMESPACE_H */
