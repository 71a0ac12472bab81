// Package records turns kernel events, joined with the process cache, into
// OpenTelemetry log records: one ResourceLogs per container (host processes
// share the host's), semantic-convention attributes, an EventName and a
// one-line body a human can read. Which record type is which event, and
// which encoder writes it, is the table in types.go.
package records

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
)

// Host identifies the machine on every resource.
type Host struct {
	Name string
	ID   string // /etc/machine-id
}

// Scope is the instrumentation scope stamped on every record.
type Scope struct {
	Name, Version string
}

// Batch accumulates records grouped by the workload they come from.
type Batch struct {
	host   Host
	scope  Scope
	logs   plog.Logs
	groups map[containerid.Info]plog.LogRecordSlice
	n      int
}

// NewBatch returns an empty batch.
func NewBatch(host Host, scope Scope) *Batch {
	b := &Batch{host: host, scope: scope}
	b.reset()
	return b
}

func (b *Batch) reset() {
	b.logs = plog.NewLogs()
	b.groups = make(map[containerid.Info]plog.LogRecordSlice)
	b.n = 0
}

// Len is the number of records in the batch.
func (b *Batch) Len() int { return b.n }

// Take returns the batch's records and starts a new, empty batch.
func (b *Batch) Take() plog.Logs {
	logs := b.logs
	b.reset()
	return logs
}

// Append adds a record under the resource of the given workload (the zero
// Info is the host) and returns it for the caller to fill.
func (b *Batch) Append(workload containerid.Info) plog.LogRecord {
	slice, ok := b.groups[workload]
	if !ok {
		rl := b.logs.ResourceLogs().AppendEmpty()
		b.fillResource(rl.Resource().Attributes(), workload)
		sl := rl.ScopeLogs().AppendEmpty()
		sl.Scope().SetName(b.scope.Name)
		sl.Scope().SetVersion(b.scope.Version)
		slice = sl.LogRecords()
		b.groups[workload] = slice
	}
	b.n++
	return slice.AppendEmpty()
}

func (b *Batch) fillResource(attrs pcommon.Map, w containerid.Info) {
	if w.ContainerID != "" {
		attrs.PutStr(schema.ContainerID, w.ContainerID)
	}
	if w.Runtime != "" {
		attrs.PutStr(schema.ContainerRuntimeName, w.Runtime)
	}
	if w.PodUID != "" {
		attrs.PutStr(schema.K8sPodUID, w.PodUID)
	}
	attrs.PutStr(schema.HostName, b.host.Name)
	if b.host.ID != "" {
		attrs.PutStr(schema.HostID, b.host.ID)
	}
	attrs.PutStr(schema.OSType, "linux")
}
