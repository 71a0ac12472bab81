/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Process lifecycle: exec, exit and fork, from the sched raw tracepoints.
 * Raw tracepoints need no tracefs and hand us the task_struct and
 * linux_binprm directly, so everything is read from the kernel's own state
 * at the moment of the event, not re-read later from /proc.
 */
#ifndef VIGIL_PROCESS_H
#define VIGIL_PROCESS_H

#include "lib/common.h"
#include "lib/path.h"
#include "lib/cgroup.h"
#include "lib/task.h"
#include "lib/exclude.h"
#include "lib/inode.h"

#define PF_KTHREAD 0x00200000 /* task_struct.flags: a kernel thread */
#define EXEC_DATA_OFF_MASK 16383
#define EXEC_DATA_SIZE (EXEC_DATA_OFF_MASK + 1 + PATH_END + 1)

struct exec_record {
	struct exec_event ev;
	char data[EXEC_DATA_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct exec_record);
} exec_scratch SEC(".maps");

/* Copy the path built in pb into the record at off, keeping at most max
 * bytes (the most specific end of the path). Returns the bytes copied. */
static __always_inline __u32 append_built(struct exec_record *r, __u32 off, struct path_buf *pb,
					  __u32 max, __u32 trunc_flag)
{
	__u32 pos = pb->pos;
	if (pos > PATH_END)
		return 0;
	__u32 len = PATH_END - pos;
	if (len > max) {
		len = max;
		pos = PATH_END - max;
		pb->truncated = 1;
	}
	if (pb->truncated)
		r->ev.flags |= trunc_flag;
	barrier_var(len);
	len &= PATH_POS_MASK;
	bpf_probe_read_kernel(&r->data[off & EXEC_DATA_OFF_MASK], len, &pb->buf[pos & PATH_POS_MASK]);
	return len;
}

/* Copy a kernel string (at most max bytes) into the record at off. */
static __always_inline __u32 append_str(struct exec_record *r, __u32 off, const char *s,
					__u32 max, bool *truncated)
{
	long n = bpf_probe_read_kernel_str(&r->data[off & EXEC_DATA_OFF_MASK], (max + 1) & PATH_POS_MASK, s);
	if (n <= 1)
		return 0;
	if (n - 1 >= max)
		*truncated = true;
	return (n - 1) & PATH_POS_MASK;
}

static __always_inline void read_creds(struct exec_event *ev, struct task_struct *task)
{
	const struct cred *c = BPF_CORE_READ(task, cred);
	ev->uid = BPF_CORE_READ(c, uid.val);
	ev->gid = BPF_CORE_READ(c, gid.val);
	ev->euid = BPF_CORE_READ(c, euid.val);
	ev->egid = BPF_CORE_READ(c, egid.val);
	ev->suid = BPF_CORE_READ(c, suid.val);
	ev->sgid = BPF_CORE_READ(c, sgid.val);
	bpf_probe_read_kernel(&ev->cap_effective, 8, &c->cap_effective);
	bpf_probe_read_kernel(&ev->cap_permitted, 8, &c->cap_permitted);
	bpf_probe_read_kernel(&ev->cap_inheritable, 8, &c->cap_inheritable);
	ev->user_ns = BPF_CORE_READ(c, user_ns, ns.inum);
	if (bpf_core_field_exists(task->loginuid)) {
		ev->loginuid = BPF_CORE_READ(task, loginuid.val);
		ev->sessionid = BPF_CORE_READ(task, sessionid);
	} else {
		ev->loginuid = (__u32)-1;
		ev->sessionid = (__u32)-1;
	}
}

static __always_inline void read_namespaces(struct exec_event *ev, struct task_struct *task)
{
	struct nsproxy *ns = BPF_CORE_READ(task, nsproxy);
	task_vpid(task, &ev->vpid, &ev->pid_ns);
	ev->mnt_ns = BPF_CORE_READ(ns, mnt_ns, ns.inum);
	ev->net_ns = BPF_CORE_READ(ns, net_ns, ns.inum);
	ev->uts_ns = BPF_CORE_READ(ns, uts_ns, ns.inum);
	ev->ipc_ns = BPF_CORE_READ(ns, ipc_ns, ns.inum);
	ev->cgroup_ns = BPF_CORE_READ(ns, cgroup_ns, ns.inum);
}

/* argv exactly as /proc/<pid>/cmdline has it: NUL-separated, from the new mm. */
static __always_inline __u32 read_args(struct exec_record *r, struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	unsigned long start = BPF_CORE_READ(mm, arg_start);
	unsigned long end = BPF_CORE_READ(mm, arg_end);
	__u64 len = end - start;

	if (end <= start)
		return 0;
	if (len > ARGS_MAX) {
		len = ARGS_MAX;
		r->ev.flags |= EXEC_ARGS_TRUNCATED;
	}
	if (bpf_probe_read_user(&r->data[0], len & (2 * ARGS_MAX - 1), (void *)start) < 0) {
		r->ev.flags |= EXEC_ARGS_UNREADABLE;
		return 0;
	}
	return len;
}

