/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The cgroup a task belongs to. On cgroup v2 that is its cgroup in the
 * unified hierarchy. On v1 (and hybrid) hosts every runtime also places
 * containers in the memory controller's hierarchy, so that one is read.
 * The cgroup path carries the container id and, under Kubernetes, the pod
 * uid; user space parses it (internal/containerid).
 */
#ifndef VIGIL_CGROUP_H
#define VIGIL_CGROUP_H

#include "common.h"
#include "path.h"

#define CGROUP_MAX_DEPTH 16

static __always_inline struct cgroup *task_cgroup(struct task_struct *task)
{
	if (cgroup_v1) {
		int id = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
		/* The verifier wants the index proven in bounds. */
		if (id < 0 || id >= 16)
			return NULL;
		struct cgroup_subsys_state *css = BPF_CORE_READ(task, cgroups, subsys[id]);
		return BPF_CORE_READ(css, cgroup);
	}
	return BPF_CORE_READ(task, cgroups, dfl_cgrp);
}

static __always_inline struct kernfs_node *kernfs_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	struct kernfs_node___pre_6_15 *old = (void *)kn;
	return (struct kernfs_node *)BPF_CORE_READ(old, parent);
}

static __always_inline __u64 task_cgroup_id(struct task_struct *task)
{
	struct cgroup *cg = task_cgroup(task);
	if (!cg)
		return 0;
	return BPF_CORE_READ(cg, kn, id);
}

/* Build the task's cgroup path ("/kubepods.slice/.../cri-containerd-<id>.scope")
 * into buf[pos, PATH_END). */
static __always_inline void build_cgroup_path(struct path_buf *pb, struct task_struct *task)
{
	struct cgroup *cg = task_cgroup(task);
	struct kernfs_node *kn = cg ? BPF_CORE_READ(cg, kn) : NULL;

	path_reset(pb);
	for (int i = 0; i < CGROUP_MAX_DEPTH; i++) {
		if (!kn)
			goto out;
		struct kernfs_node *up = kernfs_parent(kn);
		if (!up) /* the hierarchy's root: its name is not part of the path */
			goto out;
		/* kernfs names are NUL-terminated with no stored length. */
		long n = bpf_probe_read_kernel_str(pb->name, sizeof(pb->name), BPF_CORE_READ(kn, name));
		if (n > 1 && !prepend_name(pb, (const unsigned char *)pb->name, n - 1))
			return;
		kn = up;
	}
	pb->truncated = 1;
out:
	path_finish(pb);
}

#endif /* VIGIL_CGROUP_H */
