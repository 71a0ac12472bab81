/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Memory and process-injection events: mappings made writable and
 * executable at once, anonymous memory files, writes into another process's
 * memory, and ptrace requests that take control of a process.
 */
#ifndef VIGIL_MEMORY_H
#define VIGIL_MEMORY_H

#include "lib/common.h"
#include "lib/fd.h"
#include "lib/syscall.h"

#define MAP_ANONYMOUS 0x20
#define MEMFD_NAME_MAX 255

SEC("tracepoint/syscalls/sys_exit")
int vigil_mem_exit(struct syscall_exit_ctx *ctx)
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
	__u32 off = 0;
	if (p.kind == SC_MEMFD_CREATE) {
		syscall_record_user_str(r, &off, 0, (const char *)p.args[0], MEMFD_NAME_MAX);
	} else if (p.kind == SC_MMAP && !(p.args[3] & MAP_ANONYMOUS) && (long)p.args[4] >= 0) {
		/* A file mapped W+X: name it. */
		struct path_buf *pb = path_buf_get();
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		if (pb && vigil_path_of_fd((__u64)task, p.args[4]))
			syscall_record_path(r, &off, 0, pb);
	}
	syscall_record_submit(r, off);
	return 0;
}

#endif /* VIGIL_MEMORY_H */
