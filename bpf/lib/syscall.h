/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Joining a syscall's entry and exit. One program (vigil_sys_enter) runs on
 * the sys_enter tracepoint of every traced syscall and keeps its arguments
 * in a per-thread map; a program per event group runs on the sys_exit
 * tracepoints and builds the record with the result, so a record always
 * says whether the call succeeded.
 */
#ifndef VIGIL_SYSCALL_H
#define VIGIL_SYSCALL_H

#include "common.h"
#include "path.h"
#include "task.h"

#define SYSCALL_NR_MAX 1024
#define DATA_OFF_MASK 16383
#define SYSCALL_DATA_SIZE (DATA_OFF_MASK + 1 + PATH_END + 1)

/* Filled by the loader: this architecture's syscall numbers → enum syscall_kind. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_NR_MAX);
	__type(key, __u32);
	__type(value, __u16);
} syscall_kinds SEC(".maps");

/* What the entry saw, until the exit of the same thread. */
struct pending {
	__u64 args[6];
	__u64 before[3];
	__u16 kind;
	__u16 _pad[3];
};

/*
 * Not an LRU map: an LRU hash may evict entries long before it is full
 * (its free lists are per CPU), which would silently lose the records of
 * calls in flight. An entry whose exit never comes (its thread was killed
 * inside the call) is overwritten when the thread id is reused, and swept
 * by user space (Probe.SweepPending). A full map is counted as a loss.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64); /* pid_tgid */
	__type(value, struct pending);
} pending SEC(".maps");

/*
 * Copy the six argument slots of a sys_enter context. Not read directly:
 * the kernel refuses to attach a program that reads past the end of a
 * tracepoint's record, and a syscall with fewer arguments has a shorter
 * one. The slots past a syscall's last argument hold garbage, never used.
 */
static __always_inline void syscall_args(struct syscall_enter_ctx *ctx, __u64 args[6])
{
	bpf_probe_read_kernel(args, 6 * sizeof(__u64), ctx->args);
}

static __always_inline __u16 syscall_kind(__s32 nr)
{
	__u32 key = nr;
	__u16 *kind = bpf_map_lookup_elem(&syscall_kinds, &key);
	return kind ? *kind : SC_NONE;
}

/*
 * Take the entry's arguments for this exit. The kind is checked against the
 * exiting syscall's, so an entry whose exit never ran (a killed thread) is
 * not mistaken for another call's.
 */
static __always_inline bool take_pending(struct syscall_exit_ctx *ctx, struct pending *out)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct pending *p = bpf_map_lookup_elem(&pending, &id);
	if (!p)
		return false;
	*out = *p;
	bpf_map_delete_elem(&pending, &id);
	return out->kind != SC_NONE && out->kind == syscall_kind(ctx->nr);
}

/* The record type of a syscall kind (include/events.h), EVENT_NONE for none. */
static __always_inline __u16 event_type_of(__u16 kind)
{
	if (kind >= SC_KIND_MAX)
		return EVENT_NONE;
	return event_type_of_kind[kind];
}

/* A syscall record being built, with room for its three strings. */
struct syscall_record {
	struct syscall_event ev;
	char data[SYSCALL_DATA_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct syscall_record);
} syscall_scratch SEC(".maps");

/* Start a syscall record: header, result and arguments. off starts at 0. */
static __always_inline struct syscall_record *syscall_record_start(__u16 type, struct pending *p, __s64 ret)
{
	__u32 zero = 0;
	struct syscall_record *r = bpf_map_lookup_elem(&syscall_scratch, &zero);
	if (!r)
		return NULL;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	fill_header(&r->ev.hdr, type, task);
	r->ev.ret = ret;
	__builtin_memcpy(r->ev.args, p->args, sizeof(r->ev.args));
	__builtin_memcpy(r->ev.before, p->before, sizeof(r->ev.before));
	__builtin_memset(r->ev.after, 0, sizeof(r->ev.after));
	__builtin_memset(r->ev.name, 0, sizeof(r->ev.name));
	r->ev.kind = p->kind;
	r->ev.watch_category = 0;
	r->ev.str_len[0] = r->ev.str_len[1] = r->ev.str_len[2] = 0;
	r->ev.flags = 0;
	return r;
}

/* Append the path built in pb as string i (0-2) at *off. */
static __always_inline void syscall_record_path(struct syscall_record *r, __u32 *off, int i, struct path_buf *pb)
{
	__u32 pos = pb->pos;
	if (pos > PATH_END || i < 0 || i > 2)
		return;
	__u32 len = PATH_END - pos;
	barrier_var(len);
	len &= PATH_POS_MASK;
	bpf_probe_read_kernel(&r->data[*off & DATA_OFF_MASK], len, &pb->buf[pos & PATH_POS_MASK]);
	r->ev.str_len[i] = len;
	if (pb->truncated)
		r->ev.flags |= SYSCALL_STR0_TRUNCATED << i;
	*off += len;
}

/* Append a NUL-terminated string (at most max bytes), from user memory or
 * the kernel's, as string i. */
static __always_inline void syscall_record_str(struct syscall_record *r, __u32 *off, int i,
					       const char *s, __u32 max, bool user)
{
	if (!s || i < 0 || i > 2)
		return;
	__u32 size = max + 1;
	barrier_var(size);
	if (size > PATH_END + 1)
		size = PATH_END + 1;
	char *dst = &r->data[*off & DATA_OFF_MASK];
	long n = user ? bpf_probe_read_user_str(dst, size, s) : bpf_probe_read_kernel_str(dst, size, s);
	if (n <= 1)
		return;
	__u32 len = (n - 1) & PATH_POS_MASK;
	if (len >= max)
		r->ev.flags |= SYSCALL_STR0_TRUNCATED << i;
	r->ev.str_len[i] = len;
	*off += len;
}

static __always_inline void syscall_record_user_str(struct syscall_record *r, __u32 *off, int i,
						    const char *s, __u32 max)
{
	syscall_record_str(r, off, i, s, max, true);
}

static __always_inline void syscall_record_kernel_str(struct syscall_record *r, __u32 *off, int i,
						      const char *s, __u32 max)
{
	syscall_record_str(r, off, i, s, max, false);
}

static __always_inline void syscall_record_submit(struct syscall_record *r, __u32 off)
{
	__u64 size = sizeof(r->ev) + (off & (DATA_OFF_MASK * 2 + 1));
	if (size > sizeof(*r))
		size = sizeof(*r);
	submit(r, size, r->ev.hdr.type);
}

#endif /* VIGIL_SYSCALL_H */
