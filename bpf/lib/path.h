/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Building paths in the kernel. Tracepoint programs cannot call bpf_d_path,
 * so a path is rebuilt by walking dentries (and kernfs nodes for cgroups) up
 * to the root, prepending one component at a time into a per-CPU scratch
 * buffer. The buffer is filled backwards from its middle, so the finished
 * path is buf[pos, PATH_END) and positions can be masked for the verifier.
 */
#ifndef VIGIL_PATH_H
#define VIGIL_PATH_H

#include "common.h"

#define PATH_END 4095          /* one past the last byte of a built path */
#define PATH_POS_MASK 4095     /* positions are always below PATH_END */
#define PATH_BUF_SIZE 8192     /* a masked position plus a masked length fits */
#define NAME_MAX_LEN 255
#define PATH_MAX_DEPTH 48      /* dentries walked before giving up */
#define AT_FDCWD -100

/*
 * The write position and truncation flag live in the map value, not in
 * registers: the verifier does not track map contents, so every loop
 * iteration reaches the same abstract state and the walk verifies in a few
 * thousand instructions instead of exploding over every possible position.
 */
struct path_buf {
	char buf[PATH_BUF_SIZE];
	char str[PATH_END + 1];      /* staging for strings read from user memory */
	char name[NAME_MAX_LEN + 1]; /* staging for names read without a length */
	__u32 pos;                   /* the built path is buf[pos, PATH_END) */
	__u32 truncated;
	__u32 skip;                  /* components a walk leaves out (see walk_dentries_skip) */
	__u32 mode;                  /* i_mode of the file whose descriptor the path was built from; 0 otherwise */
	__u32 scan;                  /* component_start's answer (see there) */
	__u32 rest, rest_len;        /* vigil_path_of_link_target: the target without its leading ./ and ../ */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct path_buf);
} path_scratch SEC(".maps");

static __always_inline struct path_buf *path_buf_get(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&path_scratch, &zero);
}

static __always_inline void path_reset(struct path_buf *pb)
{
	pb->pos = PATH_END;
	pb->truncated = 0;
}

/*
 * Prepend len bytes of kernel memory. Returns false when they do not fit,
 * leaving the buffer as it was: the path is then truncated at the top,
 * keeping its most specific components.
 */
static __always_inline bool prepend_bytes(struct path_buf *pb, const void *src, __u32 len)
{
	__u32 pos = pb->pos;
	if (pos > PATH_END || pos < len) {
		pb->truncated = 1;
		return false;
	}
	pos -= len;
	barrier_var(len);
	barrier_var(pos);
	bpf_probe_read_kernel(&pb->buf[pos & PATH_POS_MASK], len & PATH_POS_MASK, src);
	pb->pos = pos;
	return true;
}

static __always_inline bool prepend_slash(struct path_buf *pb)
{
	__u32 pos = pb->pos;
	if (pos > PATH_END || pos < 1) {
		pb->truncated = 1;
		return false;
	}
	pos -= 1;
	pb->buf[pos & PATH_POS_MASK] = '/';
	pb->pos = pos;
	return true;
}

/* Prepend "/<name>", one path component of at most NAME_MAX_LEN bytes. */
static __always_inline bool prepend_name(struct path_buf *pb, const unsigned char *name, __u32 len)
{
	if (len > NAME_MAX_LEN)
		len = NAME_MAX_LEN;
	if (pb->pos < len + 1) {
		pb->truncated = 1;
		return false;
	}
	return prepend_bytes(pb, name, len) && prepend_slash(pb);
}

/* An empty walk means the root itself. */
static __always_inline void path_finish(struct path_buf *pb)
{
	if (pb->pos == PATH_END) {
		pb->pos = PATH_END - 1;
		pb->buf[(PATH_END - 1) & PATH_POS_MASK] = '/';
	}
}

