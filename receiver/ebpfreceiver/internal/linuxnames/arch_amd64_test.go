package linuxnames

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestArch checks the amd64 values against the x86 uapi headers, written
// out here rather than taken from unix so that a wrong unix value (as
// O_LARGEFILE is: glibc's 0) cannot make the test agree with the code.
func TestArch(t *testing.T) {
	ptrace := []struct {
		in   int64
		want string
	}{
		{12, "PTRACE_GETREGS"},
		{13, "PTRACE_SETREGS"},
		{14, "PTRACE_GETFPREGS"},
		{15, "PTRACE_SETFPREGS"},
		{18, "PTRACE_GETFPXREGS"},
		{19, "PTRACE_SETFPXREGS"},
		{21, "PTRACE_OLDSETOPTIONS"},
		{25, "PTRACE_GET_THREAD_AREA"},
		{26, "PTRACE_SET_THREAD_AREA"},
		{30, "PTRACE_ARCH_PRCTL"},
		{31, "PTRACE_SYSEMU"},
		{32, "PTRACE_SYSEMU_SINGLESTEP"},
		{33, "PTRACE_SINGLEBLOCK"},
		{34, "ptrace 34"}, // PTRACE_POKEMTETAGS is arm64's
	}
	for _, tt := range ptrace {
		if got := PtraceRequest(tt.in); got != tt.want {
			t.Errorf("PtraceRequest(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}

	// include/uapi/asm-generic/fcntl.h.
	checkList(t, "OpenFlags(O_LARGEFILE)", OpenFlags(0o100000), []string{"O_RDONLY", "O_LARGEFILE"})
	checkList(t, "OpenFlags(O_DIRECT)", OpenFlags(0o40000), []string{"O_RDONLY", "O_DIRECT"})
	checkList(t, "OpenFlags(O_DIRECTORY)", OpenFlags(0o200000), []string{"O_RDONLY", "O_DIRECTORY"})
	checkList(t, "OpenFlags(O_NOFOLLOW)", OpenFlags(0o400000), []string{"O_RDONLY", "O_NOFOLLOW"})
	checkList(t, "OpenFlags(O_TMPFILE)", OpenFlags(0o20200002), []string{"O_RDWR", "O_TMPFILE"})
	// A typical 64-bit open as seen after glibc: 0x8000 only if forced.
	checkList(t, "OpenFlags(realistic)", OpenFlags(0o100000|unix.O_RDONLY|unix.O_CLOEXEC), []string{"O_RDONLY", "O_LARGEFILE", "O_CLOEXEC"})

	// arch/x86/include/uapi/asm/mman.h.
	checkList(t, "MmapFlags(MAP_32BIT)", MmapFlags(unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|0x40), []string{"MAP_PRIVATE", "MAP_ANONYMOUS", "MAP_32BIT"})
	checkList(t, "MmapFlags(MAP_ABOVE4G)", MmapFlags(unix.MAP_PRIVATE|0x80), []string{"MAP_PRIVATE", "MAP_ABOVE4G"})
	// PROT_BTI's bit means nothing on x86.
	checkList(t, "MmapProt(0x10)", MmapProt(unix.PROT_READ|0x10), []string{"PROT_READ", "0x10"})
}
