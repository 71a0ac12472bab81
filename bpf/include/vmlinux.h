/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The kernel types Vigil's BPF programs read, declared by hand instead of
 * dumping the whole of vmlinux BTF. Every struct is marked
 * preserve_access_index, so each field access becomes a CO-RE relocation that
 * libbpf/cilium-ebpf resolves against the running kernel's BTF at load time:
 * only the field names matter here, never the offsets or sizes. Keeping the
 * list short makes generated objects reproducible on any build machine.
 */
#ifndef VIGIL_VMLINUX_H
#define VIGIL_VMLINUX_H

typedef unsigned char __u8;
typedef signed char __s8;
typedef unsigned short __u16;
typedef short __s16;
typedef unsigned int __u32;
typedef int __s32;
typedef unsigned long long __u64;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef _Bool bool;
enum { false = 0, true = 1 };
typedef int pid_t;
typedef __u64 u64;
typedef __u32 u32;
typedef __s64 time64_t;

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_LPM_TRIE = 11,
	BPF_MAP_TYPE_RINGBUF = 27,
};

/* Helpers whose presence a program checks (bpf_core_enum_value_exists). */
enum bpf_func_id {
	BPF_FUNC_get_current_task_btf = 158,
};

enum {
	BPF_F_NO_PREALLOC = 1,
};

enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
	BPF_EXIST = 2,
};

enum {
	BPF_RB_NO_WAKEUP = 1,
	BPF_RB_FORCE_WAKEUP = 2,
};

enum {
	BPF_RB_AVAIL_DATA = 0,
};

typedef struct { int counter; } atomic_t;
typedef struct { __u32 val; } kuid_t;
typedef struct { __u32 val; } kgid_t;
/* kernel_cap_t is one u64 since 6.3 and two u32 before: 8 bytes either way. */
typedef struct { __u64 val; } kernel_cap_t;

struct qstr {
	union {
		struct {
			__u32 hash;
			__u32 len;
		};
		__u64 hash_len;
	};
	const unsigned char *name;
};

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
};

struct file_system_type {
	const char *name;
};

struct super_block {
	unsigned long s_magic;
	struct file_system_type *s_type;
};

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
};

/* struct mount embeds the vfsmount a struct path points at. */
struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
	const char *mnt_devname;
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

typedef unsigned short umode_t;

struct timespec64 {
	time64_t tv_sec;
	long tv_nsec;
};

/*
 * The inode's change time (ctime) has had three layouts; lib/inode.h picks
 * the one the running kernel has with bpf_core_field_exists:
 *   >= 6.11     i_ctime_sec and i_ctime_nsec (the nsec's top bits may hold
 *               the multigrain "queried" flag, 6.13+)
 *   6.6 - 6.10  struct timespec64 __i_ctime
 *   < 6.6       struct timespec64 i_ctime
 */
struct inode {
	umode_t i_mode;
	struct super_block *i_sb;
	unsigned long i_ino;
	time64_t i_ctime_sec;
	__u32 i_ctime_nsec;
	void *i_private;
};

struct inode___6_6 {
	struct timespec64 __i_ctime;
};

struct inode___pre_6_6 {
	struct timespec64 i_ctime;
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	void *private_data;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
};

struct files_struct {
	struct fdtable *fdt;
};

struct in6_addr {
	union {
		__u8 u6_addr8[16];
	} in6_u;
};

struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
};

/* sk_protocol is a plain u16 since Linux 5.6 (a bitfield before). */
struct sock {
	struct sock_common __sk_common;
	__u16 sk_protocol;
};

struct socket {
	short type;
	struct sock *sk;
};

struct fs_struct {
	struct path root;
	struct path pwd;
};

struct mm_struct {
	unsigned long arg_start;
	unsigned long arg_end;
	struct file *exe_file;
};

/*
 * A namespace's type (a CLONE_NEW* flag) is ns_type since 6.18 and its
 * operations' type before (lib/namespace.h picks with bpf_core_field_exists).
 */
struct proc_ns_operations___pre_6_18 {
	int type;
};

struct ns_common {
	__u32 ns_type;
	unsigned int inum;
};

