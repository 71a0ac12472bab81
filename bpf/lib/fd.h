/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* From a syscall's file descriptors and path strings to kernel objects and paths. */
#ifndef VIGIL_FD_H
#define VIGIL_FD_H

#include "common.h"
#include "path.h"

#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define S_IFREG 0100000
#define S_IFDIR 0040000

/* The struct file behind fd in the current task, or NULL. */
static __always_inline struct file *fd_file(struct task_struct *task, long fd)
{
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	if (fd < 0 || fd >= max)
		return NULL;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* The socket behind fd, or NULL when fd is not a socket. */
static __always_inline struct socket *fd_socket(struct task_struct *task, long fd)
{
	struct file *f = fd_file(task, fd);
	if (!f)
		return NULL;
	umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & S_IFMT) != S_IFSOCK)
		return NULL;
	return BPF_CORE_READ(f, private_data);
}

/* Build the path of the file behind fd (as the task sees it), and keep
 * its type and mode in pb->mode. */
static __always_inline bool build_fd_path(struct path_buf *pb, struct task_struct *task, long fd)
{
	struct file *f = fd_file(task, fd);
	if (!f)
		return false;
	struct path target = BPF_CORE_READ(f, f_path);
	struct path root = BPF_CORE_READ(task, fs, root);
	build_dentry_path(pb, &target, &root);
	pb->mode = BPF_CORE_READ(f, f_inode, i_mode);
	return true;
}

#define LEADING_UP_MAX 16 /* leading "../" of a relative path applied */

/*
 * The bytes of the relative path in pb->str (len bytes) that name where it
 * starts from: a leading "./" and up to LEADING_UP_MAX leading "../", whose
 * count is left in pb->skip.
 */
static __always_inline __u32 leading_dots(struct path_buf *pb, __u32 len)
{
	__u32 skip = 0;
	if (len > 2 && pb->str[0] == '.' && pb->str[1] == '/')
		skip = 2;
	pb->skip = 0;
	for (int i = 0; i < LEADING_UP_MAX; i++) {
		__u32 at = skip + 3 * i;
		if (at + 3 > len || pb->str[at & PATH_POS_MASK] != '.' || pb->str[(at + 1) & PATH_POS_MASK] != '.' ||
		    pb->str[(at + 2) & PATH_POS_MASK] != '/')
			break;
		pb->skip += 1;
	}
	skip += 3 * *(volatile __u32 *)&pb->skip;
	barrier_var(skip);
	return skip;
}

/*
 * Resolve a path string from user memory the way the syscall will: an
 * absolute path as is, a relative one against dirfd (AT_FDCWD: the working
 * directory). Leading "./" is dropped and leading "../" climb the base, so
 * "../../etc/cron.d/x" matches the watch list; a ".." further in and
 * symlinks are not resolved. Returns false when the string cannot be read
 * or is empty.
 */
static __always_inline bool resolve_user_path(struct path_buf *pb, struct task_struct *task,
					      long dirfd, const char *upath)
{
	long n = bpf_probe_read_user_str(pb->str, sizeof(pb->str), upath);
	if (n <= 1)
		return false;
	__u32 len = n - 1;
	path_reset(pb);
	pb->mode = 0;
	if (pb->str[0] == '/') {
		prepend_bytes(pb, pb->str, len);
		return true;
	}
	__u32 skip = leading_dots(pb, len);
	if (skip >= len)
		return true;
	if (!prepend_bytes(pb, &pb->str[skip & PATH_POS_MASK], len - skip) || !prepend_slash(pb))
		return true; /* keep what fits: the most specific part */
	struct path root = BPF_CORE_READ(task, fs, root);
	struct path base;
	if (dirfd == AT_FDCWD) {
		base = BPF_CORE_READ(task, fs, pwd);
	} else {
		struct file *f = fd_file(task, dirfd);
		if (!f)
			return true;
		base = BPF_CORE_READ(f, f_path);
	}
	walk_dentries_skip(pb, &base, &root);
	return true;
}

