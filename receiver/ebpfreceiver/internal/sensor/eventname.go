package sensor

import (
	"strconv"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

// eventNames are the EventNames of the kernel's record types.
var eventNames = map[kernel.EventType]string{
	kernel.TypeExec:              schema.ProcessExec,
	kernel.TypeExit:              schema.ProcessExit,
	kernel.TypeFork:              schema.ProcessFork,
	kernel.TypeNetworkConnect:    schema.NetworkConnect,
	kernel.TypeNetworkAccept:     schema.NetworkAccept,
	kernel.TypeNetworkListen:     schema.NetworkListen,
	kernel.TypeDNSQuery:          schema.DNSQuery,
	kernel.TypeFileOpen:          schema.FileOpen,
	kernel.TypeFileUnlink:        schema.FileUnlink,
	kernel.TypeFileRename:        schema.FileRename,
	kernel.TypeFileChmod:         schema.FileChmod,
	kernel.TypeFileLink:          schema.FileLink,
	kernel.TypeMemoryProtect:     schema.MemoryProtect,
	kernel.TypeMemoryMemfdCreate: schema.MemoryMemfdCreate,
	kernel.TypeProcessVMWrite:    schema.ProcessVMWrite,
	kernel.TypeProcessPtrace:     schema.ProcessPtrace,
	kernel.TypeProcessSetuid:     schema.ProcessSetuid,
	kernel.TypeProcessSetgid:     schema.ProcessSetgid,
	kernel.TypeProcessSetreuid:   schema.ProcessSetreuid,
	kernel.TypeProcessSetregid:   schema.ProcessSetregid,
	kernel.TypeProcessSetresuid:  schema.ProcessSetresuid,
	kernel.TypeProcessSetresgid:  schema.ProcessSetresgid,
	kernel.TypeProcessCapset:     schema.ProcessCapset,
	kernel.TypeKernelModuleLoad:  schema.KernelModuleLoad,
	kernel.TypeBPFProgramLoad:    schema.BPFProgramLoad,
	kernel.TypeKernelUnshare:     schema.KernelUnshare,
	kernel.TypeKernelSetns:       schema.KernelSetns,
	kernel.TypeFileMount:         schema.FileMount,
	kernel.TypeKernelChroot:      schema.KernelChroot,
	kernel.TypeKernelPivotRoot:   schema.KernelPivotRoot,
}

// EventName is the EventName of records of a kernel record type.
func EventName(t uint32) string {
	if name, ok := eventNames[kernel.EventType(t)]; ok {
		return name
	}
	return "kernel.type_" + strconv.FormatUint(uint64(t), 10)
}
