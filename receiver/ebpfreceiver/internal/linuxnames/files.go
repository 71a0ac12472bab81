package linuxnames

import "golang.org/x/sys/unix"

// openFlagTable is in the order OpenFlags reports. The access mode comes
// first and exactly one of its four entries matches any input.
var openFlagTable = []flagName{
	{mask: unix.O_ACCMODE, value: unix.O_RDONLY, name: "O_RDONLY"},
	{mask: unix.O_ACCMODE, value: unix.O_WRONLY, name: "O_WRONLY"},
	{mask: unix.O_ACCMODE, value: unix.O_RDWR, name: "O_RDWR"},
	// Access mode 3 is not an error: the kernel checks read and write
	// permission but grants neither (ioctl-only opens, used by some device
	// tools). The header names the mask O_ACCMODE, and that is the only
	// name for the value.
	{mask: unix.O_ACCMODE, value: unix.O_ACCMODE, name: "O_ACCMODE"},
	bit(unix.O_CREAT, "O_CREAT"),
	bit(unix.O_EXCL, "O_EXCL"),
	bit(unix.O_NOCTTY, "O_NOCTTY"),
	bit(unix.O_TRUNC, "O_TRUNC"),
	bit(unix.O_APPEND, "O_APPEND"),
	bit(unix.O_NONBLOCK, "O_NONBLOCK"),
	// O_SYNC is __O_SYNC|O_DSYNC, so O_DSYNC is only named on its own when
	// __O_SYNC is clear.
	{mask: unix.O_SYNC, value: unix.O_DSYNC, name: "O_DSYNC"},
	bit(unix.O_SYNC, "O_SYNC"),
	// unix calls this bit O_ASYNC (glibc's name); the kernel header's
	// name is FASYNC (include/uapi/asm-generic/fcntl.h).
	bit(unix.O_ASYNC, "FASYNC"),
	bit(unix.O_DIRECT, "O_DIRECT"),
	bit(oLargefile, "O_LARGEFILE"),
	// O_TMPFILE is __O_TMPFILE|O_DIRECTORY: name O_DIRECTORY only when
	// __O_TMPFILE is clear.
	{mask: unix.O_TMPFILE, value: unix.O_DIRECTORY, name: "O_DIRECTORY"},
	bit(unix.O_NOFOLLOW, "O_NOFOLLOW"),
	bit(unix.O_NOATIME, "O_NOATIME"),
	bit(unix.O_CLOEXEC, "O_CLOEXEC"),
	bit(unix.O_PATH, "O_PATH"),
	bit(unix.O_TMPFILE, "O_TMPFILE"),
}

// OpenFlags names the flags of open, openat and openat2: the access mode
// first (exactly one of O_RDONLY, O_WRONLY, O_RDWR, or O_ACCMODE for the
// ioctl-only mode 3), then the other flags, then unknown bits as one
// "0x..." entry. O_SYNC and O_TMPFILE are composites; when their whole mask
// is set they are reported instead of O_DSYNC and O_DIRECTORY.
func OpenFlags(flags uint32) []string {
	return flagNames(uint64(flags), openFlagTable)
}

// OpenIntent summarizes open flags as the subset of "read", "write",
// "create", "truncate" that applies, in that order. It follows what
// fs/open.c build_open_flags does with the flags rather than their literal
// bits: O_PATH (without __O_TMPFILE) discards everything except lookup
// flags, so an O_PATH open has no intent at all even if O_CREAT or O_TRUNC
// were passed; access mode 3 grants neither read nor write.
func OpenIntent(flags uint32) []string {
	const tmpfileBit = unix.O_TMPFILE &^ unix.O_DIRECTORY // __O_TMPFILE
	if flags&unix.O_PATH != 0 && flags&tmpfileBit == 0 {
		return nil
	}
	acc := flags & unix.O_ACCMODE
	read := acc == unix.O_RDONLY || acc == unix.O_RDWR
	write := acc == unix.O_WRONLY || acc == unix.O_RDWR
	create := flags&unix.O_CREAT != 0 || flags&unix.O_TMPFILE == unix.O_TMPFILE
	truncate := flags&unix.O_TRUNC != 0

	n := 0
	for _, b := range [...]bool{read, write, create, truncate} {
		if b {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	if read {
		out = append(out, "read")
	}
	if write {
		out = append(out, "write")
	}
	if create {
		out = append(out, "create")
	}
	if truncate {
		out = append(out, "truncate")
	}
	return out
}

// FileMode renders the permission bits of a mode (the low 12 bits; file
// type bits are dropped) as octal with a leading 0: "0644", "0755",
// "04755", "0000".
func FileMode(mode uint32) string {
	m := mode & 0o7777
	digits := 3
	if m > 0o777 {
		digits = 4
	}
	var buf [5]byte
	buf[0] = '0'
	for i := digits; i >= 1; i-- {
		buf[i] = '0' + byte(m&7)
		m >>= 3
	}
	return string(buf[:digits+1])
}

// ModeBits names the bits of a chmod/open mode that detection rules care
// about, in this order: "setuid" (04000), "setgid" (02000), "sticky"
// (01000), "exec" (any of 0111), "world_writable" (0002). It is a
// classifier, not a decoder: other permission bits are simply not
// notable, so there is no hex entry; bits above 07777 are ignored as
// chmod(2) ignores them.
func ModeBits(mode uint32) []string {
	checks := [...]struct {
		set  bool
		name string
	}{
		{mode&unix.S_ISUID != 0, "setuid"},
		{mode&unix.S_ISGID != 0, "setgid"},
		{mode&unix.S_ISVTX != 0, "sticky"},
		{mode&(unix.S_IXUSR|unix.S_IXGRP|unix.S_IXOTH) != 0, "exec"},
		{mode&unix.S_IWOTH != 0, "world_writable"},
	}
	n := 0
	for _, c := range checks {
		if c.set {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for _, c := range checks {
		if c.set {
			out = append(out, c.name)
		}
	}
	return out
}
