/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Maps and knobs shared by every Vigil program. */
#ifndef VIGIL_COMMON_H
#define VIGIL_COMMON_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "events.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/*
 * Set by the loader before the programs are verified (rewritten .rodata), so
 * disabled checks are dead code the verifier removes.
 */
volatile const __u32 self_tgid = 0;       /* our own process: never reported */
volatile const bool cgroup_v1 = false;    /* read the memory hierarchy, not cgroup2 */
volatile const __u64 wakeup_bytes = 0;    /* pending bytes that justify waking the reader */

/* One ring for every record type, so user space sees a single ordered stream.
 * Its size is set by the loader from the receiver's config. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024 * 1024);
} events SEC(".maps");

/* Records lost because the ring was full, per CPU and per enum event_type. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EVENT_TYPE_MAX);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

static __always_inline void count_drop(__u16 type)
{
	__u32 key = type;
	__u64 *n = bpf_map_lookup_elem(&drops, &key);
	if (n)
		*n += 1; /* per-CPU slot: no atomics needed */
}

/*
 * Write a record to the ring, counting it as lost if the ring is full.
 * The reader is not woken for each record: a wakeup is an irq_work (an IPI
 * in a VM) that costs more than the program itself. User space polls the
 * ring on a short timer instead, and is woken early only when a burst has
 * filled a good part of the ring.
 */
static __always_inline void submit(void *rec, __u64 size, __u16 type)
{
	__u64 flags = BPF_RB_NO_WAKEUP;
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes)
		flags = BPF_RB_FORCE_WAKEUP;
	if (bpf_ringbuf_output(&events, rec, size, flags) < 0)
		count_drop(type);
}

static __always_inline bool is_self(__u32 tgid)
{
	return self_tgid != 0 && tgid == self_tgid;
}

#endif /* VIGIL_COMMON_H */
