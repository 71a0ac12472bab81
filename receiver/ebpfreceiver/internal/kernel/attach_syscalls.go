package kernel

import (
	"errors"
	"fmt"
	"os"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
)

// exitProgram is the program that builds a group's records at syscall exit.
func (p *Probe) exitProgram(g Group) *ebpf.Program {
	switch g {
	case GroupNetwork:
		return p.objs.VigilNetExit
	case GroupFiles:
		return p.objs.VigilFileExit
	case GroupMemory:
		return p.objs.VigilMemExit
	case GroupPrivileges:
		return p.objs.VigilPrivExit
	case GroupKernel:
		return p.objs.VigilKernelExit
	}
	return nil
}

// attachSyscalls attaches the programs of the enabled groups to their
// syscalls' tracepoints and tells the entry program which syscalls to keep.
// Nothing is attached for a disabled group, so it costs nothing.
func (p *Probe) attachSyscalls(groups map[Group]bool) error {
	var specs []syscallSpec
	for _, s := range allSyscalls() {
		if groups[s.group] {
			specs = append(specs, s)
		}
	}
	if len(specs) == 0 {
		return nil
	}
	if err := EnsureTracefs(); err != nil {
		return err
	}
	for _, s := range specs {
		if err := p.objs.SyscallKinds.Put(uint32(s.nr), uint16(s.kind)); err != nil {
			return fmt.Errorf("registering syscall %s: %w", s.name, err)
		}
	}
	unimplemented := 0
	for _, s := range specs {
		enter, exit := p.objs.VigilSysEnter, p.exitProgram(s.group)
		if s.group == GroupDNS || s.group == GroupDNSWrite {
			enter, exit = p.objs.VigilDnsSend, nil // queries are read on the way in
		}
		attached, err := p.attachTracepoint("sys_enter_"+s.name, enter, s.optional)
		if err != nil {
			return err
		}
		if !attached {
			// The kernel lacks this syscall. Trying some (loading a module
			// into a kernel without module support) is still worth a
			// record; a missing newer file syscall is not.
			if s.attemptsMatter {
				if err := p.objs.UnimplementedKinds.Put(uint32(s.nr), uint16(s.kind)); err != nil {
					return fmt.Errorf("registering unimplemented syscall %s: %w", s.name, err)
				}
				unimplemented++
			}
			continue
		}
		if exit != nil {
			if _, err := p.attachTracepoint("sys_exit_"+s.name, exit, false); err != nil {
				return err
			}
		}
	}
	return p.attachRawEnter(unimplemented > 0, groups)
}

// attachTracepoint attaches prog to syscalls:name. An optional tracepoint
// the kernel lacks is skipped (attached false).
func (p *Probe) attachTracepoint(name string, prog *ebpf.Program, optional bool) (attached bool, err error) {
	l, err := link.Tracepoint("syscalls", name, prog, nil)
	if optional && errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("attaching to tracepoint syscalls:%s: %w", name, err)
	}
	p.links = append(p.links, l)
	return true, nil
}
