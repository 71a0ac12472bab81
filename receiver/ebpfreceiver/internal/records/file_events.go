package records

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/linuxnames"
)

// The encoders of the file records (types.go): opens, unlinks, renames,
// chmods, links and mkdirs of watched paths, set-id chmods and directories
// made under the root.

// creatFlags are the open flags creat(2) implies: it has no flags argument.
const creatFlags = unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC

// openFlagsAndMode finds an open's flags and creation mode in its arguments.
func openFlagsAndMode(ev *kernel.Syscall) (flags, mode uint32) {
	f, ok := ev.Arg(argFlags)
	if !ok {
		f = creatFlags
	}
	return uint32(f), uint32(arg(ev, argMode))
}

// startFile starts a file record with the watch category that matched,
// if one did (a set-id chmod or a mkdir under "/" may match none).
func (e *Encoder) startFile(b *Batch, a Actor, ev *kernel.Syscall, event string) (plog.LogRecord, pcommon.Map) {
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kernel.SyscallKind(ev.Kind), ev.Ret)
	if e.WatchCategories != nil {
		if category := e.WatchCategories(ev.WatchCategory); category != "" {
			attrs.PutStr(schema.VigilFileWatchCategory, category)
		}
	}
	return lr, attrs
}

func (e *Encoder) fileOpen(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startFile(b, a, ev, event)
	flags, mode := openFlagsAndMode(ev)
	path := e.putFileOf(attrs, ev, strPath)
	if pid, ok := procPID(path); ok {
		_, target := e.putTarget(attrs, a, pid)
		attrs.PutBool(schema.VigilTargetSelf, target == a.PID)
	}
	intent := linuxnames.OpenIntent(flags)
	putStrings(attrs, schema.VigilFileOpenIntent, intent)
	putStrings(attrs, schema.VigilFileOpenFlags, linuxnames.OpenFlags(flags))
	if flags&unix.O_CREAT != 0 { // the mode a new file gets
		attrs.PutStr(schema.FileMode, linuxnames.FileMode(mode))
	}
	how := strings.Join(intent, ",")
	if how == "" {
		how = "path only" // O_PATH: neither read nor write
	}
	e.setBody(lr, fmt.Sprintf("open %s (%s) by %s%s", path, how, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) fileUnlink(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startFile(b, a, ev, event)
	path := e.putFileOf(attrs, ev, strPath)
	e.setBody(lr, fmt.Sprintf("unlink %s by %s%s", path, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) fileRename(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startFile(b, a, ev, event)
	// file.path is where the file ends up; the old path is kept beside it.
	path := e.putFileOf(attrs, ev, strNewPath)
	old := e.putPath(attrs, schema.VigilFileOldPath, text(ev, strOldPath))
	e.setBody(lr, fmt.Sprintf("rename %s → %s by %s%s", old, path, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) fileChmod(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startFile(b, a, ev, event)
	path := e.putFileOf(attrs, ev, strPath)
	mode := uint32(arg(ev, argMode))
	attrs.PutStr(schema.FileMode, linuxnames.FileMode(mode))
	putStrings(attrs, schema.VigilFileModeBits, linuxnames.ModeBits(mode))
	e.setBody(lr, fmt.Sprintf("chmod %s %s by %s%s", linuxnames.FileMode(mode), path, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) fileLink(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startFile(b, a, ev, event)
	path := e.putFileOf(attrs, ev, strPath)
	target := string(text(ev, strTarget))
	if kind := kernel.SyscallKind(ev.Kind); kind == kernel.SyscallSymlink || kind == kernel.SyscallSymlinkat {
		attrs.PutStr(schema.VigilFileLinkType, "symbolic")
		e.putText(attrs, schema.FileSymbolicLinkTargetPath, target)
		e.setBody(lr, fmt.Sprintf("symlink %s → %s by %s%s", path, target, a.name(), outcome(ev.Ret)))
		return
	}
	attrs.PutStr(schema.VigilFileLinkType, "hard")
	e.putText(attrs, schema.VigilFileLinkTargetPath, target)
	e.setBody(lr, fmt.Sprintf("link %s → %s by %s%s", path, target, a.name(), outcome(ev.Ret)))
}

func (e *Encoder) fileMkdir(b *Batch, a Actor, ev *kernel.Syscall, event string) {
	lr, attrs := e.startFile(b, a, ev, event)
	dir, truncated := ev.Text(strPath)
	// "mkdir /x/" is a mkdir of /x: its name is x, its directory /.
	if len(dir) > 1 {
		dir = bytes.TrimRight(dir, "/")
	}
	path := e.putFile(attrs, dir, truncated)
	attrs.PutStr(schema.FileMode, linuxnames.FileMode(uint32(arg(ev, argMode))))
	e.setBody(lr, fmt.Sprintf("mkdir %s by %s%s", path, a.name(), outcome(ev.Ret)))
}

// procPID is the process a path under /proc/<pid>/ belongs to, by its
// number in the /proc the caller sees.
func procPID(path string) (uint32, bool) {
	rest, ok := strings.CutPrefix(path, "/proc/")
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "/")
	if !ok || digits == "" {
		return 0, false
	}
	pid, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || digits[0] == '0' {
		return 0, false
	}
	return uint32(pid), true
}

// moduleName is what a module file is called without its extensions
// ("nf_tables.ko.zst" → "nf_tables").
func moduleName(path string) string {
	name := filepath.Base(path)
	if i := strings.Index(name, ".ko"); i > 0 {
		return name[:i]
	}
	return name
}

// putPath writes a path other than file.path, when there is one, and
// returns it as the process gave it.
func (e *Encoder) putPath(attrs pcommon.Map, key string, path []byte) string {
	if len(path) == 0 {
		return ""
	}
	p := string(path)
	e.putText(attrs, key, p)
	return p
}
