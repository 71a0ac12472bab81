package records

import (
	"fmt"
	"path/filepath"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/linuxnames"
)

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

// File writes a file.open, file.unlink, file.rename, file.chmod or file.link
// record for a watched path. category names the watch list entry matched.
func (e *Encoder) File(b *Batch, a Actor, ev *kernel.Syscall, category string) {
	kind := kernel.SyscallKind(ev.Kind)
	var event string
	switch kernel.EventType(ev.Hdr.Type) {
	case kernel.TypeFileOpen:
		event = schema.FileOpen
	case kernel.TypeFileUnlink:
		event = schema.FileUnlink
	case kernel.TypeFileRename:
		event = schema.FileRename
	case kernel.TypeFileChmod:
		event = schema.FileChmod
	case kernel.TypeFileLink:
		event = schema.FileLink
	default:
		return
	}
	lr, attrs := e.startSyscall(b, a, event, ev.Hdr.KtimeNs, kind, ev.Ret)
	if category != "" {
		attrs.PutStr(schema.VigilFileWatchCategory, category)
	}
	var body string
	switch event {
	case schema.FileOpen:
		flags, mode := openFlagsAndMode(ev)
		path := putFileOf(attrs, ev, strPath)
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
		body = fmt.Sprintf("open %s (%s) by %s%s", path, how, a.name(), outcome(ev.Ret))
	case schema.FileUnlink:
		path := putFileOf(attrs, ev, strPath)
		body = fmt.Sprintf("unlink %s by %s%s", path, a.name(), outcome(ev.Ret))
	case schema.FileRename:
		// file.path is where the file ends up; the old path is kept beside it.
		path := putFileOf(attrs, ev, strNewPath)
		old := putPath(attrs, schema.VigilFileOldPath, text(ev, strOldPath))
		body = fmt.Sprintf("rename %s → %s by %s%s", old, path, a.name(), outcome(ev.Ret))
	case schema.FileChmod:
		path := putFileOf(attrs, ev, strPath)
		mode := uint32(arg(ev, argMode))
		attrs.PutStr(schema.FileMode, linuxnames.FileMode(mode))
		bits := linuxnames.ModeBits(mode)
		putStrings(attrs, schema.VigilFileModeBits, bits)
		body = fmt.Sprintf("chmod %s %s by %s%s", linuxnames.FileMode(mode), path, a.name(), outcome(ev.Ret))
	case schema.FileLink:
		path := putFileOf(attrs, ev, strPath)
		target := string(text(ev, strTarget))
		if kind == kernel.SyscallSymlink || kind == kernel.SyscallSymlinkat {
			attrs.PutStr(schema.VigilFileLinkType, "symbolic")
			attrs.PutStr(schema.FileSymbolicLinkTargetPath, target)
			body = fmt.Sprintf("symlink %s → %s by %s%s", path, target, a.name(), outcome(ev.Ret))
		} else {
			attrs.PutStr(schema.VigilFileLinkType, "hard")
			attrs.PutStr(schema.VigilFileLinkTargetPath, target)
			body = fmt.Sprintf("link %s → %s by %s%s", path, target, a.name(), outcome(ev.Ret))
		}
	}
	lr.Body().SetStr(body)
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

func putPath(attrs pcommon.Map, key string, path []byte) string {
	if len(path) == 0 {
		return ""
	}
	attrs.PutStr(key, string(path))
	return string(path)
}
