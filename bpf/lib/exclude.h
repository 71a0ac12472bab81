/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Processes and cgroups whose syscall events are not wanted (a noisy agent,
 * a monitoring sidecar). The decision is made here, at exec, so even a
 * process that lives a millisecond is excluded from its first syscall:
 * the exec program checks the new executable and the process's cgroup
 * against the configured lists and marks the process (and its cgroup);
 * forks inherit the mark, exits clear it. The syscall programs drop events
 * of marked processes and cgroups before doing any work.
 */
#ifndef VIGIL_EXCLUDE_H
#define VIGIL_EXCLUDE_H

#include "common.h"
#include "cgroup.h"
#include "path.h"

#define EXCLUDE_PATH_MAX 256

volatile const bool have_exclusions = false; /* the checks are dead code otherwise */

struct exclude_path_key {
	char path[EXCLUDE_PATH_MAX]; /* NUL-padded */
};

struct exclude_prefix_key {
	__u32 prefixlen; /* bits */
	char path[EXCLUDE_PATH_MAX];
};

/* Filled by the loader: executables (exact paths) and cgroups (a cgroup's
 * path and, with a trailing '/', everything below it). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct exclude_path_key);
	__type(value, __u8);
} excluded_executables SEC(".maps");

/* The length of the stored path; an entry without a trailing '/' matches
 * only a path of exactly that length (the cgroup itself, not a sibling
 * whose name it starts). */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 256);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct exclude_prefix_key);
	__type(value, __u32);
} excluded_cgroup_paths SEC(".maps");

/* Maintained here (and by user space for processes running before load). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32); /* tgid */
	__type(value, __u8);
} excluded_tgids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64); /* cgroup id */
	__type(value, __u8);
} excluded_cgroups SEC(".maps");

struct exclude_scratch {
	struct exclude_path_key exe;
	struct exclude_prefix_key cgroup;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct exclude_scratch);
} exclude_scratch SEC(".maps");

static __always_inline bool is_excluded(__u32 tgid)
{
	if (!have_exclusions)
		return false;
	if (bpf_map_lookup_elem(&excluded_tgids, &tgid))
		return true;
	__u64 cgroup = task_cgroup_id((struct task_struct *)bpf_get_current_task());
	return bpf_map_lookup_elem(&excluded_cgroups, &cgroup) != NULL;
}

/* Copy the path pb holds (at most EXCLUDE_PATH_MAX - 1 bytes) to dst. */
static __always_inline __u32 copy_built(char *dst, struct path_buf *pb)
{
	__u32 len = PATH_END - pb->pos;
	if (len > EXCLUDE_PATH_MAX - 1)
		len = EXCLUDE_PATH_MAX - 1;
	barrier_var(len);
	len &= EXCLUDE_PATH_MAX - 1;
	bpf_probe_read_kernel(dst, len, &pb->buf[pb->pos & PATH_POS_MASK]);
	return len;
}

/* At exec, with the new executable's path in pb: mark the process when it is listed. */
static __always_inline void exclude_if_listed_executable(struct path_buf *pb, __u32 tgid)
{
	__u32 zero = 0;
	struct exclude_scratch *x = bpf_map_lookup_elem(&exclude_scratch, &zero);
	if (!x)
		return;
	__builtin_memset(&x->exe, 0, sizeof(x->exe));
	copy_built(x->exe.path, pb);
	__u8 one = 1;
	if (bpf_map_lookup_elem(&excluded_executables, &x->exe))
		bpf_map_update_elem(&excluded_tgids, &tgid, &one, BPF_ANY);
	else
		bpf_map_delete_elem(&excluded_tgids, &tgid); /* it exec'ed something else */
}

/* At exec, with the process's cgroup path in pb: mark the cgroup when it is listed. */
static __always_inline void exclude_if_listed_cgroup(struct path_buf *pb, __u64 cgroup_id)
{
	__u32 zero = 0;
	struct exclude_scratch *x = bpf_map_lookup_elem(&exclude_scratch, &zero);
	if (!x || !cgroup_id)
		return;
	__u32 len = copy_built(x->cgroup.path, pb);
	x->cgroup.prefixlen = len * 8;
	__u8 one = 1;
	for (int i = 0; i < 2; i++) {
		__u32 *stored = bpf_map_lookup_elem(&excluded_cgroup_paths, &x->cgroup);
		if (!stored)
			return;
		__u32 n = *stored;
		char last = 0;
		if (n > 0)
			bpf_probe_read_kernel(&last, 1, &x->cgroup.path[(n - 1) & (EXCLUDE_PATH_MAX - 1)]);
		if (n == len || last == '/') {
			bpf_map_update_elem(&excluded_cgroups, &cgroup_id, &one, BPF_ANY);
			return;
		}
		if (n == 0)
			return;
		x->cgroup.prefixlen = (n - 1) * 8; /* a sibling: look for a shorter entry */
	}
}

/* A child runs its parent's image: it is excluded when the parent is. */
static __always_inline void exclude_inherit(__u32 parent, __u32 child)
{
	if (!have_exclusions || !bpf_map_lookup_elem(&excluded_tgids, &parent))
		return;
	__u8 one = 1;
	bpf_map_update_elem(&excluded_tgids, &child, &one, BPF_ANY);
}

static __always_inline void exclude_forget(__u32 tgid)
{
	if (have_exclusions)
		bpf_map_delete_elem(&excluded_tgids, &tgid);
}

#endif /* VIGIL_EXCLUDE_H */
