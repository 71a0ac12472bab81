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
// program loads, namespace changes, mounts, chroot, pivot_root, io_uring
// setups and 32-bit syscalls.

func (e *Encoder) moduleLoad(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	kind := kernel.SyscallKind(ev.Kind)
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kind, ev.Ret)
	what := "a module image"
	if path := e.putFileOf(attrs, ev, strPath); path != "" {
		name := moduleName(path)
		e.putText(attrs, schema.VigilModuleName, name)
		what = name + " (" + path + ")"
	}
	// init_module's image size; not read when the kernel lacks the call.
	if size, ok := ev.Arg(argLen); ok && ev.Ret != -int64(unix.ENOSYS) {
		attrs.PutInt(schema.VigilModuleSize, int64(size))
	}
	if params := string(text(ev, strParams)); params != "" {
		e.putText(attrs, schema.VigilModuleParameters, params)
	}
	e.setBody(lr, fmt.Sprintf("%s %s by %s%s", kernel.SyscallName(kind), what, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) bpfProgramLoad(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	progType := linuxnames.BPFProgType(uint32(arg(ev, argProgType)))
	name := string(ev.ProgName())
	attrs.PutStr(schema.VigilBPFProgramType, progType)
	if name != "" {
		e.putText(attrs, schema.VigilBPFProgramName, name)
	}
	what := progType + " program"
	if name != "" {
		what += ` "` + name + `"`
	}
	e.setBody(lr, fmt.Sprintf("bpf load of a %s by %s%s", what, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) unshare(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	flags := linuxnames.NamespaceFlags(arg(ev, argFlags))
	putStrings(attrs, schema.VigilNamespaceFlags, flags)
	e.setBody(lr, fmt.Sprintf("unshare %s by %s%s", strings.Join(flags, "|"), a.name(), outcome(ev.Ret)))
}

// setns writes the namespace type asked for and what the descriptor refers
// to: a namespace file (its type and inode) or a pidfd (its process), and
// whether that is the host's.
func (e *Encoder) setns(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	asked := uint64(uint32(arg(ev, argNSType)))
	nstype := linuxnames.NamespaceType(asked)
	attrs.PutStr(schema.VigilNamespaceType, nstype)
	target, _ := ev.NamespaceTarget()
	if target.Inode != 0 {
		attrs.PutInt(schema.VigilNamespaceInode, int64(target.Inode))
	}
	what := strconv.FormatUint(target.Inode, 10)
	host := false
	switch {
	case target.Type != 0: // a namespace file
		attrs.PutStr(schema.VigilNamespaceTargetType, linuxnames.NamespaceType(target.Type))
		host = target.HostTypes&target.Type != 0
		attrs.PutBool(schema.VigilNamespaceTargetHost, host)
	case target.PID != 0: // a pidfd: it takes types to join, never 0
		what = e.putHostTarget(attrs, target.PID)
		host = asked != 0 && asked&^target.HostTypes == 0
		attrs.PutBool(schema.VigilNamespaceTargetHost, host)
	}
	if host {
		what += " (host namespace)"
	}
	e.setBody(lr, fmt.Sprintf("setns %s %s by %s%s", nstype, what, a.name(), outcome(ev.Ret)))
}

// cloneNamespaces writes a clone or clone3 that created namespaces (the
// kernel keeps no other) and the child it returned.
func (e *Encoder) cloneNamespaces(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	kind := kernel.SyscallKind(ev.Kind)
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kind, ev.Ret)
	flags := linuxnames.CloneFlags(arg(ev, argFlags), kind == kernel.SyscallClone3)
	putStrings(attrs, schema.VigilNamespaceFlags, flags)
	child := ""
	if ev.Ret > 0 {
		name, _ := e.putTarget(attrs, a, uint32(ev.Ret))
		child = " → " + name
	}
	e.setBody(lr, fmt.Sprintf("%s%s%s by %s%s", kernel.SyscallName(kind), joined(flags), child, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) ioUringSetup(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	entries := uint32(arg(ev, argEntries))
	flags := linuxnames.IOUringSetupFlags(arg(ev, argFlags))
	attrs.PutInt(schema.VigilIOUringEntries, int64(entries))
	putStrings(attrs, schema.VigilIOUringFlags, flags)
	e.setBody(lr, fmt.Sprintf("io_uring_setup %d entries%s by %s%s", entries, joined(flags), a.name(), outcome(ev.Ret)))
}

// compatSyscall writes the first 32-bit syscall of a process image. It is
// reported on entry: the record has the call's number, no result.
func (e *Encoder) compatSyscall(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startActor(b, a, event, ev.Hdr.KtimeNs)
	nr := arg(ev, argCompatNR)
	call := strconv.FormatUint(nr, 10)
	if name := linuxnames.CompatSyscallName(nr); name != "" {
		attrs.PutStr(schema.VigilSyscallName, name)
		call = name + " (" + call + ")"
	}
	attrs.PutInt(schema.VigilSyscallNumber, int64(nr))
	e.setBody(lr, fmt.Sprintf("32-bit syscall %s by %s", call, a.name()))
}

// mount writes a mount(2) or a call of the new mount API, with what each
// knows of the source, mount point and file system type, and its flags.
func (e *Encoder) mount(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	kind := kernel.SyscallKind(ev.Kind)
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kind, ev.Ret)
	source := e.putPath(attrs, schema.VigilMountSource, text(ev, strSource))
	target := e.putPath(attrs, schema.VigilMountTarget, text(ev, strTarget))
	fstype := e.putPath(attrs, schema.VigilMountFSType, text(ev, strFSType))
	putStrings(attrs, schema.VigilMountFlags, mountCallFlags(kind, ev))
	var what string
	switch kind {
	case kernel.SyscallFsopen:
		what = fstype
	case kernel.SyscallFsmount:
		what = describeMount(source, fstype) + " (detached)"
	case kernel.SyscallOpenTree:
		what = "clone of " + source
	default: // mount, move_mount
		what = describeMount(source, fstype) + " on " + target
	}
	e.setBody(lr, fmt.Sprintf("%s %s by %s%s", kernel.SyscallName(kind), what, a.name(), outcome(ev.Ret)))
}

// mountCallFlags names the flags of a mount call, each by its own header.
func mountCallFlags(kind kernel.SyscallKind, ev *kernel.Syscall) []string {
	flags := arg(ev, argFlags)
	switch kind {
	case kernel.SyscallFsopen:
		return linuxnames.FsopenFlags(flags)
	case kernel.SyscallFsmount:
		return linuxnames.MountAttrFlags(arg(ev, argAttrFlags))
	case kernel.SyscallMoveMount:
		return linuxnames.MoveMountFlags(flags)
	case kernel.SyscallOpenTree:
		return linuxnames.OpenTreeFlags(flags)
	}
	return linuxnames.MountFlags(flags)
}

func (e *Encoder) chroot(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	path := e.putFileOf(attrs, ev, strPath)
	e.setBody(lr, fmt.Sprintf("chroot %s by %s%s", path, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) pivotRoot(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	path := e.putFileOf(attrs, ev, strNewRoot)
	old := e.putPath(attrs, schema.VigilPivotRootPutOld, text(ev, strPutOld))
	e.setBody(lr, fmt.Sprintf("pivot_root %s (old root to %s) by %s%s", path, old, a.name(), outcome(ev.Ret)))
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
