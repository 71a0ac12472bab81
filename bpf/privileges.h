/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Privilege changes: the set*id family and capset, with the ids (or
 * capability sets) before the call, what was asked, and what the process
 * holds after it.
 */
#ifndef VIGIL_PRIVILEGES_H
#define VIGIL_PRIVILEGES_H

#include "lib/common.h"
#include "lib/syscall.h"
#include "syscall_enter.h"

#define CAPABILITY_VERSION_1 0x19980330

/* capset's data: two of these, for capabilities 0-31 and 32-63. */
struct user_cap_data {
	__u32 effective;
	__u32 permitted;
	__u32 inheritable;
};

SEC("tracepoint/syscalls/sys_exit")
int vigil_priv_exit(struct syscall_exit_ctx *ctx)
{
	struct pending p;
	if (!take_pending(ctx, &p))
		return 0;
	__u16 type = event_type_of(p.kind);
	if (type == EVENT_NONE)
		return 0;
	if (p.kind == SC_CAPSET) {
		/* What was asked for replaces the pointers in args[1..3]. Version 1
		 * of the interface passes one struct (capabilities 0-31), later ones two. */
		struct user_cap_data d[2] = {};
		__u32 version = 0;
		bpf_probe_read_user(&version, sizeof(version), (const void *)p.args[0]);
		if (version == CAPABILITY_VERSION_1)
			bpf_probe_read_user(&d[0], sizeof(d[0]), (const void *)p.args[1]);
		else
			bpf_probe_read_user(&d, sizeof(d), (const void *)p.args[1]);
		p.args[1] = d[0].effective | (__u64)d[1].effective << 32;
		p.args[2] = d[0].permitted | (__u64)d[1].permitted << 32;
		p.args[3] = d[0].inheritable | (__u64)d[1].inheritable << 32;
	}
	struct syscall_record *r = syscall_record_start(type, &p, ctx->ret);
	if (!r)
		return 0;
	struct pending now = {};
	snapshot_creds(&now, p.kind);
	__builtin_memcpy(r->ev.after, now.before, sizeof(r->ev.after));
	syscall_record_submit(r, 0);
	return 0;
}

#endif /* VIGIL_PRIVILEGES_H */
