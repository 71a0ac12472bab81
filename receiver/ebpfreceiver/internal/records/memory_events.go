package records

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/linuxnames"
)

// The encoders of the memory and injection records (types.go): mappings
// made writable and executable, memfds, writes into and ptrace of another
// process.

func (e *Encoder) memoryProtect(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	kind := kernel.SyscallKind(ev.Kind)
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kind, ev.Ret)
	// mmap returns the address it mapped; mprotect is given it.
	addr := arg(ev, argAddr)
	if kind == kernel.SyscallMmap && ev.Ret >= 0 {
		addr = uint64(ev.Ret)
	}
	size := arg(ev, argLen)
	attrs.PutInt(schema.VigilMemoryAddress, int64(addr))
	attrs.PutInt(schema.VigilMemorySize, int64(size))
	prot := linuxnames.MmapProt(arg(ev, argProt))
	putStrings(attrs, schema.VigilMemoryProtection, prot)
	what := "memory"
	if flags, mapping := ev.Arg(argFlags); mapping { // mmap's: what it maps
		putStrings(attrs, schema.VigilMemoryMapFlags, linuxnames.MmapFlags(flags))
		anonymous := flags&unix.MAP_ANONYMOUS != 0
		attrs.PutBool(schema.VigilMemoryAnonymous, anonymous)
		if path := e.putFileOf(attrs, ev, strPath); path != "" {
			what = path
		} else if anonymous {
			what = "anonymous memory"
		}
	}
	e.setBody(lr, fmt.Sprintf("%s %s %d bytes at %#x %s by %s%s", kernel.SyscallName(kind), what,
		size, addr, strings.Join(prot, "|"), a.name(), outcome(ev.Ret)))
}

func (e *Encoder) memfdCreate(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	name := string(text(ev, strName))
	e.putText(attrs, schema.VigilMemfdName, name)
	putStrings(attrs, schema.VigilMemfdFlags, linuxnames.MemfdFlags(arg(ev, argFlags)))
	e.setBody(lr, fmt.Sprintf(`memfd_create "%s" by %s%s`, name, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) vmWrite(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	target, _ := e.putTarget(attrs, a, uint32(arg(ev, argPID)))
	e.setBody(lr, fmt.Sprintf("process_vm_writev into %s by %s%s", target, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) ptrace(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	req := linuxnames.PtraceRequest(int64(arg(ev, argRequest)))
	attrs.PutStr(schema.VigilPtraceRequest, req)
	target := "itself"
	if req != "PTRACE_TRACEME" {
		target, _ = e.putTarget(attrs, a, uint32(arg(ev, argPID)))
	}
	e.setBody(lr, fmt.Sprintf("ptrace %s %s by %s%s", req, target, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) userfaultfd(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	flags := linuxnames.UserfaultfdFlags(arg(ev, argFlags))
	putStrings(attrs, schema.VigilUserfaultfdFlags, flags)
	euid := uint32(arg(ev, argCallerEUID))
	attrs.PutInt(schema.VigilSyscallUserID, int64(euid))
	e.setBody(lr, fmt.Sprintf("userfaultfd%s by %s as uid %d%s", joined(flags), a.name(), euid, outcome(ev.Ret)))
}

func (e *Encoder) personality(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	persona := arg(ev, argPersona)
	domain := linuxnames.PersonalityDomain(persona)
	flags := linuxnames.PersonalityFlags(persona)
	attrs.PutStr(schema.VigilPersonalityDomain, domain)
	putStrings(attrs, schema.VigilPersonalityFlags, flags)
	e.setBody(lr, fmt.Sprintf("personality %s%s by %s%s", domain, joined(flags), a.name(), outcome(ev.Ret)))
}
