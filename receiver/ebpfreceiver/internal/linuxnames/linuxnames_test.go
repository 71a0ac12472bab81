package linuxnames

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// checkList compares a []string result, treating nil and empty alike only
// where the want is nil (functions promise nil, not an empty slice).
func checkList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) || (want == nil && got != nil) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

func TestErrno(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{
		{0, ""},
		{int(unix.EPERM), "EPERM"},
		{int(unix.ENOENT), "ENOENT"},
		{13, "EACCES"},
		{int(unix.EAGAIN), "EAGAIN"},
		{int(unix.EWOULDBLOCK), "EAGAIN"}, // alias: primary name wins
		{int(unix.EDEADLOCK), "EDEADLK"},
		{int(unix.ENOTSUP), "EOPNOTSUPP"}, // kernel spelling, not glibc's
		{int(unix.EUCLEAN), "EUCLEAN"},    // unix.ErrnoName says EFSCORRUPTED
		{int(unix.EINPROGRESS), "EINPROGRESS"},
		{int(unix.ECONNREFUSED), "ECONNREFUSED"},
		{int(unix.ENOSYS), "ENOSYS"},
		{int(unix.EHWPOISON), "EHWPOISON"},
		{41, "errno 41"}, // holes in asm-generic/errno.h
		{58, "errno 58"},
		{134, "EFTYPE"},
		{135, "errno 135"},
		{512, "ERESTARTSYS"},
		{516, "ERESTART_RESTARTBLOCK"},
		{520, "errno 520"},
		{524, "ENOTSUPP"},
		{531, "ENOGRACE"},
		{532, "errno 532"},
		{999, "errno 999"},
		{-13, "errno -13"},
		{math.MinInt, "errno " + strconv.Itoa(math.MinInt)},
	}
	for _, tt := range tests {
		if got := Errno(tt.in); got != tt.want {
			t.Errorf("Errno(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestErrnoMatchesUnix checks the hand-written table against the one unix
// generates from the headers, so a typo in a name or a missed errno shows
// up. The two known spelling differences are the reason the table exists.
func TestErrnoMatchesUnix(t *testing.T) {
	kernelSpelling := map[string]string{"ENOTSUP": "EOPNOTSUPP", "EFSCORRUPTED": "EUCLEAN"}
	for e := 1; e < 512; e++ {
		want := unix.ErrnoName(syscall.Errno(e))
		if k, ok := kernelSpelling[want]; ok {
			want = k
		}
		if want == "" {
			want = "errno " + strconv.Itoa(e)
		}
		if got := Errno(e); got != want {
			t.Errorf("Errno(%d) = %q, want %q", e, got, want)
		}
	}
}

func TestOpenFlags(t *testing.T) {
	const tmpfileBit = unix.O_TMPFILE &^ unix.O_DIRECTORY
	tests := []struct {
		in   uint32
		want []string
	}{
		{0, []string{"O_RDONLY"}},
		// The brief's example; the same bits on amd64 and arm64.
		{0x80241, []string{"O_WRONLY", "O_CREAT", "O_TRUNC", "O_CLOEXEC"}},
		{unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC | unix.O_CLOEXEC, []string{"O_WRONLY", "O_CREAT", "O_TRUNC", "O_CLOEXEC"}},
		{unix.O_RDWR | unix.O_CREAT | unix.O_EXCL, []string{"O_RDWR", "O_CREAT", "O_EXCL"}},
		// opendir(3).
		{unix.O_RDONLY | unix.O_NONBLOCK | unix.O_DIRECTORY | unix.O_CLOEXEC, []string{"O_RDONLY", "O_NONBLOCK", "O_DIRECTORY", "O_CLOEXEC"}},
		{unix.O_PATH | unix.O_NOFOLLOW | unix.O_CLOEXEC, []string{"O_RDONLY", "O_NOFOLLOW", "O_CLOEXEC", "O_PATH"}},
		{unix.O_WRONLY | unix.O_APPEND | unix.O_NOCTTY, []string{"O_WRONLY", "O_NOCTTY", "O_APPEND"}},
		{unix.O_RDONLY | unix.O_DIRECT | unix.O_NOATIME, []string{"O_RDONLY", "O_DIRECT", "O_NOATIME"}},
		// Composites: the full mask names the composite only.
		{unix.O_RDWR | unix.O_TMPFILE, []string{"O_RDWR", "O_TMPFILE"}},
		{unix.O_WRONLY | unix.O_SYNC, []string{"O_WRONLY", "O_SYNC"}},
		{unix.O_WRONLY | unix.O_DSYNC, []string{"O_WRONLY", "O_DSYNC"}},
		// Half a composite is not the composite.
		{unix.O_RDWR | tmpfileBit, []string{"O_RDWR", hex(tmpfileBit)}},
		{unix.O_RDWR | (unix.O_SYNC &^ unix.O_DSYNC), []string{"O_RDWR", hex(unix.O_SYNC &^ unix.O_DSYNC)}},
		{unix.O_ACCMODE | unix.O_NONBLOCK, []string{"O_ACCMODE", "O_NONBLOCK"}},
		{unix.O_ASYNC, []string{"O_RDONLY", "FASYNC"}},
		// Unknown bits collect into one entry after the names.
		{unix.O_RDWR | 1<<24, []string{"O_RDWR", "0x1000000"}},
		{unix.O_CREAT | 1<<30 | 1<<31, []string{"O_RDONLY", "O_CREAT", "0xc0000000"}},
	}
	for _, tt := range tests {
		checkList(t, "OpenFlags("+hex(uint64(tt.in))+")", OpenFlags(tt.in), tt.want)
	}
}

func TestOpenIntent(t *testing.T) {
	const tmpfileBit = unix.O_TMPFILE &^ unix.O_DIRECTORY
	tests := []struct {
		in   uint32
		want []string
	}{
		{unix.O_RDONLY, []string{"read"}},
		{unix.O_WRONLY, []string{"write"}},
		{unix.O_RDWR, []string{"read", "write"}},
		{unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC, []string{"read"}},
		{unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC | unix.O_CLOEXEC, []string{"write", "create", "truncate"}},
		{unix.O_RDWR | unix.O_CREAT | unix.O_EXCL, []string{"read", "write", "create"}},
		{unix.O_WRONLY | unix.O_APPEND, []string{"write"}},
		{unix.O_RDONLY | unix.O_TRUNC, []string{"read", "truncate"}}, // Linux truncates
		{unix.O_RDWR | unix.O_TMPFILE, []string{"read", "write", "create"}},
		{unix.O_WRONLY | tmpfileBit, []string{"write"}}, // EINVAL, creates nothing
		// O_PATH keeps only lookup flags.
		{unix.O_PATH, nil},
		{unix.O_PATH | unix.O_RDWR | unix.O_CREAT | unix.O_TRUNC, nil},
		// __O_TMPFILE takes precedence over O_PATH in build_open_flags.
		{unix.O_PATH | unix.O_RDWR | unix.O_TMPFILE, []string{"read", "write", "create"}},
		{unix.O_ACCMODE, nil},
		{unix.O_ACCMODE | unix.O_CREAT, []string{"create"}},
	}
	for _, tt := range tests {
		checkList(t, "OpenIntent("+hex(uint64(tt.in))+")", OpenIntent(tt.in), tt.want)
	}
}

func TestFileMode(t *testing.T) {
	tests := []struct {
		in   uint32
		want string
	}{
		{0, "0000"},
		{0o7, "0007"},
		{0o644, "0644"},
		{0o755, "0755"},
		{0o777, "0777"},
		{0o1000, "01000"},
		{0o1777, "01777"},
		{0o4755, "04755"},
		{0o2755, "02755"},
		{0o7777, "07777"},
		{unix.S_IFREG | 0o644, "0644"},
		{unix.S_IFDIR | 0o1777, "01777"},
		{math.MaxUint32, "07777"},
	}
	for _, tt := range tests {
		if got := FileMode(tt.in); got != tt.want {
			t.Errorf("FileMode(%#o) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestModeBits(t *testing.T) {
	tests := []struct {
		in   uint32
		want []string
	}{
		{0, nil},
		{0o644, nil},
		{0o600, nil},
		{0o755, []string{"exec"}},
		{0o100, []string{"exec"}},
		{0o010, []string{"exec"}},
		{0o001, []string{"exec"}},
		{0o002, []string{"world_writable"}},
		{0o666, []string{"world_writable"}},
		{0o777, []string{"exec", "world_writable"}},
		{0o4755, []string{"setuid", "exec"}},
		{0o2755, []string{"setgid", "exec"}},
		{0o6000, []string{"setuid", "setgid"}},
		{0o1777, []string{"sticky", "exec", "world_writable"}},
		{0o7777, []string{"setuid", "setgid", "sticky", "exec", "world_writable"}},
		{unix.S_IFREG | 0o4711, []string{"setuid", "exec"}},
	}
	for _, tt := range tests {
		checkList(t, "ModeBits("+FileMode(tt.in)+")", ModeBits(tt.in), tt.want)
	}
}

func TestMmapProt(t *testing.T) {
	tests := []struct {
		in   uint64
		want []string
	}{
		{unix.PROT_NONE, []string{"PROT_NONE"}},
		{unix.PROT_READ, []string{"PROT_READ"}},
		{unix.PROT_READ | unix.PROT_WRITE, []string{"PROT_READ", "PROT_WRITE"}},
		{unix.PROT_READ | unix.PROT_EXEC, []string{"PROT_READ", "PROT_EXEC"}},
		{unix.PROT_READ | unix.PROT_WRITE | unix.PROT_EXEC, []string{"PROT_READ", "PROT_WRITE", "PROT_EXEC"}},
		{unix.PROT_WRITE | unix.PROT_EXEC, []string{"PROT_WRITE", "PROT_EXEC"}},
		{unix.PROT_READ | unix.PROT_GROWSDOWN, []string{"PROT_READ", "PROT_GROWSDOWN"}},
		{unix.PROT_READ | unix.PROT_GROWSUP, []string{"PROT_READ", "PROT_GROWSUP"}},
		{0x8, []string{"PROT_SEM"}},
		{0x100, []string{"0x100"}},
		{unix.PROT_WRITE | 1<<40, []string{"PROT_WRITE", "0x10000000000"}},
	}
	for _, tt := range tests {
		checkList(t, "MmapProt("+hex(tt.in)+")", MmapProt(tt.in), tt.want)
	}
}

func TestMmapFlags(t *testing.T) {
	tests := []struct {
		in   uint64
		want []string
	}{
		{0, nil},
		{unix.MAP_SHARED, []string{"MAP_SHARED"}},
		{unix.MAP_PRIVATE | unix.MAP_ANONYMOUS, []string{"MAP_PRIVATE", "MAP_ANONYMOUS"}},
		{unix.MAP_SHARED_VALIDATE | unix.MAP_SYNC, []string{"MAP_SHARED_VALIDATE", "MAP_SYNC"}},
		// ld.so mapping a segment.
		{unix.MAP_PRIVATE | unix.MAP_FIXED | unix.MAP_DENYWRITE, []string{"MAP_PRIVATE", "MAP_FIXED", "MAP_DENYWRITE"}},
		{unix.MAP_PRIVATE | unix.MAP_ANONYMOUS | unix.MAP_STACK | unix.MAP_GROWSDOWN, []string{"MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_GROWSDOWN", "MAP_STACK"}},
		{unix.MAP_PRIVATE | unix.MAP_ANONYMOUS | unix.MAP_NORESERVE, []string{"MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_NORESERVE"}},
		{unix.MAP_PRIVATE | unix.MAP_ANONYMOUS | unix.MAP_FIXED_NOREPLACE, []string{"MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_FIXED_NOREPLACE"}},
		{unix.MAP_PRIVATE | unix.MAP_POPULATE | unix.MAP_LOCKED | unix.MAP_NONBLOCK, []string{"MAP_PRIVATE", "MAP_LOCKED", "MAP_POPULATE", "MAP_NONBLOCK"}},
		{unix.MAP_SHARED | unix.MAP_EXECUTABLE, []string{"MAP_SHARED", "MAP_EXECUTABLE"}},
		{unix.MAP_DROPPABLE | unix.MAP_ANONYMOUS, []string{"MAP_DROPPABLE", "MAP_ANONYMOUS"}},
		{unix.MAP_PRIVATE | unix.MAP_ANONYMOUS | unix.MAP_HUGETLB, []string{"MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_HUGETLB"}},
		{unix.MAP_PRIVATE | unix.MAP_ANONYMOUS | unix.MAP_HUGETLB | unix.MAP_HUGE_2MB, []string{"MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_HUGETLB", "MAP_HUGE_2MB"}},
		{unix.MAP_SHARED | unix.MAP_HUGETLB | unix.MAP_HUGE_1GB, []string{"MAP_SHARED", "MAP_HUGETLB", "MAP_HUGE_1GB"}},
		// 8KB (log2 13) is not a size the headers name.
		{unix.MAP_PRIVATE | unix.MAP_HUGETLB | 13<<unix.MAP_HUGE_SHIFT, []string{"MAP_PRIVATE", "MAP_HUGETLB", "0x34000000"}},
		// Without MAP_HUGETLB, bit 26 is MAP_UNINITIALIZED and the rest of
		// the size field means nothing.
		{unix.MAP_PRIVATE | unix.MAP_ANONYMOUS | 0x4000000, []string{"MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_UNINITIALIZED"}},
		{unix.MAP_PRIVATE | unix.MAP_HUGE_2MB, []string{"MAP_PRIVATE", "MAP_UNINITIALIZED", "0x50000000"}},
		// Unknown mapping types are not decomposed into MAP_SHARED|x.
		{0x5, []string{"0x5"}},
		{0x4 | unix.MAP_ANONYMOUS, []string{"MAP_ANONYMOUS", "0x4"}},
		{unix.MAP_PRIVATE | 1<<40, []string{"MAP_PRIVATE", "0x10000000000"}},
	}
	for _, tt := range tests {
		checkList(t, "MmapFlags("+hex(tt.in)+")", MmapFlags(tt.in), tt.want)
	}
}

func TestMemfdFlags(t *testing.T) {
	tests := []struct {
		in   uint64
		want []string
	}{
		{0, nil},
		{unix.MFD_CLOEXEC, []string{"MFD_CLOEXEC"}},
		{unix.MFD_CLOEXEC | unix.MFD_ALLOW_SEALING, []string{"MFD_CLOEXEC", "MFD_ALLOW_SEALING"}},
		{unix.MFD_NOEXEC_SEAL, []string{"MFD_NOEXEC_SEAL"}},
		{unix.MFD_EXEC | unix.MFD_CLOEXEC, []string{"MFD_CLOEXEC", "MFD_EXEC"}},
		{unix.MFD_HUGETLB, []string{"MFD_HUGETLB"}},
		{unix.MFD_HUGETLB | unix.MFD_HUGE_2MB | unix.MFD_CLOEXEC, []string{"MFD_CLOEXEC", "MFD_HUGETLB", "MFD_HUGE_2MB"}},
		// memfd.h has no 16KB size, unlike mman.h.
		{unix.MFD_HUGETLB | unix.MAP_HUGE_16KB, []string{"MFD_HUGETLB", "0x38000000"}},
		{unix.MFD_HUGE_2MB, []string{"0x54000000"}}, // size without MFD_HUGETLB
		{0x20, []string{"0x20"}},
		// flags is unsigned int in the kernel: the upper half never counts.
		{unix.MFD_CLOEXEC | 1<<32, []string{"MFD_CLOEXEC"}},
		{1 << 40, nil},
	}
	for _, tt := range tests {
		checkList(t, "MemfdFlags("+hex(tt.in)+")", MemfdFlags(tt.in), tt.want)
	}
}

func TestPtraceRequest(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{unix.PTRACE_TRACEME, "PTRACE_TRACEME"},
		{unix.PTRACE_PEEKTEXT, "PTRACE_PEEKTEXT"},
		{unix.PTRACE_PEEKUSR, "PTRACE_PEEKUSR"},
		{unix.PTRACE_POKETEXT, "PTRACE_POKETEXT"},
		{unix.PTRACE_POKEDATA, "PTRACE_POKEDATA"},
		{unix.PTRACE_POKEUSR, "PTRACE_POKEUSR"},
		{unix.PTRACE_CONT, "PTRACE_CONT"},
		{unix.PTRACE_KILL, "PTRACE_KILL"},
		{unix.PTRACE_SINGLESTEP, "PTRACE_SINGLESTEP"},
		{16, "PTRACE_ATTACH"},
		{unix.PTRACE_DETACH, "PTRACE_DETACH"},
		{unix.PTRACE_SYSCALL, "PTRACE_SYSCALL"},
		{unix.PTRACE_SETOPTIONS, "PTRACE_SETOPTIONS"},
		{unix.PTRACE_GETREGSET, "PTRACE_GETREGSET"},
		{unix.PTRACE_SETREGSET, "PTRACE_SETREGSET"},
		{0x4206, "PTRACE_SEIZE"},
		{unix.PTRACE_INTERRUPT, "PTRACE_INTERRUPT"},
		{unix.PTRACE_LISTEN, "PTRACE_LISTEN"},
		{unix.PTRACE_SECCOMP_GET_FILTER, "PTRACE_SECCOMP_GET_FILTER"},
		{unix.PTRACE_GET_SYSCALL_INFO, "PTRACE_GET_SYSCALL_INFO"},
		{unix.PTRACE_GET_RSEQ_CONFIGURATION, "PTRACE_GET_RSEQ_CONFIGURATION"},
		{unix.PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG, "PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG"},
		{unix.PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG, "PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG"},
		{0x4212, "PTRACE_SET_SYSCALL_INFO"},
		{0x4213, "ptrace 16915"},
		{12345, "ptrace 12345"},
		{-1, "ptrace -1"},
		// request is a long: no truncation, 1<<32|PTRACE_ATTACH is not ATTACH.
		{1<<32 | 16, "ptrace 4294967312"},
	}
	for _, tt := range tests {
		if got := PtraceRequest(tt.in); got != tt.want {
			t.Errorf("PtraceRequest(%#x) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestPtraceNamesDisjoint guards the split between the generic and the
// architecture tables: a request in both would hide the arch name.
func TestPtraceNamesDisjoint(t *testing.T) {
	for req, name := range archPtraceNames {
		if g, ok := ptraceNames[req]; ok {
			t.Errorf("request %#x is both %s and %s", req, g, name)
		}
	}
}

func TestNamespaceFlags(t *testing.T) {
	tests := []struct {
		in   uint64
		want []string
	}{
		{0, nil},
		{unix.CLONE_NEWNS, []string{"CLONE_NEWNS"}},
		// unshare -Urm.
		{unix.CLONE_NEWUSER | unix.CLONE_NEWNS, []string{"CLONE_NEWNS", "CLONE_NEWUSER"}},
		// A container runtime.
		{unix.CLONE_NEWNS | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC | unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWCGROUP,
			[]string{"CLONE_NEWNS", "CLONE_NEWCGROUP", "CLONE_NEWUTS", "CLONE_NEWIPC", "CLONE_NEWPID", "CLONE_NEWNET"}},
		{unix.CLONE_NEWTIME, []string{"CLONE_NEWTIME"}},
		{unix.CLONE_FILES | unix.CLONE_FS | unix.CLONE_SYSVSEM, []string{"CLONE_FILES", "CLONE_FS", "CLONE_SYSVSEM"}},
		{unix.CLONE_VM | unix.CLONE_SIGHAND | unix.CLONE_THREAD, []string{"CLONE_THREAD", "CLONE_SIGHAND", "CLONE_VM"}},
		{unix.CLONE_NEWNET | unix.CLONE_FS, []string{"CLONE_NEWNET", "CLONE_FS"}},
		// fork() through clone: no namespace, the rest is hex.
		{unix.CLONE_CHILD_SETTID | unix.CLONE_CHILD_CLEARTID | uint64(unix.SIGCHLD), []string{"0x1200011"}},
		{unix.CLONE_NEWPID | unix.CLONE_PIDFD, []string{"CLONE_NEWPID", "0x1000"}},
		{unix.CLONE_NEWNS | unix.CLONE_INTO_CGROUP, []string{"CLONE_NEWNS", "0x200000000"}},
	}
	for _, tt := range tests {
		checkList(t, "NamespaceFlags("+hex(tt.in)+")", NamespaceFlags(tt.in), tt.want)
	}
}

func TestNamespaceType(t *testing.T) {
	tests := []struct {
		in   uint64
		want string
	}{
		{0, "any"},
		{unix.CLONE_NEWNS, "CLONE_NEWNS"},
		{unix.CLONE_NEWCGROUP, "CLONE_NEWCGROUP"},
		{unix.CLONE_NEWUTS, "CLONE_NEWUTS"},
		{unix.CLONE_NEWIPC, "CLONE_NEWIPC"},
		{unix.CLONE_NEWUSER, "CLONE_NEWUSER"},
		{unix.CLONE_NEWPID, "CLONE_NEWPID"},
		{unix.CLONE_NEWNET, "CLONE_NEWNET"},
		{unix.CLONE_NEWTIME, "CLONE_NEWTIME"},
		// setns(pidfd, ...) joins several at once.
		{unix.CLONE_NEWNET | unix.CLONE_NEWNS, "CLONE_NEWNS|CLONE_NEWNET"},
		{unix.CLONE_NEWUSER | unix.CLONE_NEWPID | 0x1, "CLONE_NEWUSER|CLONE_NEWPID|0x1"},
		{0x1, "0x1"},
		{unix.CLONE_VM, "0x100"}, // not a namespace type
		// nstype is an int: the upper half never counts.
		{1 << 32, "any"},
		{1<<32 | unix.CLONE_NEWNET, "CLONE_NEWNET"},
	}
	for _, tt := range tests {
		if got := NamespaceType(tt.in); got != tt.want {
			t.Errorf("NamespaceType(%#x) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMountFlags(t *testing.T) {
	tests := []struct {
		in   uint64
		want []string
	}{
		{0, nil},
		{unix.MS_BIND | unix.MS_REC, []string{"MS_BIND", "MS_REC"}},
		{unix.MS_MGC_VAL | unix.MS_BIND, []string{"MS_BIND"}},
		{unix.MS_MGC_VAL, nil},
		// The kernel's 32-bit ~MS_MGC_MSK also clears bits 32-63.
		{unix.MS_MGC_VAL | 1<<32 | unix.MS_RDONLY, []string{"MS_RDONLY"}},
		{unix.MS_REMOUNT | unix.MS_BIND | unix.MS_RDONLY, []string{"MS_RDONLY", "MS_REMOUNT", "MS_BIND"}},
		{unix.MS_REC | unix.MS_PRIVATE, []string{"MS_REC", "MS_PRIVATE"}},
		{unix.MS_REC | unix.MS_SLAVE, []string{"MS_REC", "MS_SLAVE"}},
		{unix.MS_SHARED, []string{"MS_SHARED"}},
		{unix.MS_MOVE, []string{"MS_MOVE"}},
		{unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC | unix.MS_RELATIME, []string{"MS_NOSUID", "MS_NODEV", "MS_NOEXEC", "MS_RELATIME"}},
		{unix.MS_SYNCHRONOUS | unix.MS_MANDLOCK | unix.MS_DIRSYNC | unix.MS_NOSYMFOLLOW, []string{"MS_SYNCHRONOUS", "MS_MANDLOCK", "MS_DIRSYNC", "MS_NOSYMFOLLOW"}},
		{unix.MS_NOATIME | unix.MS_NODIRATIME | unix.MS_SILENT, []string{"MS_NOATIME", "MS_NODIRATIME", "MS_SILENT"}},
		{unix.MS_POSIXACL | unix.MS_UNBINDABLE, []string{"MS_POSIXACL", "MS_UNBINDABLE"}},
		{unix.MS_KERNMOUNT | unix.MS_I_VERSION | unix.MS_STRICTATIME | unix.MS_LAZYTIME, []string{"MS_KERNMOUNT", "MS_I_VERSION", "MS_STRICTATIME", "MS_LAZYTIME"}},
		{unix.MS_NOUSER, []string{"MS_NOUSER"}},
		{unix.MS_RDONLY | 1<<32, []string{"MS_RDONLY", "0x100000000"}},
		// Only the exact magic is discarded; a near miss is decoded.
		{0x40ED0001, []string{"MS_RDONLY", "MS_POSIXACL", "MS_PRIVATE", "MS_SLAVE", "MS_RELATIME", "MS_KERNMOUNT", "MS_I_VERSION", "MS_ACTIVE"}},
	}
	for _, tt := range tests {
		checkList(t, "MountFlags("+hex(tt.in)+")", MountFlags(tt.in), tt.want)
	}
}

func TestBPFProgType(t *testing.T) {
	tests := []struct {
		in   uint32
		want string
	}{
		{unix.BPF_PROG_TYPE_UNSPEC, "unspec"},
		{unix.BPF_PROG_TYPE_SOCKET_FILTER, "socket_filter"},
		{unix.BPF_PROG_TYPE_KPROBE, "kprobe"},
		{unix.BPF_PROG_TYPE_SCHED_CLS, "sched_cls"},
		{unix.BPF_PROG_TYPE_TRACEPOINT, "tracepoint"},
		{unix.BPF_PROG_TYPE_XDP, "xdp"},
		{unix.BPF_PROG_TYPE_PERF_EVENT, "perf_event"},
		{unix.BPF_PROG_TYPE_CGROUP_SKB, "cgroup_skb"},
		{unix.BPF_PROG_TYPE_LWT_SEG6LOCAL, "lwt_seg6local"},
		{unix.BPF_PROG_TYPE_LIRC_MODE2, "lirc_mode2"},
		{unix.BPF_PROG_TYPE_RAW_TRACEPOINT, "raw_tracepoint"},
		{unix.BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, "raw_tracepoint_writable"},
		{unix.BPF_PROG_TYPE_TRACING, "tracing"},
		{unix.BPF_PROG_TYPE_STRUCT_OPS, "struct_ops"},
		{unix.BPF_PROG_TYPE_EXT, "ext"},
		{unix.BPF_PROG_TYPE_LSM, "lsm"},
		{unix.BPF_PROG_TYPE_SYSCALL, "syscall"},
		{32, "netfilter"},
		{33, "type 33"},
		{99, "type 99"},
		{math.MaxUint32, "type 4294967295"},
	}
	for _, tt := range tests {
		if got := BPFProgType(tt.in); got != tt.want {
			t.Errorf("BPFProgType(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBPFCommand(t *testing.T) {
	tests := []struct {
		in   uint64
		want string
	}{
		{unix.BPF_MAP_CREATE, "BPF_MAP_CREATE"},
		{unix.BPF_MAP_UPDATE_ELEM, "BPF_MAP_UPDATE_ELEM"},
		{5, "BPF_PROG_LOAD"},
		{unix.BPF_OBJ_GET, "BPF_OBJ_GET"},
		{unix.BPF_PROG_ATTACH, "BPF_PROG_ATTACH"},
		{unix.BPF_PROG_RUN, "BPF_PROG_TEST_RUN"}, // alias
		{unix.BPF_PROG_GET_FD_BY_ID, "BPF_PROG_GET_FD_BY_ID"},
		{unix.BPF_RAW_TRACEPOINT_OPEN, "BPF_RAW_TRACEPOINT_OPEN"},
		{unix.BPF_BTF_LOAD, "BPF_BTF_LOAD"},
		{unix.BPF_LINK_CREATE, "BPF_LINK_CREATE"},
		{unix.BPF_PROG_BIND_MAP, "BPF_PROG_BIND_MAP"},
		{36, "BPF_TOKEN_CREATE"},
		{37, "BPF_PROG_STREAM_READ_BY_FD"},
		{38, "cmd 38"},
		{99, "cmd 99"},
		// cmd is an int in the kernel: upper register bits do not disguise
		// a command, and the unknown form shows what the kernel saw.
		{1<<32 | 5, "BPF_PROG_LOAD"},
		{0xffffffff, "cmd -1"},
		{0x80000000, "cmd -2147483648"},
	}
	for _, tt := range tests {
		if got := BPFCommand(tt.in); got != tt.want {
			t.Errorf("BPFCommand(%#x) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBPFEnumsDense checks that no enum member between 0 and the newest
// one was skipped: a hole would render an empty name.
func TestBPFEnumsDense(t *testing.T) {
	for i, name := range bpfCommandNames {
		if name == "" {
			t.Errorf("bpf_cmd %d has no name", i)
		}
	}
	for i, name := range bpfProgTypeNames {
		if name == "" {
			t.Errorf("bpf_prog_type %d has no name", i)
		}
	}
}

func TestAddressFamily(t *testing.T) {
	tests := []struct {
		in   uint16
		want string
	}{
		{unix.AF_UNIX, "AF_UNIX"},
		{2, "AF_INET"},
		{10, "AF_INET6"},
		{unix.AF_NETLINK, "AF_NETLINK"},
		{unix.AF_PACKET, "AF_PACKET"},
		{0, "family 0"},
		{42, "family 42"},
		{math.MaxUint16, "family 65535"},
	}
	for _, tt := range tests {
		if got := AddressFamily(tt.in); got != tt.want {
			t.Errorf("AddressFamily(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQueryType(t *testing.T) {
	tests := []struct {
		in   uint16
		want string
	}{
		{1, "A"}, {2, "NS"}, {5, "CNAME"}, {6, "SOA"}, {12, "PTR"},
		{15, "MX"}, {16, "TXT"}, {28, "AAAA"}, {33, "SRV"}, {35, "NAPTR"},
		{43, "DS"}, {46, "RRSIG"}, {48, "DNSKEY"}, {64, "SVCB"}, {65, "HTTPS"},
		{252, "AXFR"}, {255, "ANY"}, {257, "CAA"},
		{0, "TYPE0"},
		{99, "TYPE99"},
		{251, "TYPE251"},
		{math.MaxUint16, "TYPE65535"},
	}
	for _, tt := range tests {
		if got := QueryType(tt.in); got != tt.want {
			t.Errorf("QueryType(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAllOnes feeds every function its all-ones input: nothing may panic,
// every flag decoder must end with the bits it does not know in hex, and
// the enum lookups must fall back to their numbered form.
func TestAllOnes(t *testing.T) {
	const ones64 = ^uint64(0)
	const ones32 = ^uint32(0)

	lists := map[string][]string{
		"OpenFlags":      OpenFlags(ones32),
		"MmapProt":       MmapProt(ones64),
		"MmapFlags":      MmapFlags(ones64),
		"NamespaceFlags": NamespaceFlags(ones64),
		"MountFlags":     MountFlags(ones64),
		"MemfdFlags":     MemfdFlags(ones64),
	}
	for fn, got := range lists {
		if len(got) < 2 {
			t.Errorf("%s(all ones) = %q, want names and a hex entry", fn, got)
			continue
		}
		last := got[len(got)-1]
		if !strings.HasPrefix(last, "0x") {
			t.Errorf("%s(all ones) ends with %q, want unknown bits in hex", fn, last)
		}
		for _, name := range got[:len(got)-1] {
			if strings.HasPrefix(name, "0x") {
				t.Errorf("%s(all ones) has hex %q before the end", fn, name)
			}
		}
	}
	if got := OpenFlags(ones32); got[0] != "O_ACCMODE" {
		t.Errorf("OpenFlags(all ones) starts with %q, want O_ACCMODE", got[0])
	}
	// Bit 9 is the one hole in include/uapi/linux/mount.h.
	if got := MountFlags(ones64); got[len(got)-1] != "0xffffffff00000200" {
		t.Errorf("MountFlags(all ones) unknown = %q, want bit 9 and bits 32-63", got[len(got)-1])
	}

	strs := []struct{ fn, got, want string }{
		{"Errno", Errno(-1), "errno -1"},
		{"Errno", Errno(math.MaxInt), "errno " + strconv.Itoa(math.MaxInt)},
		{"FileMode", FileMode(ones32), "07777"},
		{"PtraceRequest", PtraceRequest(-1), "ptrace -1"},
		{"PtraceRequest", PtraceRequest(math.MaxInt64), "ptrace 9223372036854775807"},
		{"BPFProgType", BPFProgType(ones32), "type 4294967295"},
		{"BPFCommand", BPFCommand(ones64), "cmd -1"},
		{"AddressFamily", AddressFamily(math.MaxUint16), "family 65535"},
		{"QueryType", QueryType(math.MaxUint16), "TYPE65535"},
		{"NamespaceType", NamespaceType(ones64),
			"CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWTIME|" +
				hex(0xffffffff&^(unix.CLONE_NEWNS|unix.CLONE_NEWCGROUP|unix.CLONE_NEWUTS|unix.CLONE_NEWIPC|
					unix.CLONE_NEWUSER|unix.CLONE_NEWPID|unix.CLONE_NEWNET|unix.CLONE_NEWTIME))},
	}
	for _, s := range strs {
		if s.got != s.want {
			t.Errorf("%s(all ones) = %q, want %q", s.fn, s.got, s.want)
		}
	}

	checkList(t, "ModeBits(all ones)", ModeBits(ones32), []string{"setuid", "setgid", "sticky", "exec", "world_writable"})
	// All-ones has __O_TMPFILE, which beats O_PATH, and access mode 3.
	checkList(t, "OpenIntent(all ones)", OpenIntent(ones32), []string{"create", "truncate"})
}

// tables lists every flag table with a name for messages.
var tables = map[string][]flagName{
	"open":      openFlagTable,
	"mmap prot": mmapProtTable,
	"mmap":      mmapFlagTable,
	"memfd":     memfdFlagTable,
	"namespace": namespaceFlagTable,
	"mount":     mountFlagTable,
}

// TestTablesRoundTrip decodes each entry's own value and expects to find
// the entry's name with no unknown bits: a wrong mask or a constant that
// collides with another entry fails here.
func TestTablesRoundTrip(t *testing.T) {
	for tname, table := range tables {
		for _, f := range table {
			if f.mask == 0 {
				continue // disabled on this architecture
			}
			if f.value&^f.mask != 0 {
				t.Errorf("%s: %s value %#x outside mask %#x", tname, f.name, f.value, f.mask)
			}
			got := flagNames(f.value, table)
			if !slices.Contains(got, f.name) {
				t.Errorf("%s: decoding %s (%#x) gave %q", tname, f.name, f.value, got)
			}
			for _, g := range got {
				if strings.HasPrefix(g, "0x") {
					t.Errorf("%s: decoding %s (%#x) left unknown bits %s", tname, f.name, f.value, g)
				}
			}
		}
	}
}

// TestPlainFlagsDisjoint checks that no two single-meaning flags of one
// table share a bit; the composites and fields are covered by the
// round-trip test instead.
func TestPlainFlagsDisjoint(t *testing.T) {
	for tname, table := range tables {
		var seen uint64
		for _, f := range table {
			if f.mask != f.value || f.mask == 0 {
				continue
			}
			if seen&f.mask != 0 {
				t.Errorf("%s: %s (%#x) overlaps an earlier flag", tname, f.name, f.mask)
			}
			seen |= f.mask
		}
	}
}

// TestFlagsAccountForEveryBit decodes random words and checks that the
// named values plus the hex entry add back up to the input: no bit is lost
// and none is invented.
func TestFlagsAccountForEveryBit(t *testing.T) {
	byName := make(map[string]map[string]uint64)
	for tname, table := range tables {
		m := make(map[string]uint64)
		for _, f := range table {
			m[f.name] = f.value
		}
		byName[tname] = m
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		// Sparse words look more like real flags than uniform ones do.
		v := rng.Uint64() & rng.Uint64() & rng.Uint64()
		if rng.IntN(2) == 0 {
			v &= 0xffffffff
		}
		for tname, table := range tables {
			var sum uint64
			got := flagNames(v, table)
			for i, name := range got {
				if strings.HasPrefix(name, "0x") {
					if i != len(got)-1 {
						t.Fatalf("%s(%#x) = %q: hex not last", tname, v, got)
					}
					u, err := strconv.ParseUint(name[2:], 16, 64)
					if err != nil {
						t.Fatal(err)
					}
					sum |= u
					continue
				}
				sum |= byName[tname][name]
			}
			if sum != v {
				t.Fatalf("%s(%#x) = %q, which adds up to %#x", tname, v, got, sum)
			}
			seen := make(map[string]bool, len(got))
			for _, name := range got {
				if seen[name] {
					t.Fatalf("%s(%#x) = %q repeats a name", tname, v, got)
				}
				seen[name] = true
			}
		}
	}
}

// TestAllocations pins the promise that only the result is allocated.
func TestAllocations(t *testing.T) {
	tests := []struct {
		name string
		max  float64
		fn   func()
	}{
		{"Errno known", 0, func() { _ = Errno(13) }},
		{"Errno kernel-internal", 0, func() { _ = Errno(512) }},
		{"Errno unknown", 1, func() { _ = Errno(999) }},
		{"PtraceRequest known", 0, func() { _ = PtraceRequest(16) }},
		{"BPFCommand known", 0, func() { _ = BPFCommand(5) }},
		{"BPFProgType known", 0, func() { _ = BPFProgType(2) }},
		{"AddressFamily known", 0, func() { _ = AddressFamily(2) }},
		{"QueryType known", 0, func() { _ = QueryType(28) }},
		{"QueryType unknown", 1, func() { _ = QueryType(99) }},
		{"NamespaceType single", 0, func() { _ = NamespaceType(unix.CLONE_NEWNET) }},
		{"NamespaceType joined", 1, func() { _ = NamespaceType(unix.CLONE_NEWNET | unix.CLONE_NEWNS | 1) }},
		{"FileMode", 1, func() { _ = FileMode(0o4755) }},
		{"OpenFlags", 1, func() { _ = OpenFlags(0x80241) }},
		{"OpenFlags unknown bits", 2, func() { _ = OpenFlags(1 << 30) }},
		{"OpenIntent", 1, func() { _ = OpenIntent(unix.O_RDWR | unix.O_CREAT) }},
		{"MmapFlags", 1, func() { _ = MmapFlags(unix.MAP_PRIVATE | unix.MAP_ANONYMOUS) }},
		{"MountFlags", 1, func() { _ = MountFlags(unix.MS_BIND | unix.MS_REC) }},
		{"ModeBits", 1, func() { _ = ModeBits(0o4755) }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(100, tt.fn); got > tt.max {
			t.Errorf("%s: %v allocations, want at most %v", tt.name, got, tt.max)
		}
	}
}
