package sensor

import (
	"strconv"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

// EventName is the EventName of records of a kernel record type.
func EventName(t uint32) string {
	switch kernel.EventType(t) {
	case kernel.TypeExec:
		return schema.ProcessExec
	case kernel.TypeExit:
		return schema.ProcessExit
	case kernel.TypeFork:
		return schema.ProcessFork
	}
	return "kernel.type_" + strconv.FormatUint(uint64(t), 10)
}