SEC("raw_tracepoint/sched_process_exec")
int vigil_process_exec(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	struct linux_binprm *bprm = (struct linux_binprm *)ctx->args[2];
	__u32 zero = 0;

	if (is_self(BPF_CORE_READ(task, tgid)))
		return 0;
	struct exec_record *r = bpf_map_lookup_elem(&exec_scratch, &zero);
	struct path_buf *pb = path_buf_get();
	if (!r || !pb) {
		count_drop(EVENT_PROCESS_EXEC);
		return 0;
	}
	struct exec_event *ev = &r->ev;
	fill_header(&ev->hdr, EVENT_PROCESS_EXEC, task);
	ev->flags = 0;
	ev->_pad = 0;
	ev->start_boottime = task_start(task);
	struct task_struct *parent = BPF_CORE_READ(task, real_parent);
	ev->ppid = BPF_CORE_READ(parent, tgid);
	ev->parent_start_boottime = task_start(parent);
	read_creds(ev, task);
	read_namespaces(ev, task);

	bool trunc = false;
	__u32 off = read_args(r, task);
	ev->args_len = off;

	struct path root = BPF_CORE_READ(task, fs, root);
	struct file *file = BPF_CORE_READ(bprm, file);
	struct path exe = BPF_CORE_READ(file, f_path);
	/* After the exec, the file is the new image (for a script: its
	 * interpreter): when it last changed tells user space whether it was
	 * written after the container started. */
	ev->exe_ctime_ns = inode_ctime_ns(BPF_CORE_READ(file, f_inode));
	build_dentry_path(pb, &exe, &root);
	if (have_exclusions)
		exclude_if_listed_executable(pb, ev->hdr.pid);
	__u32 n = append_built(r, off, pb, PATH_MAX_LEN, EXEC_EXE_TRUNCATED);
	ev->exe_len = n;
	off += n;

	struct path pwd = BPF_CORE_READ(task, fs, pwd);
	build_dentry_path(pb, &pwd, &root);
	n = append_built(r, off, pb, PATH_MAX_LEN, EXEC_CWD_TRUNCATED);
	ev->cwd_len = n;
	off += n;

	n = append_str(r, off, BPF_CORE_READ(bprm, filename), FILENAME_MAX_LEN, &trunc);
	ev->filename_len = n;
	off += n;
	if (trunc)
		ev->flags |= EXEC_FILENAME_TRUNCATED;

	build_cgroup_path(pb, task);
	if (have_exclusions)
		exclude_if_listed_cgroup(pb, ev->hdr.cgroup_id);
	n = append_built(r, off, pb, CGROUP_MAX_LEN, EXEC_CGROUP_TRUNCATED);
	ev->cgroup_len = n;
	off += n;

	struct tty_struct *tty = BPF_CORE_READ(task, signal, tty);
	ev->tty_len = 0;
	if (tty) {
		ev->flags |= EXEC_HAS_TTY;
		trunc = false;
		n = append_str(r, off, (const char *)&tty->name, TTY_NAME_MAX, &trunc);
		ev->tty_len = n;
		off += n;
	}

	__u64 size = sizeof(*ev) + off;
	if (size > sizeof(*r))
		size = sizeof(*r);
	submit(r, size, EVENT_PROCESS_EXEC);
	return 0;
}

SEC("raw_tracepoint/sched_process_exit")
int vigil_process_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	/* Fires for every thread; report the process once, when its last thread goes. */
	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	if (BPF_CORE_READ(task, flags) & PF_KTHREAD)
		return 0; /* kernel threads run no program a user started */
	if (is_self(BPF_CORE_READ(task, tgid)))
		return 0;
	exclude_forget(BPF_CORE_READ(task, tgid));
	struct exit_event ev = {};
	fill_header(&ev.hdr, EVENT_PROCESS_EXIT, task);
	ev.start_boottime = task_start(task);
	ev.exit_code = BPF_CORE_READ(task, exit_code);
	ev.ppid = BPF_CORE_READ(task, real_parent, tgid);
	submit(&ev, sizeof(ev), EVENT_PROCESS_EXIT);
	return 0;
}

/*
 * Always attached, whether or not process.fork records are wanted: user space
 * needs forks to know the image of a child that has not exec'ed (a subshell,
 * a pre-fork worker) when that child later does something.
 */
SEC("raw_tracepoint/sched_process_fork")
int vigil_process_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	struct task_struct *child = (struct task_struct *)ctx->args[1];

	if (BPF_CORE_READ(child, pid) != BPF_CORE_READ(child, tgid))
		return 0; /* a new thread, not a new process */
	if (BPF_CORE_READ(child, flags) & PF_KTHREAD)
		return 0;
	if (is_self(BPF_CORE_READ(parent, tgid)))
		return 0;
	exclude_inherit(BPF_CORE_READ(parent, tgid), BPF_CORE_READ(child, tgid));
	struct fork_event ev = {};
	fill_header(&ev.hdr, EVENT_PROCESS_FORK, child);
	ev.start_boottime = BPF_CORE_READ(child, start_boottime);
	ev.ppid = BPF_CORE_READ(child, real_parent, tgid);
	ev.parent_start_boottime = task_start(BPF_CORE_READ(child, real_parent));
	submit(&ev, sizeof(ev), EVENT_PROCESS_FORK);
	return 0;
}

#endif /* VIGIL_PROCESS_H */
