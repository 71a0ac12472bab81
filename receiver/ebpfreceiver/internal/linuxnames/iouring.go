package linuxnames

// ioUringSetupFlagNames are the IORING_SETUP_* flags of
// include/uapi/linux/io_uring.h, bit by bit (unix has none of them).
var ioUringSetupFlagNames = [...]string{
	"IORING_SETUP_IOPOLL",
	"IORING_SETUP_SQPOLL",
	"IORING_SETUP_SQ_AFF",
	"IORING_SETUP_CQSIZE",
	"IORING_SETUP_CLAMP",
	"IORING_SETUP_ATTACH_WQ",
	"IORING_SETUP_R_DISABLED",
	"IORING_SETUP_SUBMIT_ALL",
	"IORING_SETUP_COOP_TASKRUN",
	"IORING_SETUP_TASKRUN_FLAG",
	"IORING_SETUP_SQE128",
	"IORING_SETUP_CQE32",
	"IORING_SETUP_SINGLE_ISSUER",
	"IORING_SETUP_DEFER_TASKRUN",
	"IORING_SETUP_NO_MMAP",
	"IORING_SETUP_REGISTERED_FD_ONLY",
	"IORING_SETUP_NO_SQARRAY",
	"IORING_SETUP_HYBRID_IOPOLL",
}

var ioUringSetupFlagTable = func() []flagName {
	table := make([]flagName, len(ioUringSetupFlagNames))
	for i, name := range ioUringSetupFlagNames {
		table[i] = bit(1<<i, name)
	}
	return table
}()

// IOUringSetupFlags names the flags of io_uring_setup's params in bit
// order: IORING_SETUP_IOPOLL, IORING_SETUP_SQPOLL (a kernel thread submits
// the ring's operations)… IORING_SETUP_HYBRID_IOPOLL, then unknown bits in
// hex. The field is 32 bits wide.
func IOUringSetupFlags(flags uint64) []string {
	return flagNames(uint64(uint32(flags)), ioUringSetupFlagTable)
}
