/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The entry side of every traced syscall. It runs on each traced syscall of
 * every process, so it rejects what no record will come of (an mmap without
 * W+X, a ptrace PEEK, a bpf command other than a program load, a TCP
 * socket, a fork: lib/entry_filters.h) before touching the per-thread map.
 */
#ifndef VIGIL_SYSCALL_ENTER_H
#define VIGIL_SYSCALL_ENTER_H

#include "lib/common.h"
#include "lib/syscall.h"
#include "lib/exclude.h"
#include "lib/entry_filters.h"

#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define BPF_PROG_LOAD 5

/* ptrace requests that change the tracee or take control of it. Reading
 * requests (PEEK*, GETREGS…) are what debuggers and strace issue by the
 * million, and are left out. */
static __always_inline bool ptrace_request_wanted(__u64 req)
{
	switch (req) {
	case 0:      /* PTRACE_TRACEME */
	case 4:      /* PTRACE_POKETEXT */
	case 5:      /* PTRACE_POKEDATA */
	case 6:      /* PTRACE_POKEUSR */
	case 13:     /* PTRACE_SETREGS (x86) */
	case 15:     /* PTRACE_SETFPREGS (x86) */
	case 16:     /* PTRACE_ATTACH */
	case 0x4205: /* PTRACE_SETREGSET */
	case 0x4206: /* PTRACE_SEIZE */
		return true;
	}
	return false;
}

static __always_inline void snapshot_creds(struct pending *p, __u16 kind)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	const struct cred *c = BPF_CORE_READ(task, cred);
	switch (kind) {
	case SC_SETUID:
	case SC_SETREUID:
	case SC_SETRESUID:
		p->before[0] = BPF_CORE_READ(c, uid.val);
		p->before[1] = BPF_CORE_READ(c, euid.val);
		p->before[2] = BPF_CORE_READ(c, suid.val);
		break;
	case SC_SETGID:
	case SC_SETREGID:
	case SC_SETRESGID:
		p->before[0] = BPF_CORE_READ(c, gid.val);
		p->before[1] = BPF_CORE_READ(c, egid.val);
		p->before[2] = BPF_CORE_READ(c, sgid.val);
		break;
	case SC_CAPSET:
		bpf_probe_read_kernel(&p->before[0], 8, &c->cap_effective);
		bpf_probe_read_kernel(&p->before[1], 8, &c->cap_permitted);
		bpf_probe_read_kernel(&p->before[2], 8, &c->cap_inheritable);
		break;
	}
}

/* openat2 passes flags and mode in a struct open_how: read them now. */
struct open_how_head {
	__u64 flags;
	__u64 mode;
};

SEC("tracepoint/syscalls/sys_enter")
int vigil_sys_enter(struct syscall_enter_ctx *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (is_self(id >> 32) || is_excluded(id >> 32))
		return 0;
	__u16 kind = syscall_kind(ctx->nr);
	if (kind == SC_NONE)
		return 0;

	struct pending p = {};
	p.kind = kind;
	syscall_args(ctx, p.args);

	switch (kind) {
	case SC_MMAP:
	case SC_MPROTECT:
	case SC_PKEY_MPROTECT:
		if ((p.args[2] & (PROT_WRITE | PROT_EXEC)) != (PROT_WRITE | PROT_EXEC))
			return 0;
		break;
	case SC_PTRACE:
		if (!ptrace_request_wanted(p.args[0]))
			return 0;
		break;
	case SC_BPF:
		if (p.args[0] != BPF_PROG_LOAD)
			return 0;
		break;
	case SC_OPENAT2: {
		struct open_how_head how = {};
		bpf_probe_read_user(&how, sizeof(how), (void *)p.args[2]);
		p.args[2] = how.flags;
		p.args[3] = how.mode;
		break;
	}
	default:
		if (!entry_wanted(&p))
			return 0;
		snapshot_creds(&p, kind);
	}
	if (bpf_map_update_elem(&pending, &id, &p, BPF_ANY) < 0)
		count_drop(event_type_of(kind));
	return 0;
}

#endif /* VIGIL_SYSCALL_ENTER_H */
