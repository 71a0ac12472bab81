package kernel

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/btf"
	"github.com/cilium/ebpf/features"
	"github.com/cilium/ebpf/rlimit"
)

// RequiredCapabilities is what the collector needs when it does not run as
// root: loading and attaching programs (BPF, PERFMON), lifting the memlock
// limit on kernels before 5.11 (SYS_RESOURCE), and reading other processes'
// /proc entries for the start-up scan (SYS_PTRACE, DAC_READ_SEARCH).
const RequiredCapabilities = "CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH"

// Linux capability numbers (include/uapi/linux/capability.h).
const (
	capSysAdmin = 21
	capPerfmon  = 38
	capBPF      = 39
)

// Preflight checks what Vigil needs from the host before anything is loaded,
// so a missing piece is reported as what to do rather than as a verifier or
// errno puzzle. btfPath is the configured BTF file, if any.
func Preflight(btfPath string) error {
	if err := checkCapabilities(); err != nil {
		return err
	}
	if err := rlimit.RemoveMemlock(); err != nil {
		return fmt.Errorf("raising the locked-memory limit for BPF maps: %w (grant CAP_SYS_RESOURCE or raise RLIMIT_MEMLOCK)", err)
	}
	if err := features.HaveMapType(ebpf.RingBuf); err != nil {
		return fmt.Errorf("this kernel has no BPF ring buffer (%w): Vigil needs Linux 5.8 or later", err)
	}
	if btfPath == "" {
		if _, err := btf.LoadKernelSpec(); err != nil {
			return fmt.Errorf("this kernel exposes no BTF type information at /sys/kernel/btf/vmlinux (%w): "+
				"use a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distributions since Linux 5.8), "+
				"or set btf_path to a BTF file for this exact kernel", err)
		}
	}
	return nil
}

// checkCapabilities reads the effective set from /proc/self/status.
func checkCapabilities() error {
	eff, err := effectiveCapabilities()
	if err != nil {
		return fmt.Errorf("reading the collector's capabilities: %w", err)
	}
	has := func(c uint) bool { return eff&(1<<c) != 0 }
	if has(capSysAdmin) || (has(capBPF) && has(capPerfmon)) {
		return nil
	}
	var missing []string
	if !has(capBPF) {
		missing = append(missing, "CAP_BPF")
	}
	if !has(capPerfmon) {
		missing = append(missing, "CAP_PERFMON")
	}
	return fmt.Errorf("the collector lacks %s (running as uid %d): run it as root (sudo) or grant %s",
		strings.Join(missing, " and "), os.Geteuid(), RequiredCapabilities)
}

func effectiveCapabilities() (uint64, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if hex, ok := strings.CutPrefix(line, "CapEff:"); ok {
			return strconv.ParseUint(strings.TrimSpace(hex), 16, 64)
		}
	}
	return 0, errors.New("no CapEff line in /proc/self/status")
}
