/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The mount a descriptor is on. The new mount API hands mounts around as
 * descriptors (fsmount's and open_tree's results, move_mount's source):
 * what they mount is read from the kernel's struct mount, since the source
 * was set by fsconfig calls earlier, not passed to the call at hand.
 */
#ifndef VIGIL_MOUNT_H
#define VIGIL_MOUNT_H

#include "common.h"
#include "fd.h"

#define FSTYPE_MAX 63

/* The mount the file behind fd is on, or NULL. */
static __always_inline struct vfsmount *fd_vfsmount(struct task_struct *task, long fd)
{
	struct file *f = fd_file(task, fd);
	if (!f)
		return NULL;
	return BPF_CORE_READ(f, f_path.mnt);
}

/* The mount's source, as /proc/<pid>/mountinfo shows it. */
static __always_inline const char *mount_devname(struct vfsmount *vfs)
{
	/* struct mount embeds the vfsmount: container_of. */
	struct mount *m = (void *)vfs - bpf_core_field_offset(struct mount, mnt);
	return BPF_CORE_READ(m, mnt_devname);
}

/* The name of the mount's file system type ("ext4", "tmpfs"). */
static __always_inline const char *mount_fstype(struct vfsmount *vfs)
{
	return BPF_CORE_READ(vfs, mnt_sb, s_type, name);
}

#endif /* VIGIL_MOUNT_H */
