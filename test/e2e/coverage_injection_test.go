package e2e

import (
	"fmt"
	"testing"
)

// Injection and in-memory execution: docs/coverage.md's rows of T1055,
// T1620 and T1622.
func init() {
	register(
		behaviour{
			name: "mmap of writable and executable memory by a program on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "mmap-wx")
				return fmt.Sprintf(`event_name:="memory.protect" process.executable.path:=%q`, a.actions)
			},
			expect: []expected{{"VGL-MEM-001", "T1620"}},
		},
		behaviour{
			name: "memfd_create by perl on the host",
			perform: func(t *testing.T, a *arena) string {
				// 319: memfd_create on x86-64, the only architecture this suite runs on.
				a.host(t, "perl", "-e", `$n = "vigil-memfd-pl"; syscall(319, $n, 0) >= 0 or die "memfd_create: $!"`)
				return `event_name:="memory.memfd_create" vigil.memfd.name:="vigil-memfd-pl"`
			},
			expect: []expected{{"VGL-MEM-002", "T1620"}},
		},
		behaviour{
			name: "program run from a memfd in a runc container",
			perform: func(t *testing.T, a *arena) string {
				return a.inRunc(t, "vigil-inj-memfd", "/actions memfd-exec /bin/busybox vigil-payload true") +
					` event_name:="memory.memfd_create" vigil.memfd.name:="vigil-payload"`
			},
			expect: []expected{{"VGL-MEM-003", "T1620"}},
		},
		behaviour{
			name: "memory of a sleeping process opened for writing through /proc by python",
			perform: func(t *testing.T, a *arena) string {
				// Opened read-write and closed: nothing is written.
				mem := fmt.Sprintf("/proc/%d/mem", sleeper(t))
				a.host(t, "/usr/bin/python3", "-c", fmt.Sprintf("open(%q, 'r+b').close()", mem))
				return fmt.Sprintf(`event_name:="file.open" file.path:=%q`, mem)
			},
			expect: []expected{{"VGL-MEM-007", "T1055.009"}},
		},
		behaviour{
			name: "ptrace attach to a shell by a program on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "ptrace", "vigil-ptrace-target")
				return `event_name:="process.ptrace" vigil.ptrace.request:="PTRACE_ATTACH" vigil.target.process.command_line:"vigil-ptrace-target"`
			},
			expect: []expected{{"VGL-MEM-004", "T1055.008"}},
		},
		behaviour{
			name: "process_vm_writev into a shell on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "vm-write", "vigil-vmwrite-target")
				return `event_name:="process.vm_write" vigil.target.process.command_line:"vigil-vmwrite-target"`
			},
			expect: []expected{{"VGL-MEM-005", "T1055"}},
		},
		behaviour{
			name: "PTRACE_TRACEME by a program on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "traceme")
				return fmt.Sprintf(`event_name:="process.ptrace" vigil.ptrace.request:="PTRACE_TRACEME" process.executable.path:=%q`, a.actions)
			},
			expect: []expected{{"VGL-MEM-006", "T1622"}},
		},
	)
}
