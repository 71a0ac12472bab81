package records

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/linuxnames"
)

// The encoders of the kernel-level records (types.go): module and BPF
// program loads, namespace changes, mounts, chroot and pivot_root.

func (e *Encoder) moduleLoad(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	kind := kernel.SyscallKind(ev.Kind)
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kind, ev.Ret)
	what := "a module image"
	if path := putFileOf(attrs, ev, strPath); path != "" {
		name := moduleName(path)
		attrs.PutStr(schema.VigilModuleName, name)
		what = name + " (" + path + ")"
	}
	// init_module's image size; not read when the kernel lacks the call.
	if size, ok := ev.Arg(argLen); ok && ev.Ret != -int64(unix.ENOSYS) {
		attrs.PutInt(schema.VigilModuleSize, int64(size))
	}
	if params := string(text(ev, strParams)); params != "" {
		attrs.PutStr(schema.VigilModuleParameters, params)
	}
	lr.Body().SetStr(fmt.Sprintf("%s %s by %s%s", kernel.SyscallName(kind), what, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) bpfProgramLoad(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	progType := linuxnames.BPFProgType(uint32(arg(ev, argProgType)))
	name := string(ev.ProgName())
	attrs.PutStr(schema.VigilBPFProgramType, progType)
	if name != "" {
		attrs.PutStr(schema.VigilBPFProgramName, name)
	}
	what := progType + " program"
	if name != "" {
		what += " " + strconv.Quote(name)
	}
	lr.Body().SetStr(fmt.Sprintf("bpf load of a %s by %s%s", what, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) unshare(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	flags := linuxnames.NamespaceFlags(arg(ev, argFlags))
	putStrings(attrs, schema.VigilNamespaceFlags, flags)
	lr.Body().SetStr(fmt.Sprintf("unshare %s by %s%s", strings.Join(flags, "|"), a.name(), outcome(ev.Ret)))
}

func (e *Encoder) setns(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	nstype := linuxnames.NamespaceType(arg(ev, argNSType))
	attrs.PutStr(schema.VigilNamespaceType, nstype)
	if ev.After[0] != 0 { // the namespace joined (kernel.HeldNamespace)
		attrs.PutInt(schema.VigilNamespaceInode, int64(ev.After[0]))
	}
	lr.Body().SetStr(fmt.Sprintf("setns %s %d by %s%s", nstype, ev.After[0], a.name(), outcome(ev.Ret)))
}

func (e *Encoder) mount(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	source := putPath(attrs, schema.VigilMountSource, text(ev, strSource))
	target := putPath(attrs, schema.VigilMountTarget, text(ev, strTarget))
	fstype := putPath(attrs, schema.VigilMountFSType, text(ev, strFSType))
	putStrings(attrs, schema.VigilMountFlags, linuxnames.MountFlags(arg(ev, argFlags)))
	lr.Body().SetStr(fmt.Sprintf("mount %s on %s by %s%s", describeMount(source, fstype), target, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) chroot(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	path := putFileOf(attrs, ev, strPath)
	lr.Body().SetStr(fmt.Sprintf("chroot %s by %s%s", path, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) pivotRoot(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	path := putFileOf(attrs, ev, strNewRoot)
	old := putPath(attrs, schema.VigilPivotRootPutOld, text(ev, strPutOld))
	lr.Body().SetStr(fmt.Sprintf("pivot_root %s (old root to %s) by %s%s", path, old, a.name(), outcome(ev.Ret)))
}

// describeMount names what a mount(2) mounts: "tmpfs tmpfs", "bind of
// /src", or (a propagation change) "no new file system".
func describeMount(source, fstype string) string {
	switch {
	case fstype != "" && source != "":
		return fstype + " " + source
	case fstype != "":
		return fstype
	case source != "":
		return source
	}
	return "(no source, no type: a flags change)"
}
