package kernel

import (
	"fmt"

	"github.com/cilium/ebpf/link"
)

// traceCompat says whether 32-bit syscalls are reported: by the kernel
// group, on an architecture that has them (bpf/compat.h).
func traceCompat(groups map[Group]bool) bool {
	return groups[GroupKernel] && hasCompatSyscalls
}

// attachRawEnter attaches the program of the raw sys_enter tracepoint
// (bpf/raw_sys_enter.h) when it has work: 32-bit syscalls to report, or
// syscalls the kernel lacks whose attempts matter. It runs on every
// syscall of every process; its cost is in docs/benchmarks.md.
func (p *Probe) attachRawEnter(unimplemented bool, groups map[Group]bool) error {
	if !unimplemented && !traceCompat(groups) {
		return nil
	}
	if err := p.objs.HaveUnimplemented.Set(unimplemented); err != nil {
		return fmt.Errorf("enabling the reports of missing syscalls: %w", err)
	}
	l, err := link.AttachRawTracepoint(link.RawTracepointOptions{Name: "sys_enter", Program: p.objs.VigilRawEnter})
	if err != nil {
		return fmt.Errorf("attaching to raw tracepoint sys_enter: %w", err)
	}
	p.links = append(p.links, l)
	return nil
}