/*
 * Find where the component ending just before end starts: the byte after
 * the previous '/' (or the start of the path). The answer goes through map
 * memory (*out, read back volatile) so that the code after the scan is
 * verified once, not once per position the scan could stop at.
 */
static __always_inline __u32 component_start(struct path_buf *pb, __u32 end, __u32 *out)
{
	__u32 start = pb->pos;
	*out = end; /* longer than a name can be: no component */
	for (int i = 1; i <= NAME_MAX_LEN + 1; i++) {
		if (end < start + i) {
			*out = start;
			break;
		}
		if (pb->buf[(end - i) & PATH_POS_MASK] == '/') {
			*out = end - i + 1;
			break;
		}
	}
	return *(volatile __u32 *)out;
}

/* Return the struct mount that embeds a vfsmount (container_of, CO-RE safe). */
static __always_inline struct mount *real_mount(struct vfsmount *vfsmnt)
{
	return (struct mount *)((void *)vfsmnt - bpf_core_field_offset(struct mount, mnt));
}

/*
 * Prepend the components of (dentry, vfsmount) up to the task's root
 * (chroot or container rootfs), crossing mount points, in front of what the
 * buffer already holds.
 */
static __always_inline void walk_dentries_skip(struct path_buf *pb, struct path *target, struct path *root);

static __always_inline void walk_dentries(struct path_buf *pb, struct path *target, struct path *root)
{
	pb->skip = 0;
	walk_dentries_skip(pb, target, root);
}

/* As walk_dentries, leaving out the first pb->skip components (the ".." of
 * a relative path climb them). The count lives in the map value, like pos,
 * so the verifier does not follow each possible value through the walk. */
static __always_inline void walk_dentries_skip(struct path_buf *pb, struct path *target, struct path *root)
{
	struct dentry *dentry = BPF_CORE_READ(target, dentry);
	struct vfsmount *vfsmnt = BPF_CORE_READ(target, mnt);
	struct dentry *root_dentry = BPF_CORE_READ(root, dentry);
	struct vfsmount *root_mnt = BPF_CORE_READ(root, mnt);
	struct mount *mnt = real_mount(vfsmnt);

	for (int i = 0; i < PATH_MAX_DEPTH; i++) {
		if (dentry == root_dentry && vfsmnt == root_mnt)
			return;
		if (dentry == BPF_CORE_READ(vfsmnt, mnt_root)) {
			struct mount *parent = BPF_CORE_READ(mnt, mnt_parent);
			if (parent == mnt) /* root of a mount namespace or a detached mount */
				return;
			dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = parent;
			vfsmnt = &parent->mnt;
			continue;
		}
		struct dentry *up = BPF_CORE_READ(dentry, d_parent);
		if (up == dentry) {
			/* A pseudo file (memfd:, pipe:, anon_inode:) has no parent:
			 * its name is all there is to say. A file system's own root
			 * ("/") adds nothing. */
			__u32 len = BPF_CORE_READ(dentry, d_name.len);
			const unsigned char *name = BPF_CORE_READ(dentry, d_name.name);
			char first = 0;
			bpf_probe_read_kernel(&first, 1, name);
			if (len > 0 && first != '/')
				prepend_name(pb, name, len);
			return;
		}
		if (pb->skip > 0)
			pb->skip -= 1;
		else if (!prepend_name(pb, BPF_CORE_READ(dentry, d_name.name), BPF_CORE_READ(dentry, d_name.len)))
			return;
		dentry = up;
	}
	pb->truncated = 1; /* deeper than PATH_MAX_DEPTH */
}

/*
 * Resolve a struct path to an absolute path as the task sees it, into
 * buf[pos, PATH_END); truncated is set when components had to be dropped.
 */
static __always_inline void build_dentry_path(struct path_buf *pb, struct path *target, struct path *root)
{
	path_reset(pb);
	walk_dentries(pb, target, root);
	path_finish(pb);
}

#endif /* VIGIL_PATH_H */
