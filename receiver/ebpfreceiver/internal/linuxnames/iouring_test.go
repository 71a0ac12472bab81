package linuxnames

import "testing"

// Values from include/uapi/linux/io_uring.h, written out.
func TestIOUringSetupFlags(t *testing.T) {
	for _, tt := range []struct {
		in   uint64
		want []string
	}{
		{0, nil},
		{1 << 1, []string{"IORING_SETUP_SQPOLL"}},
		{1<<1 | 1<<2, []string{"IORING_SETUP_SQPOLL", "IORING_SETUP_SQ_AFF"}},
		{1 << 4, []string{"IORING_SETUP_CLAMP"}},
		{1<<12 | 1<<13, []string{"IORING_SETUP_SINGLE_ISSUER", "IORING_SETUP_DEFER_TASKRUN"}},
		{1 << 16, []string{"IORING_SETUP_NO_SQARRAY"}},
		{1 << 17, []string{"IORING_SETUP_HYBRID_IOPOLL"}},
		{1<<0 | 1<<20, []string{"IORING_SETUP_IOPOLL", "0x100000"}},
		{1<<32 | 1, []string{"IORING_SETUP_IOPOLL"}}, // a 32-bit field
	} {
		checkList(t, "IOUringSetupFlags("+hex(tt.in)+")", IOUringSetupFlags(tt.in), tt.want)
	}
}
