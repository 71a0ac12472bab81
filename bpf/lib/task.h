/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Reading identity out of a task_struct. */
#ifndef VIGIL_TASK_H
#define VIGIL_TASK_H

#include "common.h"
#include "cgroup.h"

static __always_inline void fill_header(struct event_header *h, __u16 type,
					struct task_struct *task)
{
	h->ktime_ns = bpf_ktime_get_boot_ns();
	h->cgroup_id = task_cgroup_id(task);
	h->pid = BPF_CORE_READ(task, tgid);
	h->tid = BPF_CORE_READ(task, pid);
	h->type = type;
	h->cpu = bpf_get_smp_processor_id();
	h->_pad = 0;
}

static __always_inline __u64 task_start(struct task_struct *task)
{
	return BPF_CORE_READ(task, group_leader, start_boottime);
}

/* The pid as the task's own pid namespace numbers it, and that namespace. */
static __always_inline void task_vpid(struct task_struct *task, __u32 *vpid, __u32 *pid_ns)
{
	struct pid *tp = BPF_CORE_READ(task, group_leader, thread_pid);
	unsigned int level = BPF_CORE_READ(tp, level);
	struct upid *up = (void *)tp + bpf_core_field_offset(struct pid, numbers) +
			  (__u64)level * bpf_core_type_size(struct upid);
	*vpid = BPF_CORE_READ(up, nr);
	*pid_ns = BPF_CORE_READ(up, ns, ns.inum);
}

#endif /* VIGIL_TASK_H */
