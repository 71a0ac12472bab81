package kernel

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// tracefsPath is where the syscall tracepoints are found. cilium/ebpf looks
// there and under /sys/kernel/debug/tracing.
const tracefsPath = "/sys/kernel/tracing"

// EnsureTracefs makes the syscall tracepoints usable: tracefs is often not
// mounted on minimal hosts and in containers. It mounts it when it can and
// otherwise says what to do.
func EnsureTracefs() error {
	for _, dir := range []string{tracefsPath, "/sys/kernel/debug/tracing"} {
		if _, err := os.Stat(dir + "/events/syscalls"); err == nil {
			return nil
		}
	}
	if _, err := os.Stat(tracefsPath); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s does not exist: this kernel has no tracefs (CONFIG_FTRACE_SYSCALLS); disable the syscall event groups (network, dns, files, memory, privileges, kernel) or use a kernel with syscall tracepoints", tracefsPath)
	}
	if err := unix.Mount("tracefs", tracefsPath, "tracefs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("tracefs is not mounted at %s and mounting it failed (%w): mount it on the host (mount -t tracefs nodev %s), "+
			"give the collector CAP_SYS_ADMIN, or in Kubernetes mount the host's %s into the pod", tracefsPath, err, tracefsPath, tracefsPath)
	}
	if _, err := os.Stat(tracefsPath + "/events/syscalls"); err != nil {
		return fmt.Errorf("tracefs mounted at %s has no syscall tracepoints (CONFIG_FTRACE_SYSCALLS is off): disable the syscall event groups", tracefsPath)
	}
	return nil
}
