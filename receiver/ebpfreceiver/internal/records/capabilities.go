package records

import (
	"math/bits"
	"strconv"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// capabilityNames are the Linux capabilities by number
// (include/uapi/linux/capability.h).
var capabilityNames = [...]string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
}

// putCapabilities writes a capability set as a list of names, in number
// order; bits this table does not know are named by number ("CAP_63").
func putCapabilities(attrs pcommon.Map, key string, set uint64) {
	s := attrs.PutEmptySlice(key)
	s.EnsureCapacity(bits.OnesCount64(set))
	for set != 0 {
		c := bits.TrailingZeros64(set)
		set &^= 1 << c
		if c < len(capabilityNames) {
			s.AppendEmpty().SetStr(capabilityNames[c])
		} else {
			s.AppendEmpty().SetStr("CAP_" + strconv.Itoa(c))
		}
	}
}
