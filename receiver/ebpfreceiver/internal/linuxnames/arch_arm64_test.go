package linuxnames

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestArch checks the arm64 values against the arm64 uapi headers, written
// out here rather than taken from unix so that a wrong unix value (as
// O_LARGEFILE is: glibc's 0) cannot make the test agree with the code.
func TestArch(t *testing.T) {
	ptrace := []struct {
		in   int64
		want string
	}{
		{12, "ptrace 12"}, // no PTRACE_GETREGS on arm64
		{13, "ptrace 13"},
		{30, "ptrace 30"}, // PTRACE_ARCH_PRCTL is x86's
		{31, "PTRACE_SYSEMU"},
		{32, "PTRACE_SYSEMU_SINGLESTEP"},
		{33, "PTRACE_PEEKMTETAGS"},
		{34, "PTRACE_POKEMTETAGS"},
	}
	for _, tt := range ptrace {
		if got := PtraceRequest(tt.in); got != tt.want {
			t.Errorf("PtraceRequest(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}

	// arch/arm64/include/uapi/asm/fcntl.h.
	checkList(t, "OpenFlags(O_LARGEFILE)", OpenFlags(0o400000), []string{"O_RDONLY", "O_LARGEFILE"})
	checkList(t, "OpenFlags(O_DIRECT)", OpenFlags(0o200000), []string{"O_RDONLY", "O_DIRECT"})
	checkList(t, "OpenFlags(O_DIRECTORY)", OpenFlags(0o40000), []string{"O_RDONLY", "O_DIRECTORY"})
	checkList(t, "OpenFlags(O_NOFOLLOW)", OpenFlags(0o100000), []string{"O_RDONLY", "O_NOFOLLOW"})
	checkList(t, "OpenFlags(O_TMPFILE)", OpenFlags(0o20040002), []string{"O_RDWR", "O_TMPFILE"})

	// arch/arm64/include/uapi/asm/mman.h.
	checkList(t, "MmapProt(PROT_BTI)", MmapProt(unix.PROT_READ|unix.PROT_EXEC|0x10), []string{"PROT_READ", "PROT_EXEC", "PROT_BTI"})
	checkList(t, "MmapProt(PROT_MTE)", MmapProt(unix.PROT_READ|unix.PROT_WRITE|0x20), []string{"PROT_READ", "PROT_WRITE", "PROT_MTE"})
	// MAP_32BIT's bit means nothing on arm64.
	checkList(t, "MmapFlags(0x40)", MmapFlags(unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|0x40), []string{"MAP_PRIVATE", "MAP_ANONYMOUS", "0x40"})
}
