package records

import (
	"path/filepath"
	"strconv"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
)

// unsetID is the value the kernel uses for "no login uid / session".
const unsetID = ^uint32(0)

// bodyCommandMax bounds the command line quoted in a record's body; the full
// one is in process.command_line.
const bodyCommandMax = 160

// Encoder writes records for kernel events. It is not safe for concurrent use.
type Encoder struct {
	Table         *proctable.Table
	Clock         *kernel.Clock
	AncestryDepth int
	// WatchCategories names the watch category ids of file records; nil
	// names none.
	WatchCategories func(id uint16) string

	ancestors []*proctable.Process // scratch, reused across records
	// escaped marks the record being written: a value of it was written
	// in escaped form (text.go).
	escaped bool
}

// start appends a record to the workload's resource and fills what every
// record has.
func (e *Encoder) start(b *Batch, workload containerid.Info, event string, ktime uint64) plog.LogRecord {
	lr := b.Append(workload)
	e.escaped = false
	lr.SetEventName(event)
	lr.SetTimestamp(pcommon.NewTimestampFromTime(e.Clock.Wall(ktime)))
	lr.SetObservedTimestamp(pcommon.NewTimestampFromTime(time.Now()))
	lr.SetSeverityNumber(plog.SeverityNumberInfo)
	lr.SetSeverityText("INFO")
	return lr
}

// putProcess writes the process context every record carries: who the
// process is, what it runs, as whom, and its lineage, from the cache.
func (e *Encoder) putProcess(attrs pcommon.Map, p *proctable.Process) {
	attrs.PutInt(schema.ProcessPID, int64(p.PID))
	attrs.PutInt(schema.ProcessParentPID, int64(p.PPID))
	if p.VPID != 0 && p.VPID != p.PID {
		attrs.PutInt(schema.ProcessVPID, int64(p.VPID))
	}
	attrs.PutStr(schema.VigilExecID, p.ExecID)
	img := &p.Image
	if p.Exe != "" {
		e.putImageText(attrs, img, schema.ProcessExecutablePath, p.Exe)
		e.putImageText(attrs, img, schema.ProcessExecutableName, filepath.Base(p.Exe))
	}
	if p.Name != "" {
		e.putImageText(attrs, img, schema.VigilProcessName, p.Name)
	}
	if len(p.Args) > 0 {
		e.putImageText(attrs, img, schema.ProcessCommandLine, p.CommandLine())
	}
	if p.StartNS != 0 {
		attrs.PutStr(schema.ProcessCreationTime, p.CreationTime(e.formatTime))
	}
	e.putIDs(attrs, &p.Creds)
	attrs.PutBool(schema.ProcessInteractive, p.TTY != "")
	if p.TTY != "" {
		e.putImageText(attrs, img, schema.VigilTTY, p.TTY)
	}
	if p.Exe == "" { // found in /proc unreadable, or forked by a process never seen
		attrs.PutBool(schema.VigilContextIncomplete, true)
	}
	e.putLineage(attrs, p)
}

// putImage writes what exec records add: the full argv and the state the
// image started with (working directory, cgroup, namespaces, capabilities),
// which later records do not repeat because it may have changed since.
func (e *Encoder) putImage(attrs pcommon.Map, p *proctable.Process) {
	img := &p.Image
	if len(p.Args) > 0 {
		e.putTexts(attrs, schema.ProcessCommandArgs, p.Args, img.Printable())
		attrs.PutInt(schema.ProcessArgsCount, int64(len(p.Args)))
	}
	if p.ArgsTruncated {
		attrs.PutBool(schema.VigilCommandLineTruncated, true)
	}
	if p.Cwd != "" {
		e.putImageText(attrs, img, schema.ProcessWorkingDirectory, p.Cwd)
	}
	if p.Filename != "" && p.Filename != p.Exe {
		e.putImageText(attrs, img, schema.VigilExecFilename, p.Filename)
	}
	if p.Script != "" {
		e.putImageText(attrs, img, schema.VigilScriptPath, p.Script)
	}
	if p.Cgroup != "" {
		e.putImageText(attrs, img, schema.ProcessLinuxCgroup, p.Cgroup)
	}
	putNamespaces(attrs, &p.Namespaces)
	// An effective id other than the real one right after exec: a set-uid
	// (or set-gid) binary raised the privileges.
	if p.Creds.EUID != p.Creds.UID {
		attrs.PutBool(schema.VigilExecSetuid, true)
	}
	if p.Creds.EGID != p.Creds.GID {
		attrs.PutBool(schema.VigilExecSetgid, true)
	}
	if p.Drift {
		attrs.PutBool(schema.VigilExecDrift, true)
	}
	putCapabilities(attrs, schema.VigilCapabilitiesEffective, p.Creds.CapEffective)
	putCapabilities(attrs, schema.VigilCapabilitiesPermitted, p.Creds.CapPermitted)
}

