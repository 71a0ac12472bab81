package records

import (
	"path/filepath"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/escape"
	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/linuxnames"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
)

// Actor is the process a syscall-level record is about: its cache entry
// when known, and otherwise its pid and the workload its cgroup names.
type Actor struct {
	Process  *proctable.Process
	PID      uint32
	Workload containerid.Info
}

func (a Actor) workload() containerid.Info {
	if a.Process != nil {
		return a.Process.Container
	}
	return a.Workload
}

// name is how a body names the actor.
func (a Actor) name() string {
	if a.Process != nil && a.Process.Exe != "" {
		return filepath.Base(a.Process.Exe) + " (pid " + strconv.FormatUint(uint64(a.PID), 10) + ")"
	}
	return "pid " + strconv.FormatUint(uint64(a.PID), 10)
}

// startSyscall appends a syscall-level record with the actor's context and
// the call's name and outcome.
func (e *Encoder) startSyscall(b *Batch, a Actor, event string, ktime uint64, kind kernel.SyscallKind, ret int64) (plog.LogRecord, pcommon.Map) {
	lr, attrs := e.startActor(b, a, event, ktime)
	attrs.PutStr(schema.VigilSyscallName, kernel.SyscallName(kind))
	attrs.PutInt(schema.VigilSyscallReturn, ret)
	// EINPROGRESS is a non-blocking connect's normal "started" result.
	if ret < 0 && !(kind == kernel.SyscallConnect && -ret == int64(unix.EINPROGRESS)) {
		attrs.PutStr(schema.ErrorType, linuxnames.Errno(int(-ret)))
	}
	return lr, attrs
}

// startActor appends a record with the actor's context only.
func (e *Encoder) startActor(b *Batch, a Actor, event string, ktime uint64) (plog.LogRecord, pcommon.Map) {
	lr := e.start(b, a.workload(), event, ktime)
	attrs := lr.Attributes()
	if a.Process != nil {
		e.putProcess(attrs, a.Process)
	} else {
		attrs.PutInt(schema.ProcessPID, int64(a.PID))
		attrs.PutBool(schema.VigilContextIncomplete, true)
	}
	return lr, attrs
}

// outcome is how a body ends: "" on success, " failed: EACCES" otherwise.
func outcome(ret int64) string {
	if ret >= 0 {
		return ""
	}
	return " failed: " + linuxnames.Errno(int(-ret))
}

// joined is how a body lists flags: " A|B", or "" for none.
func joined(flags []string) string {
	if len(flags) == 0 {
		return ""
	}
	return " " + strings.Join(flags, "|")
}

func putStrings(attrs pcommon.Map, key string, values []string) {
	s := attrs.PutEmptySlice(key)
	s.EnsureCapacity(len(values))
	for _, v := range values {
		s.AppendEmpty().SetStr(v)
	}
}

// putFileOf writes string s of ev as file.path, with its name and
// directory, and returns the path as the process gave it.
func (e *Encoder) putFileOf(attrs pcommon.Map, ev *kernel.Syscall, s *kernel.Str) string {
	path, truncated := ev.Text(s)
	return e.putFile(attrs, path, truncated)
}

// putFile writes file.path with its name and directory, and returns the
// path as the process gave it.
func (e *Encoder) putFile(attrs pcommon.Map, path []byte, truncated bool) string {
	if len(path) == 0 {
		return ""
	}
	p := string(path)
	if escape.Needed(p) { // each on its own: the name alone may be clean
		e.putText(attrs, schema.FilePath, p)
		e.putText(attrs, schema.FileName, filepath.Base(p))
		e.putText(attrs, schema.FileDirectory, filepath.Dir(p))
	} else {
		attrs.PutStr(schema.FilePath, p)
		attrs.PutStr(schema.FileName, filepath.Base(p))
		attrs.PutStr(schema.FileDirectory, filepath.Dir(p))
	}
	if truncated {
		attrs.PutBool(schema.VigilFilePathTruncated, true)
	}
	return p
}

// putTarget writes the process a ptrace, a process_vm_writev or an open of
// a /proc/<pid>/ file acted on, and returns how a body names it and its
// pid on the host. The call names it by its number in the caller's pid
// namespace: for a caller in a container it is found by that namespace and
// number.
func (e *Encoder) putTarget(attrs pcommon.Map, caller Actor, pid uint32) (name string, hostPID uint32) {
	var t *proctable.Process
	if c := caller.Process; c != nil && c.VPID != 0 && c.VPID != c.PID {
		t = e.Table.FindVPID(c.Namespaces.PID, pid)
	} else {
		t = e.Table.Get(pid, 0)
	}
	if t != nil {
		pid = t.PID
	}
	return e.putTargetProcess(attrs, t, pid), pid
}

// putHostTarget writes a target process the kernel named by its pid in the
// initial pid namespace (a pidfd's).
func (e *Encoder) putHostTarget(attrs pcommon.Map, pid uint32) string {
	return e.putTargetProcess(attrs, e.Table.Get(pid, 0), pid)
}

// putTargetProcess writes the target t (nil when unknown), whose pid on
// the host is pid, and returns how a body names it.
func (e *Encoder) putTargetProcess(attrs pcommon.Map, t *proctable.Process, pid uint32) string {
	attrs.PutInt(schema.VigilTargetPID, int64(pid))
	if t == nil {
		return "pid " + strconv.FormatUint(uint64(pid), 10)
	}
	attrs.PutStr(schema.VigilTargetExecID, t.ExecID)
	if t.Exe != "" {
		e.putImageText(attrs, &t.Image, schema.VigilTargetExecutablePath, t.Exe)
	}
	if cmd := t.CommandLine(); cmd != "" {
		e.putImageText(attrs, &t.Image, schema.VigilTargetCommandLine, cmd)
	}
	return Actor{Process: t, PID: pid}.name()
}