struct ns_common___pre_6_18 {
	const struct proc_ns_operations___pre_6_18 *ops;
};

struct user_namespace { struct ns_common ns; };
/* child_reaper is the pid namespace's init: for the initial one, the host's pid 1. */
struct pid_namespace {
	struct task_struct *child_reaper;
	struct ns_common ns;
};
struct mnt_namespace { struct ns_common ns; };
struct uts_namespace { struct ns_common ns; };
struct ipc_namespace { struct ns_common ns; };
struct cgroup_namespace { struct ns_common ns; };
struct net { struct ns_common ns; };
struct time_namespace { struct ns_common ns; };

struct nsproxy {
	struct uts_namespace *uts_ns;
	struct ipc_namespace *ipc_ns;
	struct mnt_namespace *mnt_ns;
	struct pid_namespace *pid_ns_for_children;
	struct net *net_ns;
	struct time_namespace *time_ns;
	struct cgroup_namespace *cgroup_ns;
};

struct upid {
	int nr;
	struct pid_namespace *ns;
};

struct hlist_node {
	struct hlist_node *next;
};

struct hlist_head {
	struct hlist_node *first;
};

/* tasks[] is indexed by enum pid_type; PIDTYPE_PID (0) is the task itself. */
struct pid {
	unsigned int level;
	struct hlist_head tasks[4];
	struct upid numbers[1];
};

struct cred {
	kuid_t uid;
	kgid_t gid;
	kuid_t suid;
	kgid_t sgid;
	kuid_t euid;
	kgid_t egid;
	kernel_cap_t cap_inheritable;
	kernel_cap_t cap_permitted;
	kernel_cap_t cap_effective;
	struct user_namespace *user_ns;
};

struct tty_struct {
	int index;
	char name[64];
};

struct signal_struct {
	atomic_t live;
	struct tty_struct *tty;
};

/* kernfs_node.parent was renamed __parent in 6.15; see cgroup.h. */
struct kernfs_node {
	struct kernfs_node *__parent;
	const char *name;
	__u64 id;
};

struct kernfs_node___pre_6_15 {
	struct kernfs_node___pre_6_15 *parent;
};

struct cgroup {
	struct kernfs_node *kn;
};

struct cgroup_subsys_state {
	struct cgroup *cgroup;
};

struct css_set {
	struct cgroup_subsys_state *subsys[16];
	struct cgroup *dfl_cgrp;
};

enum cgroup_subsys_id {
	memory_cgrp_id = 4,
};

/* x86: status holds TS_COMPAT while a 32-bit syscall runs. Other
 * architectures have no such field (see compat.h). */
struct thread_info {
	__u32 status;
};

struct task_struct {
	struct thread_info thread_info;
	unsigned int flags;
	struct mm_struct *mm;
	int exit_code;
	pid_t pid;
	pid_t tgid;
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct pid *thread_pid;
	struct hlist_node pid_links[4];
	unsigned int personality;
	__u64 self_exec_id;
	__u64 start_time;
	__u64 start_boottime;
	const struct cred *real_cred;
	const struct cred *cred;
	char comm[16];
	struct fs_struct *fs;
	struct files_struct *files;
	struct nsproxy *nsproxy;
	struct signal_struct *signal;
	kuid_t loginuid;
	unsigned int sessionid;
	struct css_set *cgroups;
};

struct linux_binprm {
	struct file *file;
	const char *filename;
	const char *interp;
};

/* Context of a raw tracepoint program: the tracepoint's arguments as u64s. */
struct bpf_raw_tracepoint_args {
	__u64 args[0];
};

#pragma clang attribute pop

/*
 * Contexts of the syscalls:sys_enter_* and sys_exit_* tracepoints. Every one
 * of them has this layout (see the format files under
 * /sys/kernel/tracing/events/syscalls), which lets one program serve many.
 * These are tracepoint records, not kernel structs: no CO-RE.
 */
struct syscall_enter_ctx {
	__u64 common;
	__s32 nr;
	__u32 _pad;
	__u64 args[6];
};

struct syscall_exit_ctx {
	__u64 common;
	__s32 nr;
	__u32 _pad;
	__s64 ret;
};
#endif /* VIGIL_VMLINUX_H */