func (e *Encoder) putIDs(attrs pcommon.Map, c *proctable.Creds) {
	attrs.PutInt(schema.ProcessUserID, int64(c.EUID))
	attrs.PutInt(schema.ProcessRealUserID, int64(c.UID))
	attrs.PutInt(schema.ProcessSavedUserID, int64(c.SUID))
	attrs.PutInt(schema.VigilGroupID, int64(c.EGID))
	attrs.PutInt(schema.VigilRealGroupID, int64(c.GID))
	attrs.PutInt(schema.VigilSavedGroupID, int64(c.SGID))
	if c.LoginUID != unsetID {
		attrs.PutInt(schema.VigilLoginUserID, int64(c.LoginUID))
	}
	if c.SessionID != unsetID && c.SessionID != 0 {
		attrs.PutInt(schema.VigilAuditSessionID, int64(c.SessionID))
	}
}

func putNamespaces(attrs pcommon.Map, ns *proctable.Namespaces) {
	for _, n := range [...]struct {
		key   string
		inode uint32
	}{
		{schema.VigilNamespacePID, ns.PID},
		{schema.VigilNamespaceMnt, ns.Mnt},
		{schema.VigilNamespaceNet, ns.Net},
		{schema.VigilNamespaceUser, ns.User},
		{schema.VigilNamespaceUTS, ns.UTS},
		{schema.VigilNamespaceIPC, ns.IPC},
		{schema.VigilNamespaceCgroup, ns.Cgroup},
	} {
		if n.inode != 0 {
			attrs.PutInt(n.key, int64(n.inode))
		}
	}
}

// putLineage writes the parent's identity and the ancestry chain.
func (e *Encoder) putLineage(attrs pcommon.Map, p *proctable.Process) {
	if p.ParentExecID != "" {
		attrs.PutStr(schema.VigilParentExecID, p.ParentExecID)
	}
	if parent := e.Table.Parent(p); parent != nil {
		img := &parent.Image
		if parent.Exe != "" {
			e.putImageText(attrs, img, schema.VigilParentExecutablePath, parent.Exe)
			e.putImageText(attrs, img, schema.VigilParentExecutableName, filepath.Base(parent.Exe))
		}
		if parent.Name != "" {
			e.putImageText(attrs, img, schema.VigilParentName, parent.Name)
		}
		if len(parent.Args) > 0 {
			e.putImageText(attrs, img, schema.VigilParentCommandLine, parent.CommandLine())
		}
	}
	e.ancestors = e.Table.Ancestors(e.ancestors[:0], p, e.AncestryDepth)
	if len(e.ancestors) == 0 {
		return
	}
	pids := attrs.PutEmptySlice(schema.VigilAncestorsPID)
	pids.EnsureCapacity(len(e.ancestors))
	named := false
	for _, a := range e.ancestors {
		pids.AppendEmpty().SetInt(int64(a.PID))
		named = named || a.Name != ""
	}
	e.putAncestorTexts(attrs, schema.VigilAncestorsExecutable, ancestorExe)
	if named { // rules match servers by name wherever their binary lives
		e.putAncestorTexts(attrs, schema.VigilAncestorsName, ancestorName)
	}
}

func ancestorExe(a *proctable.Process) string  { return a.Exe }
func ancestorName(a *proctable.Process) string { return a.Name }

// formatTime renders a boot-clock time as semantic conventions want
// timestamps in attributes: RFC 3339 in UTC.
func (e *Encoder) formatTime(bootNS uint64) string {
	return e.Clock.Wall(bootNS).UTC().Format(time.RFC3339Nano)
}

// displayName is how a body names a process: its executable, or its pid.
func displayName(p *proctable.Process) string {
	if p == nil {
		return "unknown process"
	}
	if p.Exe != "" {
		return p.Exe
	}
	return "pid " + strconv.FormatUint(uint64(p.PID), 10)
}

// quoteCommand shortens a command line for a body, without splitting a
// UTF-8 sequence.
func quoteCommand(s string) string {
	if len(s) <= bodyCommandMax {
		return s
	}
	cut := bodyCommandMax
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
