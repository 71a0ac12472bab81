/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The one program on the raw sys_enter tracepoint, which fires on every
 * syscall of every process: the attach itself costs each syscall more than
 * anything the program does (docs/benchmarks.md), so the two jobs that
 * need it share one attachment. It reports the first 32-bit syscall of each
 * process image (compat.h), and attempts of traced syscalls the kernel
 * lacks (kernel_events.h). It is attached only when one of them has work.
 */
#ifndef VIGIL_RAW_SYS_ENTER_H
#define VIGIL_RAW_SYS_ENTER_H

#include "lib/common.h"
#include "compat.h"
#include "kernel_events.h"

/* Set by the loader: 32-bit syscalls are reported (the kernel group, on
 * x86-64). */
volatile const bool trace_compat = false;

/* Set by the loader once it has found traced syscalls the kernel lacks
 * (after the programs are loaded, hence not const): without it the lookup
 * in unimplemented_kinds, some 40 ns, is skipped. */
volatile bool have_unimplemented = false;

SEC("raw_tracepoint/sys_enter")
int vigil_raw_enter(struct bpf_raw_tracepoint_args *ctx)
{
	long id = ctx->args[1];
	/* A 32-bit call's number is of the 32-bit table: never look it up
	 * among the native ones (i386's 175, rt_sigprocmask, is x86-64's
	 * init_module). */
	if (trace_compat && in_compat_syscall()) {
		report_compat_syscall(id);
		return 0;
	}
	if (have_unimplemented)
		report_unimplemented(id);
	return 0;
}

#endif /* VIGIL_RAW_SYS_ENTER_H */
