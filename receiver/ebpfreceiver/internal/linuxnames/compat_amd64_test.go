package linuxnames

import "testing"

// Numbers from arch/x86/entry/syscalls/syscall_32.tbl, written out: the
// calls 32-bit shellcode and loaders make first.
func TestCompatSyscallName(t *testing.T) {
	for _, tt := range []struct {
		nr   uint64
		want string
	}{
		{0, "restart_syscall"},
		{1, "exit"},
		{11, "execve"},
		{20, "getpid"},
		{90, "mmap"},
		{102, "socketcall"},
		{120, "clone"},
		{125, "mprotect"},
		{140, "_llseek"},
		{192, "mmap2"},
		{252, "exit_group"},
		{295, "openat"},
		{359, "socket"},
		{383, "statx"},
		{435, "clone3"},
		{451, "cachestat"},
		{223, ""}, // unused in the table
		{10000, ""},
	} {
		if got := CompatSyscallName(tt.nr); got != tt.want {
			t.Errorf("CompatSyscallName(%d) = %q, want %q", tt.nr, got, tt.want)
		}
	}
}
