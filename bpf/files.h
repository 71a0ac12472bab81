/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * File events: opens, unlinks, renames, chmods and links of watched paths
 * (lib/watch.h). The path of a successful open is the one of the file
 * actually opened (symlinks and ".." resolved by the kernel); a failed open,
 * and the other calls, are matched on the path they were given, resolved
 * against the working directory or dirfd.
 */
#ifndef VIGIL_FILES_H
#define VIGIL_FILES_H

#include "lib/common.h"
#include "lib/fd.h"
#include "lib/syscall.h"
#include "lib/watch.h"

/* Where a file syscall keeps its paths, by kind. */
struct file_args {
	long dirfd;        /* AT_FDCWD or a directory fd for path */
	const char *path;  /* the path acted on (for links: the new link) */
	long dirfd2;
	const char *path2; /* rename: the new path; link: the existing target */
	bool path2_raw;    /* a symlink's target is stored as given, not resolved */
	long fd;           /* fchmod: the file; -1 otherwise */
};

static __always_inline bool file_args(struct pending *p, struct file_args *a)
{
	a->dirfd = a->dirfd2 = AT_FDCWD;
	a->path = a->path2 = NULL;
	a->path2_raw = false;
	a->fd = -1;
	switch (p->kind) {
	case SC_OPEN:
	case SC_CREAT:
		a->path = (const char *)p->args[0];
		return true;
	case SC_OPENAT:
	case SC_OPENAT2:
		a->dirfd = p->args[0];
		a->path = (const char *)p->args[1];
		return true;
	case SC_UNLINK:
		a->path = (const char *)p->args[0];
		return true;
	case SC_UNLINKAT:
		a->dirfd = p->args[0];
		a->path = (const char *)p->args[1];
		return true;
	case SC_RENAME:
		a->path = (const char *)p->args[0];
		a->path2 = (const char *)p->args[1];
		return true;
	case SC_RENAMEAT:
	case SC_RENAMEAT2:
		a->dirfd = p->args[0];
		a->path = (const char *)p->args[1];
		a->dirfd2 = p->args[2];
		a->path2 = (const char *)p->args[3];
		return true;
	case SC_CHMOD:
		a->path = (const char *)p->args[0];
		return true;
	case SC_FCHMOD:
		a->fd = p->args[0];
		return true;
	case SC_FCHMODAT:
	case SC_FCHMODAT2:
		a->dirfd = p->args[0];
		a->path = (const char *)p->args[1];
		return true;
	case SC_LINK:
		a->path2 = (const char *)p->args[0];
		a->path = (const char *)p->args[1];
		return true;
	case SC_LINKAT:
		a->dirfd2 = p->args[0];
		a->path2 = (const char *)p->args[1];
		a->dirfd = p->args[2];
		a->path = (const char *)p->args[3];
		return true;
	case SC_SYMLINK:
		a->path2 = (const char *)p->args[0];
		a->path2_raw = true;
		a->path = (const char *)p->args[1];
		return true;
	case SC_SYMLINKAT:
		a->path2 = (const char *)p->args[0];
		a->path2_raw = true;
		a->dirfd = p->args[1];
		a->path = (const char *)p->args[2];
		return true;
	}
	return false;
}

static __always_inline bool is_open(__u16 kind)
{
	return kind == SC_OPEN || kind == SC_OPENAT || kind == SC_OPENAT2 || kind == SC_CREAT;
}

#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_TRUNC 01000

/* Whether an open may modify the file; every other file call does. */
static __always_inline bool may_write(struct pending *p)
{
	__u64 flags;
	switch (p->kind) {
	case SC_CREAT:
		return true;
	case SC_OPEN:
		flags = p->args[1];
		break;
	case SC_OPENAT:
	case SC_OPENAT2:
		flags = p->args[2];
		break;
	default:
		return true;
	}
	return flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC);
}

SEC("tracepoint/syscalls/sys_exit")
int vigil_file_exit(struct syscall_exit_ctx *ctx)
{
	struct pending p;
	if (!take_pending(ctx, &p))
		return 0;
	struct file_args a;
	if (!file_args(&p, &a))
		return 0;
	struct path_buf *pb = path_buf_get();
	if (!pb)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__s64 ret = ctx->ret;

	/* The path acted on. */
	int built;
	if (is_open(p.kind) && ret >= 0)
		built = vigil_path_of_fd((__u64)task, ret);
	else if (a.fd >= 0)
		built = vigil_path_of_fd((__u64)task, a.fd);
	else
		built = vigil_path_of_user_str((__u64)task, a.dirfd, (__u64)a.path);
	__u16 category = built ? vigil_watched() : 0;

	struct syscall_record *r = syscall_record_start(event_type_of(p.kind), &p, ret);
	if (!r)
		return 0;
	__u32 off = 0;
	if (built)
		syscall_record_path(r, &off, 0, pb);

	/* The second path: where a rename goes, what a link points to. A
	 * symlink's target is kept as given and matched only when absolute. */
	if (a.path2 && a.path2_raw) {
		if (!category && vigil_path_of_user_str((__u64)task, AT_FDCWD, (__u64)a.path2) &&
		    pb->str[0] == '/')
			category = vigil_watched();
		syscall_record_user_str(r, &off, 1, a.path2, PATH_MAX_LEN);
	} else if (a.path2 && vigil_path_of_user_str((__u64)task, a.dirfd2, (__u64)a.path2)) {
		if (!category)
			category = vigil_watched();
		syscall_record_path(r, &off, 1, pb);
	}
	if (category & WATCH_WRITES_ONLY) {
		if (!may_write(&p))
			return 0;
		category &= ~WATCH_WRITES_ONLY;
	}
	if (!category)
		return 0;
	r->ev.watch_category = category;
	syscall_record_submit(r, off);
	return 0;
}

#endif /* VIGIL_FILES_H */
