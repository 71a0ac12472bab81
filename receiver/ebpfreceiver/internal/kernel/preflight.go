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
// root: loading and attaching programs (BPF, PERFMON), reading other
// processes' /proc entries for the start-up scan and the tracepoints' ids in
// tracefs (SYS_PTRACE, DAC_READ_SEARCH), and lifting the memlock limit on
// kernels before 5.11 (SYS_RESOURCE). The manifests, the systemd unit and
// the README list the same.
const RequiredCapabilities = "CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH and CAP_SYS_RESOURCE"

// Linux capability numbers (include/uapi/linux/capability.h).
const (
	capDacReadSearch = 2
	capSysPtrace     = 19
	capSysAdmin      = 21
	capPerfmon       = 38
	capBPF           = 39
)

// Preflight checks what Vigil needs from the host before anything is loaded,
// so a missing piece is reported as what to do rather than as a verifier or
// errno puzzle. btfPath is the configured BTF file, if any.
func Preflight(btfPath string) error {
	if err := checkCapabilities(); err != nil {
		return err
	}
	if err := rlimit.RemoveMemlock(); err != nil {
		return fmt.Errorf("raising the locked-memory limit for BPF maps: %w (this kernel, before 5.11, counts BPF maps against RLIMIT_MEMLOCK: "+
			"grant CAP_SYS_RESOURCE, or raise the limit: LimitMEMLOCK=infinity in a systemd unit, ulimit -l unlimited in a shell)", err)
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

// capabilityNeed is one capability the collector checks for at start, and
// what it is for, so the error says why it is missing.
type capabilityNeed struct {
	bit  uint
	name string
	what string
}

var capabilityNeeds = []capabilityNeed{
	{capBPF, "CAP_BPF", "loading the BPF programs"},
	{capPerfmon, "CAP_PERFMON", "attaching them to tracepoints"},
	{capSysPtrace, "CAP_SYS_PTRACE", "reading other processes' executables, working directories and namespaces in /proc at start"},
	{capDacReadSearch, "CAP_DAC_READ_SEARCH", "reading the tracepoints in tracefs and /proc entries of other users"},
}

// checkCapabilities reads the effective set from /proc/self/status and
// names every missing capability with what it is for. CAP_SYS_ADMIN stands
// in for CAP_BPF and CAP_PERFMON, as the kernel lets it.
func checkCapabilities() error {
	eff, err := effectiveCapabilities()
	if err != nil {
		return fmt.Errorf("reading the collector's capabilities: %w", err)
	}
	return missingCapabilities(eff, os.Geteuid())
}

func missingCapabilities(eff uint64, euid int) error {
	has := func(c uint) bool { return eff&(1<<c) != 0 }
	var missing, why []string
	for _, n := range capabilityNeeds {
		if has(n.bit) || ((n.bit == capBPF || n.bit == capPerfmon) && has(capSysAdmin)) {
			continue
		}
		missing = append(missing, n.name)
		why = append(why, n.name+" for "+n.what)
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("the collector lacks %s (running as uid %d; %s): run it as root (sudo) or grant %s "+
		"(Kubernetes: securityContext.capabilities.add; systemd: AmbientCapabilities=)",
		joinAnd(missing), euid, strings.Join(why, ", "), RequiredCapabilities)
}

// joinAnd is "a", "a and b", "a, b and c".
func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
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
