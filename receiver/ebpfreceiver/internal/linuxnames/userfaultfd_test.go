package linuxnames

import "testing"

// Values from include/uapi/linux/userfaultfd.h and asm-generic/fcntl.h,
// written out.
func TestUserfaultfdFlags(t *testing.T) {
	for _, tt := range []struct {
		in   uint64
		want []string
	}{
		{0, nil},
		{1, []string{"UFFD_USER_MODE_ONLY"}},
		{1 | 0o2000000, []string{"UFFD_USER_MODE_ONLY", "O_CLOEXEC"}},
		{0o4000 | 0o2000000, []string{"O_NONBLOCK", "O_CLOEXEC"}},
		{2, []string{"0x2"}},
		{1<<32 | 1, []string{"UFFD_USER_MODE_ONLY"}}, // an int
	} {
		checkList(t, "UserfaultfdFlags("+hex(tt.in)+")", UserfaultfdFlags(tt.in), tt.want)
	}
}