/*
 * Global (non-inlined) wrappers: the verifier checks a global function once,
 * on its own, instead of once per call site, which keeps programs that
 * resolve several paths within its limits. Global functions take only
 * scalars, so pointers travel as u64 and the path is left in path_scratch.
 */
__attribute__((noinline)) int vigil_path_of_fd(__u64 task, __s64 fd)
{
	struct path_buf *pb = path_buf_get();
	if (!pb)
		return 0;
	return build_fd_path(pb, (struct task_struct *)task, fd);
}

__attribute__((noinline)) int vigil_path_of_user_str(__u64 task, __s64 dirfd, __u64 upath)
{
	struct path_buf *pb = path_buf_get();
	if (!pb)
		return 0;
	return resolve_user_path(pb, (struct task_struct *)task, dirfd, (const char *)upath);
}

/* Where the link's directory is kept while the target is built in front
 * of it: the upper half of buf, which built paths never reach. */
#define LINK_DIR_AT (PATH_END + 1)
#define LINK_DIR_SCAN 1024 /* bytes at the end of a link's path searched for its directory */

/*
 * Resolve a symbolic link's target where the kernel will look for it when
 * the link is followed: an absolute target as it is, a relative one against
 * the directory the link is in, with its leading "./" and "../" applied as
 * resolve_user_path does. have_link says that path_scratch holds the
 * link's own path (vigil_path_of_user_str); without it only an absolute
 * target is resolved. The target's path is left in path_scratch.
 */
__attribute__((noinline)) int vigil_path_of_link_target(__u64 upath, __u32 have_link)
{
	struct path_buf *pb = path_buf_get();
	if (!pb)
		return 0;
	long n = bpf_probe_read_user_str(pb->str, sizeof(pb->str), (const char *)upath);
	if (n <= 1)
		return 0;
	__u32 len = n - 1;
	pb->mode = 0;
	if (pb->str[0] == '/') {
		path_reset(pb);
		prepend_bytes(pb, pb->str, len);
		return 1;
	}
	if (!have_link || pb->pos >= PATH_END || pb->truncated)
		return 0;
	/* What follows the leading ./ and ../ is kept in map memory, like
	 * the count of "../", so that the verifier follows one state per
	 * position of the scan below, not one per possible length. */
	__u32 skip = leading_dots(pb, len);
	pb->rest = skip;
	pb->rest_len = skip < len ? len - skip : 0;
	/* The link's directory is its path up to its last '/'; each "../"
	 * goes up to the '/' before. The scan back from the end stops where
	 * the directory ends, and leaves that in pb->scan; it looks at the
	 * last LINK_DIR_SCAN bytes of the link's path, which is as far as the
	 * verifier follows it. */
	pb->skip += 1;
	pb->scan = PATH_END; /* not found */
	for (int i = 1; i <= LINK_DIR_SCAN; i++) {
		__u32 at = PATH_END - i;
		if (at <= pb->pos) {
			pb->scan = pb->pos; /* climbed past the root: the root */
			break;
		}
		if (pb->buf[at & PATH_POS_MASK] == '/' && --pb->skip == 0) {
			pb->scan = at;
			break;
		}
	}
	__u32 dir_len = *(volatile __u32 *)&pb->scan - pb->pos;
	if (dir_len >= PATH_END - pb->pos)
		return 0;
	barrier_var(dir_len);
	dir_len &= PATH_POS_MASK;
	bpf_probe_read_kernel(&pb->buf[LINK_DIR_AT], dir_len, &pb->buf[pb->pos & PATH_POS_MASK]);
	path_reset(pb);
	__u32 rest_len = *(volatile __u32 *)&pb->rest_len;
	if (rest_len && !prepend_bytes(pb, &pb->str[*(volatile __u32 *)&pb->rest & PATH_POS_MASK], rest_len))
		return 1; /* keep what fits: the most specific part */
	if (dir_len == 0 || rest_len)
		prepend_slash(pb);
	prepend_bytes(pb, &pb->buf[LINK_DIR_AT], dir_len);
	return 1;
}

#endif /* VIGIL_FD_H */
