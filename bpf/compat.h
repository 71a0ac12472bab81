/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * 32-bit (compat) syscalls on x86-64. The syscalls:sys_enter_* tracepoints
 * skip them, so a 32-bit program, or a 64-bit one using int 0x80, is
 * invisible to every other syscall program. The raw sys_enter tracepoint
 * does fire for them: its program (raw_sys_enter.h) tells compat ones by
 * the thread's TS_COMPAT status, which the kernel sets for the duration of
 * a 32-bit call, and reports the first of each process image; later ones
 * are recognized in compat_images and dropped.
 */
#ifndef VIGIL_COMPAT_H
#define VIGIL_COMPAT_H

#include "lib/common.h"
#include "lib/syscall.h"
#include "lib/exclude.h"

#define TS_COMPAT 0x0002 /* arch/x86/include/asm/thread_info.h */
#define COMPAT_IMAGES_MAX 16384

/* A process image: the process (its pid and start, against pid reuse) and
 * how many execs it has made. */
struct compat_image_key {
	__u32 tgid;
	__u32 _pad;
	__u64 start_boottime;
	__u64 exec_id;
};

/* Images already reported. LRU: a forgotten one is reported again, which
 * is better than a full map reporting nothing. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, COMPAT_IMAGES_MAX);
	__type(key, struct compat_image_key);
	__type(value, __u8);
} compat_images SEC(".maps");

/*
 * The calling thread's x86 status word. Reading it is all the raw sys_enter
 * program does for a 64-bit syscall, so it is read directly through the
 * task's BTF pointer where the kernel has one (5.11 and later): about 2 ns,
 * against some 35 through bpf_probe_read_kernel (docs/benchmarks.md).
 */
static __always_inline __u32 current_thread_status(void)
{
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf))
		return bpf_get_current_task_btf()->thread_info.status;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	return BPF_CORE_READ(task, thread_info.status);
}

/* Whether the syscall being entered is a 32-bit one. */
static __always_inline bool in_compat_syscall(void)
{
	/* Only x86 has the flag (user space asks only there). */
	if (!bpf_core_field_exists(struct thread_info, status))
		return false;
	return (current_thread_status() & TS_COMPAT) != 0;
}

/* Report 32-bit syscall nr unless its process image has made one already. */
static __always_inline void report_compat_syscall(__u64 nr)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	if (is_self(tgid) || is_excluded(tgid))
		return;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	/* exec_id counts the execs of the thread that made them, and threads
	 * start with their creator's: every thread of an image has the same. */
	struct compat_image_key key = {
		.tgid = tgid,
		.start_boottime = task_start(task),
		.exec_id = BPF_CORE_READ(task, self_exec_id),
	};
	__u8 seen = 1;
	if (bpf_map_update_elem(&compat_images, &key, &seen, BPF_NOEXIST) < 0)
		return; /* reported already (or another thread just did) */

	struct pending p = {};
	p.kind = SC_COMPAT_SYSCALL;
	p.args[0] = nr;
	struct syscall_record *r = syscall_record_start(EVENT_KERNEL_COMPAT_SYSCALL, &p, 0);
	if (r)
		syscall_record_submit(r, 0);
}

#endif /* VIGIL_COMPAT_H */
