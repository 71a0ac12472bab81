/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * File events: opens, unlinks, renames, chmods, links and mkdirs of watched
 * paths (lib/watch.h), and wherever they happen, chmods that set the setuid
 * or setgid bit and directories made directly under "/". The path of a
 * successful open is the one of the file actually opened (symlinks and ".."
 * resolved by the kernel); a failed open, and the other calls, are matched
 * on the path they were given, resolved against the working directory or
 * dirfd (a symlink's target: against the link's directory).
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
	case SC_MKDIR:
		a->path = (const char *)p->args[0];
		return true;
	case SC_MKDIRAT:
		a->dirfd = p->args[0];
		a->path = (const char *)p->args[1];
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
#define AT_REMOVEDIR 0x200
#define S_ISUID 04000
#define S_ISGID 02000
#define EEXIST 17

/* Set by the loader: O_DIRECTORY differs between architectures (0200000 on
 * x86-64, 040000 on arm64), and the object serves both. */
volatile const __u32 o_directory = 0;

static __always_inline bool is_mkdir(__u16 kind)
{
	return kind == SC_MKDIR || kind == SC_MKDIRAT;
}

static __always_inline __u64 open_flags(struct pending *p)
{
	switch (p->kind) {
	case SC_OPEN:
		return p->args[1];
	case SC_OPENAT:
	case SC_OPENAT2:
		return p->args[2];
	}
	return 0;
}

/* Whether an open may modify the file; every other file call does. */
static __always_inline bool may_write(struct pending *p)
{
	if (!is_open(p->kind) || p->kind == SC_CREAT)
		return true;
	return open_flags(p) & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC);
}

/* Whether the call's first path is a directory: directory name patterns
 * (".ssh/") then match it. mode is the file's when a descriptor was
 * resolved (a successful open, fchmod), 0 otherwise. */
static __always_inline bool names_directory(struct pending *p, __u32 mode)
{
	if (mode)
		return (mode & S_IFMT) == S_IFDIR;
	if (is_mkdir(p->kind))
		return true;
	if (p->kind == SC_UNLINKAT)
		return p->args[2] & AT_REMOVEDIR;
	return is_open(p->kind) && (open_flags(p) & o_directory);
}

/* Whether a chmod sets the setuid or setgid bit: reported on any path. */
static __always_inline bool sets_setid(struct pending *p)
{
	switch (p->kind) {
	case SC_CHMOD:
	case SC_FCHMOD:
		return p->args[1] & (S_ISUID | S_ISGID);
	case SC_FCHMODAT:
	case SC_FCHMODAT2:
		return p->args[2] & (S_ISUID | S_ISGID);
	}
	return false;
}

/*
 * The category a match counts for with this call, its flags removed; 0
 * when the category does not want it: a read in a write-only category, or
 * anything but an open that returned a regular file in a regular-only one.
 */
static __always_inline __u16 counted(__u16 category, struct pending *p, bool opened, __u32 mode)
{
	if ((category & WATCH_WRITES_ONLY) && !may_write(p))
		return 0;
	if ((category & WATCH_REGULAR_ONLY) && !(opened && (mode & S_IFMT) == S_IFREG))
		return 0;
	return category & ~WATCH_FLAGS;
}

/*
 * Whether the path path_scratch holds is a single component under the root
 * ("/x", "/x/"). Global, so that its scan is verified once, not once for
 * each state the exit program reaches it in.
 */
__attribute__((noinline)) int vigil_path_directly_under_root(void)
{
	struct path_buf *pb = path_buf_get();
	if (!pb)
		return 0;
	__u32 pos = pb->pos;
	if (pos >= PATH_END - 1 || pb->buf[pos & PATH_POS_MASK] != '/')
		return 0;
	__u32 end = PATH_END;
	if (pb->buf[(end - 1) & PATH_POS_MASK] == '/')
		end--;
	return end > pos + 1 && component_start(pb, end, &pb->scan) == pos + 1;
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
	__s64 ret = ctx->ret;
	if (is_mkdir(p.kind) && ret == -EEXIST)
		return 0; /* nothing made: mkdir -p tries every directory of a path */
	struct path_buf *pb = path_buf_get();
	if (!pb)
		return 0;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	/* The path acted on. */
	int built;
	bool opened = is_open(p.kind) && ret >= 0;
	if (opened)
		built = vigil_path_of_fd((__u64)task, ret);
	else if (a.fd >= 0)
		built = vigil_path_of_fd((__u64)task, a.fd);
	else
		built = vigil_path_of_user_str((__u64)task, a.dirfd, (__u64)a.path);
	__u32 mode = built ? pb->mode : 0;
	__u16 category = 0;
	if (built)
		category = counted(vigil_watched(names_directory(&p, mode)), &p, opened, mode);
	/* Reported whether or not their path is watched. */
	bool unconditional = sets_setid(&p) || (is_mkdir(p.kind) && ret == 0 && built && vigil_path_directly_under_root());
	/* Most calls end here: an open of a file nobody watches, or a read of
	 * one watched for writes, before a record is started. */
	if (!category && !unconditional && !a.path2)
		return 0;

	struct syscall_record *r = syscall_record_start(event_type_of(p.kind), &p, ret);
	if (!r)
		return 0;
	__u32 off = 0;
	if (built)
		syscall_record_path(r, &off, 0, pb);

	/* The second path: where a rename goes, what a link points to. A
	 * symlink's target is kept as given, and matched where the kernel will
	 * follow it (maybe a directory: "ln -s /etc x" matches "/etc/"). */
	if (a.path2 && a.path2_raw) {
		if (!category && vigil_path_of_link_target((__u64)a.path2, built))
			category = counted(vigil_watched(true), &p, false, 0);
		syscall_record_user_str(r, &off, 1, a.path2, PATH_MAX_LEN);
	} else if (a.path2 && vigil_path_of_user_str((__u64)task, a.dirfd2, (__u64)a.path2)) {
		if (!category)
			category = counted(vigil_watched(false), &p, false, 0);
		syscall_record_path(r, &off, 1, pb);
	}
	if (!category && !unconditional)
		return 0;
	r->ev.watch_category = category;
	syscall_record_submit(r, off);
	return 0;
}

#endif /* VIGIL_FILES_H */
