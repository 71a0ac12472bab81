package records

import (
	"fmt"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
)

// Exec writes a process.exec record for p, the cache entry the exec created.
func (e *Encoder) Exec(b *Batch, p *proctable.Process, ktime uint64) {
	lr := e.start(b, p.Container, types[kernel.TypeExec].Event, ktime)
	attrs := lr.Attributes()
	e.putProcess(attrs, p)
	e.putImage(attrs, p)
	parent := "unknown parent"
	if pp := e.Table.Parent(p); pp != nil {
		parent = displayName(pp)
	}
	e.setBody(lr, fmt.Sprintf("exec %s (pid %d, parent %d %s, uid %d)",
		quoteCommand(p.CommandLine()), p.PID, p.PPID, parent, p.Creds.EUID))
}

// Exit writes a process.exit record. p may be nil when the process was never
// seen (it started before the sensor and /proc no longer has it); its record
// then goes to the resource of workload, what its cgroup says.
func (e *Encoder) Exit(b *Batch, p *proctable.Process, ev *kernel.ExitEvent, workload containerid.Info) {
	var lr plog.LogRecord
	if p != nil {
		lr = e.start(b, p.Container, types[kernel.TypeExit].Event, ev.Hdr.KtimeNs)
	} else {
		lr = e.start(b, workload, types[kernel.TypeExit].Event, ev.Hdr.KtimeNs)
	}
	attrs := lr.Attributes()
	if p != nil {
		e.putProcess(attrs, p)
	} else {
		attrs.PutInt(schema.ProcessPID, int64(ev.Hdr.Pid))
		attrs.PutInt(schema.ProcessParentPID, int64(ev.Ppid))
		attrs.PutBool(schema.VigilContextIncomplete, true)
	}
	status := WaitStatus(ev.ExitCode)
	attrs.PutInt(schema.ProcessExitCode, int64(status.Code))
	attrs.PutStr(schema.ProcessExitTime, e.formatTime(ev.Hdr.KtimeNs))
	if status.Signal != 0 {
		attrs.PutInt(schema.VigilExitSignal, int64(status.Signal))
	}
	if status.CoreDumped {
		attrs.PutBool(schema.VigilExitCoreDumped, true)
	}
	body := fmt.Sprintf("exit %s (pid %d) code %d", displayName(p), ev.Hdr.Pid, status.Code)
	if status.Signal != 0 {
		body = fmt.Sprintf("exit %s (pid %d) killed by %s", displayName(p), ev.Hdr.Pid, status.SignalName())
	}
	if ev.StartBoottime != 0 && ev.Hdr.KtimeNs >= ev.StartBoottime {
		lifetime := time.Duration(ev.Hdr.KtimeNs - ev.StartBoottime)
		attrs.PutDouble(schema.VigilLifetime, lifetime.Seconds())
		body += " after " + lifetime.Round(time.Millisecond).String()
	}
	e.setBody(lr, body)
}

// Fork writes a process.fork record for child, the entry the fork created.
func (e *Encoder) Fork(b *Batch, child *proctable.Process, ktime uint64) {
	lr := e.start(b, child.Container, types[kernel.TypeFork].Event, ktime)
	e.putProcess(lr.Attributes(), child)
	parent := "unknown process"
	if child.Exe != "" {
		parent = child.Exe // the child still runs its parent's image
	}
	e.setBody(lr, fmt.Sprintf("fork pid %d from %d %s", child.PID, child.PPID, parent))
}

// Loss writes a sensor.loss record: count records of the named event were
// lost for the given reason since the last report.
func (e *Encoder) Loss(b *Batch, eventName string, count uint64, reason string, at time.Time) {
	lr := b.Append(containerid.Info{})
	lr.SetEventName(schema.SensorLoss)
	ts := pcommon.NewTimestampFromTime(at)
	lr.SetTimestamp(ts)
	lr.SetObservedTimestamp(ts)
	lr.SetSeverityNumber(plog.SeverityNumberWarn)
	lr.SetSeverityText("WARN")
	attrs := lr.Attributes()
	attrs.PutStr(schema.VigilLossEventName, eventName)
	attrs.PutInt(schema.VigilLossCount, int64(count))
	attrs.PutStr(schema.VigilLossReason, reason)
	lr.Body().SetStr(fmt.Sprintf("lost %d %s records: %s", count, eventName, reason))
}
