/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Reading an inode's metadata across the kernel's layout changes. */
#ifndef VIGIL_INODE_H
#define VIGIL_INODE_H

#include "common.h"

#define NSEC_PER_SEC 1000000000ULL
/* Valid nanoseconds fit in 30 bits; since 6.13 bit 31 of i_ctime_nsec is the
 * multigrain I_CTIME_QUERIED flag, not part of the time. */
#define CTIME_NSEC_MASK 0x3fffffffU

/*
 * The inode's change time (ctime: the last write, chmod, chown, rename or
 * link count change), CLOCK_REALTIME nanoseconds since the epoch; 0 when
 * there is no inode or its ctime is before 1970 (never a real file's).
 */
static __always_inline __u64 inode_ctime_ns(struct inode *inode)
{
	__s64 sec;
	__u64 nsec;

	if (!inode)
		return 0;
	if (bpf_core_field_exists(inode->i_ctime_sec)) { /* 6.11 and later */
		sec = BPF_CORE_READ(inode, i_ctime_sec);
		nsec = BPF_CORE_READ(inode, i_ctime_nsec);
	} else {
		struct inode___6_6 *mid = (void *)inode;
		struct inode___pre_6_6 *old = (void *)inode;
		if (bpf_core_field_exists(mid->__i_ctime)) { /* 6.6 to 6.10 */
			sec = BPF_CORE_READ(mid, __i_ctime.tv_sec);
			nsec = BPF_CORE_READ(mid, __i_ctime.tv_nsec);
		} else {
			sec = BPF_CORE_READ(old, i_ctime.tv_sec);
			nsec = BPF_CORE_READ(old, i_ctime.tv_nsec);
		}
	}
	nsec &= CTIME_NSEC_MASK;
	if (sec <= 0 || nsec >= NSEC_PER_SEC)
		return 0;
	return (__u64)sec * NSEC_PER_SEC + nsec;
}

#endif /* VIGIL_INODE_H */
