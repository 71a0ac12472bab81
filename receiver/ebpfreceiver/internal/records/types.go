package records

import (
	"strconv"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

// Every record type the kernel writes (enum event_type in
// bpf/include/events.h) has one row in types, and nothing else in Go maps a
// type to what it is called or how it is handled: the sensor dispatches on
// the row, self-telemetry names types by it and encoders take their
// EventName from it. The kernel's own mapping of syscall kinds to types
// (event_type_of_kind in events.h) must list the same kinds per type as the
// rows do; a test reads it from the compiled object and compares.

// Struct is the C struct a record type's records are, and so how they are
// decoded.
type Struct uint8

// The record structs of bpf/include/events.h.
const (
	noStruct      Struct = iota // not a type of the table
	ExecStruct                  // struct exec_event: kernel.DecodeExec
	ExitStruct                  // struct exit_event: kernel.DecodeExit
	ForkStruct                  // struct fork_event: kernel.DecodeFork
	NetStruct                   // struct net_event: kernel.DecodeNet, then Encoder.Network
	SyscallStruct               // struct syscall_event: kernel.DecodeSyscall, then Encoder.Syscall
)

// Type is a row of the table: one record type.
type Type struct {
	// Event is the EventName of its records.
	Event string
	// Group is the event group that turns it on; "" for the process
	// events, which are always on.
	Group  kernel.Group
	Struct Struct
	// Kinds are the syscall kinds whose records are of this type.
	Kinds []kernel.SyscallKind

	// The encoder of a syscall_event or a net_event type. Process records
	// are written by Exec, Exit and Fork, which the sensor calls once it
	// has updated the process cache.
	syscall syscallEncoder
	net     netEncoder
}

type (
	syscallEncoder func(e *Encoder, b *Batch, a Actor, ev *kernel.Syscall, event string)
	netEncoder     func(e *Encoder, b *Batch, a Actor, ev *kernel.Net, event string)
)

func kinds(k ...kernel.SyscallKind) []kernel.SyscallKind { return k }

// types is the table, indexed by type.
var types = [kernel.EventTypeMax]Type{
	kernel.TypeExec: {Event: schema.ProcessExec, Struct: ExecStruct},
	kernel.TypeExit: {Event: schema.ProcessExit, Struct: ExitStruct},
	kernel.TypeFork: {Event: schema.ProcessFork, Struct: ForkStruct},

	kernel.TypeNetworkConnect: {Event: schema.NetworkConnect, Group: kernel.GroupNetwork, Struct: NetStruct,
		Kinds: kinds(kernel.SyscallConnect), net: (*Encoder).networkConnect},
	kernel.TypeNetworkAccept: {Event: schema.NetworkAccept, Group: kernel.GroupNetwork, Struct: NetStruct,
		Kinds: kinds(kernel.SyscallAccept, kernel.SyscallAccept4), net: (*Encoder).networkAccept},
	kernel.TypeNetworkListen: {Event: schema.NetworkListen, Group: kernel.GroupNetwork, Struct: NetStruct,
		Kinds: kinds(kernel.SyscallListen), net: (*Encoder).networkListen},
	kernel.TypeNetworkSocket: {Event: schema.NetworkSocket, Group: kernel.GroupNetwork, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallSocket), syscall: (*Encoder).networkSocket},
	// write is in the group too, behind a switch of its own (GroupDNSWrite).
	kernel.TypeDNSQuery: {Event: schema.DNSQuery, Group: kernel.GroupDNS, Struct: NetStruct,
		Kinds: kinds(kernel.SyscallSendto, kernel.SyscallSendmsg, kernel.SyscallSendmmsg, kernel.SyscallWrite), net: (*Encoder).dnsQuery},

	kernel.TypeFileOpen: {Event: schema.FileOpen, Group: kernel.GroupFiles, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallOpen, kernel.SyscallOpenat, kernel.SyscallOpenat2, kernel.SyscallCreat), syscall: (*Encoder).fileOpen},
	kernel.TypeFileUnlink: {Event: schema.FileUnlink, Group: kernel.GroupFiles, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallUnlink, kernel.SyscallUnlinkat), syscall: (*Encoder).fileUnlink},
	kernel.TypeFileRename: {Event: schema.FileRename, Group: kernel.GroupFiles, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallRename, kernel.SyscallRenameat, kernel.SyscallRenameat2), syscall: (*Encoder).fileRename},
	kernel.TypeFileChmod: {Event: schema.FileChmod, Group: kernel.GroupFiles, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallChmod, kernel.SyscallFchmod, kernel.SyscallFchmodat, kernel.SyscallFchmodat2), syscall: (*Encoder).fileChmod},
	kernel.TypeFileLink: {Event: schema.FileLink, Group: kernel.GroupFiles, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallLink, kernel.SyscallLinkat, kernel.SyscallSymlink, kernel.SyscallSymlinkat), syscall: (*Encoder).fileLink},
	kernel.TypeFileMkdir: {Event: schema.FileMkdir, Group: kernel.GroupFiles, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallMkdir, kernel.SyscallMkdirat), syscall: (*Encoder).fileMkdir},

	kernel.TypeMemoryProtect: {Event: schema.MemoryProtect, Group: kernel.GroupMemory, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallMmap, kernel.SyscallMprotect, kernel.SyscallPkeyMprotect), syscall: (*Encoder).memoryProtect},
	kernel.TypeMemoryMemfdCreate: {Event: schema.MemoryMemfdCreate, Group: kernel.GroupMemory, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallMemfdCreate), syscall: (*Encoder).memfdCreate},
	kernel.TypeProcessVMWrite: {Event: schema.ProcessVMWrite, Group: kernel.GroupMemory, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallProcessVMWritev), syscall: (*Encoder).vmWrite},
	kernel.TypeProcessPtrace: {Event: schema.ProcessPtrace, Group: kernel.GroupMemory, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallPtrace), syscall: (*Encoder).ptrace},
	kernel.TypeMemoryUserfaultfd: {Event: schema.MemoryUserfaultfd, Group: kernel.GroupMemory, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallUserfaultfd), syscall: (*Encoder).userfaultfd},
	kernel.TypeProcessPersonality: {Event: schema.ProcessPersonality, Group: kernel.GroupMemory, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallPersonality), syscall: (*Encoder).personality},

	kernel.TypeProcessSetuid: {Event: schema.ProcessSetuid, Group: kernel.GroupPrivileges, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallSetuid), syscall: (*Encoder).setid},
	kernel.TypeProcessSetgid: {Event: schema.ProcessSetgid, Group: kernel.GroupPrivileges, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallSetgid), syscall: (*Encoder).setid},
	kernel.TypeProcessSetreuid: {Event: schema.ProcessSetreuid, Group: kernel.GroupPrivileges, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallSetreuid), syscall: (*Encoder).setid},
	kernel.TypeProcessSetregid: {Event: schema.ProcessSetregid, Group: kernel.GroupPrivileges, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallSetregid), syscall: (*Encoder).setid},
	kernel.TypeProcessSetresuid: {Event: schema.ProcessSetresuid, Group: kernel.GroupPrivileges, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallSetresuid), syscall: (*Encoder).setid},
	kernel.TypeProcessSetresgid: {Event: schema.ProcessSetresgid, Group: kernel.GroupPrivileges, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallSetresgid), syscall: (*Encoder).setid},
	kernel.TypeProcessCapset: {Event: schema.ProcessCapset, Group: kernel.GroupPrivileges, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallCapset), syscall: (*Encoder).capset},

	kernel.TypeKernelModuleLoad: {Event: schema.KernelModuleLoad, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallInitModule, kernel.SyscallFinitModule), syscall: (*Encoder).moduleLoad},
	kernel.TypeBPFProgramLoad: {Event: schema.BPFProgramLoad, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallBPF), syscall: (*Encoder).bpfProgramLoad},
	kernel.TypeKernelUnshare: {Event: schema.KernelUnshare, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallUnshare), syscall: (*Encoder).unshare},
	kernel.TypeKernelSetns: {Event: schema.KernelSetns, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallSetns), syscall: (*Encoder).setns},
	kernel.TypeFileMount: {Event: schema.FileMount, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds:   kinds(kernel.SyscallMount, kernel.SyscallFsopen, kernel.SyscallFsmount, kernel.SyscallMoveMount, kernel.SyscallOpenTree),
		syscall: (*Encoder).mount},
	kernel.TypeKernelChroot: {Event: schema.KernelChroot, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallChroot), syscall: (*Encoder).chroot},
	kernel.TypeKernelPivotRoot: {Event: schema.KernelPivotRoot, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallPivotRoot), syscall: (*Encoder).pivotRoot},
	kernel.TypeKernelCloneNamespaces: {Event: schema.KernelCloneNamespaces, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallClone, kernel.SyscallClone3), syscall: (*Encoder).cloneNamespaces},
	kernel.TypeKernelIOUringSetup: {Event: schema.KernelIOUringSetup, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallIOUringSetup), syscall: (*Encoder).ioUringSetup},
	// Its one kind is no syscall of the native table (kernel.SyscallCompat).
	kernel.TypeKernelCompatSyscall: {Event: schema.KernelCompatSyscall, Group: kernel.GroupKernel, Struct: SyscallStruct,
		Kinds: kinds(kernel.SyscallCompat), syscall: (*Encoder).compatSyscall},
}

// TypeOf is the row of record type t; nil for a type the table lacks (a
// record of another version of the programs, or garbage).
func TypeOf(t uint16) *Type {
	if uint32(t) >= kernel.EventTypeMax || types[t].Struct == noStruct {
		return nil
	}
	return &types[t]
}

// EventName is the EventName of records of type t, and
// "kernel.type_<t>" for a type the table lacks.
func EventName(t uint32) string {
	if t < kernel.EventTypeMax && types[t].Event != "" {
		return types[t].Event
	}
	return "kernel.type_" + strconv.FormatUint(uint64(t), 10)
}

// Syscall writes the record of ev, of type t (a SyscallStruct type).
func (e *Encoder) Syscall(b *Batch, t *Type, a Actor, ev *kernel.Syscall) {
	t.syscall(e, b, a, ev, t.Event)
}

// Network writes the record of ev, of type t (a NetStruct type).
func (e *Encoder) Network(b *Batch, t *Type, a Actor, ev *kernel.Net) {
	t.net(e, b, a, ev, t.Event)
}
