package e2e

import (
	"fmt"
	"testing"
)

// Kernel modules and BPF: docs/coverage.md's rows of T1547.006, T1014
// and the kernel's part of T1611.
func init() {
	register(
		behaviour{
			name: "init_module of a bogus image by a program on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "init-module", "vigil_host=1")
				return fmt.Sprintf(`event_name:="kernel.module_load" process.executable.path:=%q`, a.actions)
			},
			expect: []expected{{"VGL-KERN-001", "T1547.006"}},
		},
		behaviour{
			name: "init_module from the pod's container",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "/actions init-module vigil_pod=1") + ` event_name:="kernel.module_load"`
			},
			expect: []expected{{"VGL-KERN-002", "T1611"}},
		},
		behaviour{
			name: "tracepoint BPF program loaded by a program on the host",
			perform: func(t *testing.T, a *arena) string {
				a.host(t, a.actions, "bpf-load", "vgl_e2e_tp", "tracepoint")
				return `event_name:="bpf.program_load" vigil.bpf.program.name:="vgl_e2e_tp"`
			},
			expect: []expected{{"VGL-KERN-003", "T1014"}},
		},
		behaviour{
			name: "BPF socket filter loaded from the pod's container",
			perform: func(t *testing.T, a *arena) string {
				return a.inPod(t, "/actions bpf-load vgl_e2e_pod") + ` event_name:="bpf.program_load" vigil.bpf.program.name:="vgl_e2e_pod"`
			},
			expect: []expected{{"VGL-KERN-004", "T1611"}},
		},
	)
}
