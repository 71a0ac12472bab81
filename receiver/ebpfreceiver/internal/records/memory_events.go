package records

import (
	"fmt"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/linuxnames"
)

// Memory writes a memory.protect, memory.memfd_create, process.vm_write or
// process.ptrace record.
func (e *Encoder) Memory(b *Batch, a Actor, ev *kernel.Syscall) {
	kind := kernel.SyscallKind(ev.Kind)
	switch kernel.EventType(ev.Hdr.Type) {
	case kernel.TypeMemoryProtect:
		lr, attrs := e.startSyscall(b, a, schema.MemoryProtect, ev.Hdr.KtimeNs, kind, ev.Ret)
		// mmap(addr, len, prot, flags, fd, off) returns the address;
		// mprotect(start, len, prot) is given it.
		addr := ev.Args[0]
		if kind == kernel.SyscallMmap && ev.Ret >= 0 {
			addr = uint64(ev.Ret)
		}
		attrs.PutInt(schema.VigilMemoryAddress, int64(addr))
		attrs.PutInt(schema.VigilMemorySize, int64(ev.Args[1]))
		prot := linuxnames.MmapProt(ev.Args[2])
		putStrings(attrs, schema.VigilMemoryProtection, prot)
		what := "memory"
		if kind == kernel.SyscallMmap {
			putStrings(attrs, schema.VigilMemoryMapFlags, linuxnames.MmapFlags(ev.Args[3]))
			anonymous := ev.Args[3]&unix.MAP_ANONYMOUS != 0
			attrs.PutBool(schema.VigilMemoryAnonymous, anonymous)
			if path := putFile(attrs, ev.Str[0], ev.StrTruncated(0)); path != "" {
				what = path
			} else if anonymous {
				what = "anonymous memory"
			}
		}
		lr.Body().SetStr(fmt.Sprintf("%s %s %d bytes at %#x %s by %s%s", kernel.SyscallName(kind), what,
			ev.Args[1], addr, strings.Join(prot, "|"), a.name(), outcome(ev.Ret)))
	case kernel.TypeMemoryMemfdCreate:
		lr, attrs := e.startSyscall(b, a, schema.MemoryMemfdCreate, ev.Hdr.KtimeNs, kind, ev.Ret)
		name := string(ev.Str[0])
		attrs.PutStr(schema.VigilMemfdName, name)
		putStrings(attrs, schema.VigilMemfdFlags, linuxnames.MemfdFlags(ev.Args[1]))
		lr.Body().SetStr(fmt.Sprintf("memfd_create %q by %s%s", name, a.name(), outcome(ev.Ret)))
	case kernel.TypeProcessVMWrite:
		lr, attrs := e.startSyscall(b, a, schema.ProcessVMWrite, ev.Hdr.KtimeNs, kind, ev.Ret)
		target := e.putTarget(attrs, a, uint32(ev.Args[0]))
		lr.Body().SetStr(fmt.Sprintf("process_vm_writev into %s by %s%s", target, a.name(), outcome(ev.Ret)))
	case kernel.TypeProcessPtrace:
		lr, attrs := e.startSyscall(b, a, schema.ProcessPtrace, ev.Hdr.KtimeNs, kind, ev.Ret)
		req := linuxnames.PtraceRequest(int64(ev.Args[0]))
		attrs.PutStr(schema.VigilPtraceRequest, req)
		target := "itself"
		if req != "PTRACE_TRACEME" {
			target = e.putTarget(attrs, a, uint32(ev.Args[1]))
		}
		lr.Body().SetStr(fmt.Sprintf("ptrace %s %s by %s%s", req, target, a.name(), outcome(ev.Ret)))
	}
}
