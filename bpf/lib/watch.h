/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Watched paths, matched in the kernel so that file activity nobody asked
 * about never reaches user space. Three maps, filled by the loader from the
 * receiver's configuration (receiver/ebpfreceiver/internal/watch):
 *  - watch_prefixes, an LPM trie over absolute paths: exact paths
 *    ("/etc/shadow"), directory trees ("/etc/pam.d/"), string prefixes
 *    ("/etc/sudoers*") and exclusions (category 0: "!/dev/shm/"). A path
 *    "/proc/<pid>/..." is looked up with an asterisk for the pid, so that
 *    one entry names a file of every process ("/proc/" "*" "/environ");
 *  - watch_names, for files by name wherever they are: a base name
 *    ("authorized_keys"), a parent directory and base name
 *    (".aws/credentials"), or any file in a directory of a given name
 *    (".ssh/"), which also matches that directory itself;
 *  - watch_name_prefixes, an LPM trie over base names ("id_rsa*").
 */
#ifndef VIGIL_WATCH_H
#define VIGIL_WATCH_H

#include "common.h"
#include "path.h"

#define WATCH_PREFIX_MAX 256     /* the trie's key size */
#define WATCH_PREFIX_LEN_MAX 255 /* bytes of a path it looks at */
#define WATCH_NAME_MAX 64

struct watch_key {
	__u32 prefixlen; /* in bits, as LPM tries count */
	char data[WATCH_PREFIX_MAX];
};

/*
 * A category id with WATCH_WRITES_ONLY set matches opens only when they may
 * modify the file: binaries and persistence files are read all day long,
 * and only their modification is news.
 */
#define WATCH_WRITES_ONLY 0x8000
/* Set with it: only opens whose result is a regular file count (devices:
 * a file created in /dev is news, a write to /dev/null is not). */
#define WATCH_REGULAR_ONLY 0x4000
#define WATCH_FLAGS (WATCH_WRITES_ONLY | WATCH_REGULAR_ONLY)

/* Set by the loader: no name prefix is watched, the lookup is dead code. */
volatile const bool have_name_prefixes = false;

struct watch_prefix {
	__u32 len;      /* bytes of the stored prefix */
	__u16 category; /* user space's id of the configured category, maybe | WATCH_FLAGS; 0: excluded */
	__u8 exact;     /* match only a path of exactly len bytes */
	__u8 _pad;
};

struct watch_name_key {
	char name[WATCH_NAME_MAX]; /* NUL-padded */
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 4096);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct watch_key);
	__type(value, struct watch_prefix);
} watch_prefixes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct watch_name_key);
	__type(value, __u16); /* category, maybe | WATCH_FLAGS */
} watch_names SEC(".maps");

/* Base name prefixes: keys are a watch_key over the name, values never exact. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct watch_key);
	__type(value, struct watch_prefix);
} watch_name_prefixes SEC(".maps");

/* Scratch for the keys: too big for the BPF stack. */
struct watch_scratch {
	struct watch_key key;
	struct watch_name_key name;
	char _slack[WATCH_NAME_MAX]; /* lets the verifier see name writes in bounds */
	__u32 base;   /* start of the last component in path_buf.buf */
	__u32 parent; /* start of the one before it */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct watch_scratch);
} watch_scratch SEC(".maps");

#define PROC_PID_AT 6    /* strlen("/proc/"): where a pid starts */
#define PROC_PID_DIGITS 10

static __always_inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * When the key (n bytes of a path of len bytes) is "/proc/<pid>...", write
 * an asterisk for the pid and return the length of the whole path so
 * written; return len otherwise. Patterns name a file of every process that
 * way, and process ids are not worth an entry each.
 */
static __always_inline __u32 proc_pid_key(struct path_buf *pb, struct watch_scratch *ws, __u32 n, __u32 len)
{
	char *d = ws->key.data;
	if (n <= PROC_PID_AT || d[0] != '/' || d[1] != 'p' || d[2] != 'r' || d[3] != 'o' || d[4] != 'c' ||
	    d[5] != '/' || !is_digit(d[PROC_PID_AT]))
		return len;
	__u32 end = PROC_PID_AT + 1; /* one past the pid's digits */
	for (int i = 0; i < PROC_PID_DIGITS; i++) {
		if (end >= n || !is_digit(d[end & WATCH_PREFIX_LEN_MAX]))
			break;
		end++;
	}
	if (end < n && d[end & WATCH_PREFIX_LEN_MAX] != '/')
		return len; /* "/proc/1x": not a process's directory */
	d[PROC_PID_AT] = '*';
	__u32 rest = len - end;
	if (rest > WATCH_PREFIX_LEN_MAX - PROC_PID_AT - 1)
		rest = WATCH_PREFIX_LEN_MAX - PROC_PID_AT - 1;
	barrier_var(rest);
	rest &= WATCH_PREFIX_LEN_MAX;
	if (rest > WATCH_PREFIX_LEN_MAX - PROC_PID_AT - 1)
		return len;
	bpf_probe_read_kernel(&d[PROC_PID_AT + 1], rest, &pb->buf[(pb->pos + end) & PATH_POS_MASK]);
	ws->key.prefixlen = (PROC_PID_AT + 1 + rest) * 8;
	return PROC_PID_AT + 1 + len - end;
}

