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
	switch kernel.SyscallKind(ev.Kind) {
	case kernel.SyscallOpen: // (path, flags, mode)
		return uint32(ev.Args[1]), uint32(ev.Args[2])
	case kernel.SyscallCreat: // (path, mode)
		return creatFlags, uint32(ev.Args[1])
	default: // openat (dirfd, path, flags, mode); openat2's how, read by the probe
		return uint32(ev.Args[2]), uint32(ev.Args[3])
	}
}

// chmodMode finds a chmod's new mode in its arguments.
func chmodMode(ev *kernel.Syscall) uint32 {
	switch kernel.SyscallKind(ev.Kind) {
	case kernel.SyscallChmod, kernel.SyscallFchmod: // (path|fd, mode)
		return uint32(ev.Args[1])
	default: // fchmodat(2) (dirfd, path, mode[, flags])
		return uint32(ev.Args[2])
	}
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
		path := putFile(attrs, ev.Str[0], ev.StrTruncated(0))
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
		path := putFile(attrs, ev.Str[0], ev.StrTruncated(0))
		body = fmt.Sprintf("unlink %s by %s%s", path, a.name(), outcome(ev.Ret))
	case schema.FileRename:
		// file.path is where the file ends up; the old path is kept beside it.
		path := putFile(attrs, ev.Str[1], ev.StrTruncated(1))
		old := putPath(attrs, schema.VigilFileOldPath, ev.Str[0])
		body = fmt.Sprintf("rename %s → %s by %s%s", old, path, a.name(), outcome(ev.Ret))
	case schema.FileChmod:
		path := putFile(attrs, ev.Str[0], ev.StrTruncated(0))
		mode := chmodMode(ev)
		attrs.PutStr(schema.FileMode, linuxnames.FileMode(mode))
		bits := linuxnames.ModeBits(mode)
		putStrings(attrs, schema.VigilFileModeBits, bits)
		body = fmt.Sprintf("chmod %s %s by %s%s", linuxnames.FileMode(mode), path, a.name(), outcome(ev.Ret))
	case schema.FileLink:
		path := putFile(attrs, ev.Str[0], ev.StrTruncated(0))
		target := string(ev.Str[1])
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
