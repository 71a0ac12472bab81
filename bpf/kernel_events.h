/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Kernel-level events: module loads, BPF program loads, namespace changes
 * (unshare, setns, clones into new namespaces), mounts (mount(2) and the
 * new mount API), chroot, pivot_root and io_uring setups. All are rare, so
 * every call is reported, failed ones included (a refused module load is
 * worth knowing about); the entry drops clones without new namespaces and
 * open_tree without OPEN_TREE_CLONE (lib/entry_filters.h).
 */
#ifndef VIGIL_KERNEL_EVENTS_H
#define VIGIL_KERNEL_EVENTS_H

#include "lib/common.h"
#include "lib/fd.h"
#include "lib/syscall.h"
#include "lib/exclude.h"
#include "lib/mount.h"
#include "lib/namespace.h"

#define MODULE_PARAMS_MAX 255

/* The head of union bpf_attr for BPF_PROG_LOAD (include/uapi/linux/bpf.h). */
struct bpf_prog_load_attr_head {
	__u32 prog_type;
	__u32 insn_cnt;
	__u64 insns;
	__u64 license;
	__u32 log_level;
	__u32 log_size;
	__u64 log_buf;
	__u32 kern_version;
	__u32 prog_flags;
	char prog_name[BPF_NAME_LEN];
};

SEC("tracepoint/syscalls/sys_exit")
int vigil_kernel_exit(struct syscall_exit_ctx *ctx)
{
	struct pending p;
	if (!take_pending(ctx, &p))
		return 0;
	__u16 type = event_type_of(p.kind);
	if (type == EVENT_NONE)
		return 0;
	struct syscall_record *r = syscall_record_start(type, &p, ctx->ret);
	if (!r)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct path_buf *pb = path_buf_get();
	if (!pb)
		return 0;
	__u32 off = 0;

	/* What each kind keeps where: the layout table of include/events.h. */
	switch (p.kind) {
	case SC_INIT_MODULE:
		syscall_record_user_str(r, &off, 1, (const char *)p.args[2], MODULE_PARAMS_MAX);
		break;
	case SC_FINIT_MODULE:
		if (vigil_path_of_fd((__u64)task, p.args[0]))
			syscall_record_path(r, &off, 0, pb);
		syscall_record_user_str(r, &off, 1, (const char *)p.args[1], MODULE_PARAMS_MAX);
		break;
	case SC_BPF: {
		struct bpf_prog_load_attr_head attr = {};
		bpf_probe_read_user(&attr, sizeof(attr), (const void *)p.args[1]);
		r->ev.args[1] = attr.prog_type;
		__builtin_memcpy(r->ev.name, attr.prog_name, sizeof(r->ev.name));
		break;
	}
	case SC_SETNS: {
		r->ev.args[2] = 0; /* [host_types] */
		struct file *f = fd_file(task, p.args[0]);
		if (f)
			setns_target(r->ev.args, r->ev.after, f, task);
		break;
	}
	case SC_MOUNT:
		syscall_record_user_str(r, &off, 0, (const char *)p.args[0], PATH_MAX_LEN);
		if (vigil_path_of_user_str((__u64)task, AT_FDCWD, p.args[1]))
			syscall_record_path(r, &off, 1, pb);
		syscall_record_user_str(r, &off, 2, (const char *)p.args[2], FSTYPE_MAX);
		break;
	case SC_CHROOT:
		if (vigil_path_of_user_str((__u64)task, AT_FDCWD, p.args[0]))
			syscall_record_path(r, &off, 0, pb);
		break;
	case SC_PIVOT_ROOT:
		if (vigil_path_of_user_str((__u64)task, AT_FDCWD, p.args[0]))
			syscall_record_path(r, &off, 0, pb);
		if (vigil_path_of_user_str((__u64)task, AT_FDCWD, p.args[1]))
			syscall_record_path(r, &off, 1, pb);
		break;
	case SC_FSOPEN:
		syscall_record_user_str(r, &off, 0, (const char *)p.args[0], FSTYPE_MAX);
		break;
	case SC_FSMOUNT: {
		struct vfsmount *created = ctx->ret >= 0 ? fd_vfsmount(task, ctx->ret) : NULL;
		if (created) {
			syscall_record_kernel_str(r, &off, 0, mount_devname(created), PATH_MAX_LEN);
			syscall_record_kernel_str(r, &off, 1, mount_fstype(created), FSTYPE_MAX);
		}
		break;
	}
	case SC_MOVE_MOUNT: {
		/* The source is a path, or (an empty one) the mount the
		 * descriptor is, as fsmount and open_tree return them. */
		struct vfsmount *moved = NULL;
		if (vigil_path_of_user_str((__u64)task, p.args[0], p.args[1])) {
			syscall_record_path(r, &off, 0, pb);
		} else {
			moved = fd_vfsmount(task, p.args[0]);
			if (moved)
				syscall_record_kernel_str(r, &off, 0, mount_devname(moved), PATH_MAX_LEN);
		}
		if (vigil_path_of_user_str((__u64)task, p.args[2], p.args[3]) || vigil_path_of_fd((__u64)task, p.args[2]))
			syscall_record_path(r, &off, 1, pb);
		if (moved)
			syscall_record_kernel_str(r, &off, 2, mount_fstype(moved), FSTYPE_MAX);
		break;
	}
	case SC_OPEN_TREE: {
		if (vigil_path_of_user_str((__u64)task, p.args[0], p.args[1]) || vigil_path_of_fd((__u64)task, p.args[0]))
			syscall_record_path(r, &off, 0, pb);
		struct vfsmount *clone = ctx->ret >= 0 ? fd_vfsmount(task, ctx->ret) : NULL;
		if (clone)
			syscall_record_kernel_str(r, &off, 1, mount_fstype(clone), FSTYPE_MAX);
		break;
	}
	}
	syscall_record_submit(r, off);
	return 0;
}

/* Syscalls this kernel does not implement, by number: filled by the loader
 * for traced syscalls whose tracepoints are missing. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_NR_MAX);
	__type(key, __u32);
	__type(value, __u16);
} unimplemented_kinds SEC(".maps");

#define ENOSYS 38

/*
 * A syscall compiled out of the kernel (init_module without module support)
 * has no tracepoint, yet trying it is worth reporting. The raw sys_enter
 * program (raw_sys_enter.h) asks this of every native syscall: one array
 * lookup, which the verifier inlines. The call's result is known: ENOSYS.
 * Its arguments are not read (that would need each architecture's register
 * layout).
 */
static __always_inline void report_unimplemented(long id)
{
	if (id < 0 || id >= SYSCALL_NR_MAX)
		return;
	__u32 nr = id;
	__u16 *kind = bpf_map_lookup_elem(&unimplemented_kinds, &nr);
	if (!kind || *kind == SC_NONE)
		return;
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (is_self(tgid) || is_excluded(tgid))
		return;
	struct pending p = {};
	p.kind = *kind;
	struct syscall_record *r = syscall_record_start(event_type_of(p.kind), &p, -ENOSYS);
	if (r)
		syscall_record_submit(r, 0);
}

#endif /* VIGIL_KERNEL_EVENTS_H */