/* Look the path up in the trie, retrying shorter prefixes when the longest
 * match is an exact entry for a longer path. An exclusion (category 0)
 * answers 0. */
static __always_inline __u16 match_prefix(struct path_buf *pb, struct watch_scratch *ws)
{
	__u32 len = PATH_END - pb->pos;
	__u32 n = len;
	if (n > WATCH_PREFIX_LEN_MAX)
		n = WATCH_PREFIX_LEN_MAX;
	barrier_var(n);
	n &= WATCH_PREFIX_LEN_MAX; /* clang cannot drop this one: the verifier needs it */
	bpf_probe_read_kernel(ws->key.data, n, &pb->buf[pb->pos & PATH_POS_MASK]);
	ws->key.prefixlen = n * 8;
	len = proc_pid_key(pb, ws, n, len);
	for (int i = 0; i < 4; i++) {
		struct watch_prefix *v = bpf_map_lookup_elem(&watch_prefixes, &ws->key);
		if (!v)
			return 0;
		if (!v->exact || v->len == len)
			return v->category;
		if (v->len == 0)
			return 0;
		ws->key.prefixlen = (v->len - 1) * 8; /* look for a shorter entry */
	}
	return 0;
}

/* Copy buf[from, to) into the name key at off; returns the new offset. */
static __always_inline __u32 name_append(struct path_buf *pb, struct watch_scratch *ws, __u32 off,
					 __u32 from, __u32 to)
{
	if (to <= from || off >= WATCH_NAME_MAX)
		return off;
	__u32 n = to - from;
	if (n > WATCH_NAME_MAX - 1 - off)
		n = WATCH_NAME_MAX - 1 - off;
	barrier_var(n);
	barrier_var(off);
	bpf_probe_read_kernel(&ws->name.name[off & (WATCH_NAME_MAX - 1)], n & (WATCH_NAME_MAX - 1),
			      &pb->buf[from & PATH_POS_MASK]);
	return off + n;
}

static __always_inline __u16 lookup_name(struct watch_scratch *ws)
{
	__u16 *c = bpf_map_lookup_elem(&watch_names, &ws->name);
	return c ? *c : 0;
}

/* The longest name prefix the base name buf[base, PATH_END) starts with. */
static __always_inline __u16 match_name_prefix(struct path_buf *pb, struct watch_scratch *ws, __u32 base)
{
	__u32 n = PATH_END - base;
	if (n > WATCH_NAME_MAX - 1)
		n = WATCH_NAME_MAX - 1;
	barrier_var(n);
	n &= WATCH_NAME_MAX - 1;
	bpf_probe_read_kernel(ws->key.data, n, &pb->buf[base & PATH_POS_MASK]);
	ws->key.prefixlen = n * 8;
	struct watch_prefix *v = bpf_map_lookup_elem(&watch_name_prefixes, &ws->key);
	return v ? v->category : 0;
}

/*
 * Match the last components: "base", the name prefixes of base, "base/"
 * when the path is a directory, "parent/", then "parent/base".
 */
static __always_inline __u16 match_names(struct path_buf *pb, struct watch_scratch *ws, bool is_dir)
{
	__u32 base = component_start(pb, PATH_END, &ws->base);
	if (base >= PATH_END)
		return 0;
	__builtin_memset(&ws->name, 0, sizeof(ws->name));
	__u32 off = name_append(pb, ws, 0, base, PATH_END);
	__u16 c = lookup_name(ws);
	if (c)
		return c;
	if (have_name_prefixes) {
		c = match_name_prefix(pb, ws, base);
		if (c)
			return c;
	}
	if (is_dir && off < WATCH_NAME_MAX - 1) {
		ws->name.name[off & (WATCH_NAME_MAX - 1)] = '/';
		c = lookup_name(ws);
		if (c)
			return c;
	}
	if (base <= pb->pos + 1)
		return 0; /* no parent component */
	__u32 parent = component_start(pb, base - 1, &ws->parent);
	__builtin_memset(&ws->name, 0, sizeof(ws->name));
	off = name_append(pb, ws, 0, parent, base); /* "parent/" */
	c = lookup_name(ws);
	if (c)
		return c;
	name_append(pb, ws, off, base, PATH_END); /* "parent/base" */
	return lookup_name(ws);
}

/*
 * The category of the watched path path_scratch holds, 0 when it is not
 * watched; is_dir says that the path is a directory. Global, so the
 * verifier checks it once however often it is called.
 */
__attribute__((noinline)) int vigil_watched(__u32 is_dir)
{
	__u32 zero = 0;
	struct path_buf *pb = path_buf_get();
	struct watch_scratch *ws = bpf_map_lookup_elem(&watch_scratch, &zero);
	if (!pb || !ws || pb->pos >= PATH_END)
		return 0;
	/* A path can be in two categories (a credentials file named anywhere,
	 * below a directory watched only for writes): a match that reports
	 * every open wins over one that reports only writes. */
	__u16 c = match_prefix(pb, ws);
	if (c && !(c & WATCH_WRITES_ONLY))
		return c;
	__u16 n = match_names(pb, ws, is_dir);
	return n ? n : c;
}

#endif /* VIGIL_WATCH_H */
