// Package proctable is the receiver's process cache: what every running (and
// recently exited) process is executing, who its parent is, and which
// container it runs in. It is filled from /proc at start and kept current by
// fork, exec and exit records, so records of any type can be joined to their
// process and its ancestry without reading /proc on the hot path.
package proctable

import (
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/vigil-sensor/vigil/internal/escape"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
)

// Namespaces are the inode numbers of a process's Linux namespaces.
type Namespaces struct {
	PID, Mnt, Net, User, UTS, IPC, Cgroup uint32
}

// Creds are a process's user and group ids and capability sets.
type Creds struct {
	UID, EUID, SUID uint32
	GID, EGID, SGID uint32
	LoginUID        uint32 // 4294967295 when unset
	SessionID       uint32
	CapEffective    uint64
	CapPermitted    uint64
}

// Image is what a process executes: everything exec sets, which a forked
// child inherits unchanged.
type Image struct {
	Exe           string
	Args          []string // redacted
	ArgsTruncated bool
	Cwd           string
	Filename      string // the path given to execve; differs from Exe for scripts and symlinks
	// Name is what the process was started as: Filename's last component
	// (ExecName), or for a process found in /proc its comm.
	Name string
	// Script is the file a script interpreter runs (ScriptPath); "" for
	// any other program. Known only from an exec.
	Script     string
	TTY        string // "pts/3"; "" when the process has no controlling terminal
	Cgroup     string
	Container  containerid.Info
	Creds      Creds
	Namespaces Namespaces
	// Drift is set by the sensor at exec: the executable's inode changed
	// after the process's container started (not what the image shipped).
	Drift bool

	commandLine string // Args joined, computed on first use
	printable   uint8  // Printable's answer + 1, 0 until asked
}

// CommandLine is argv joined by spaces, computed once per image: every
// record of the process and of its children repeats it.
func (img *Image) CommandLine() string {
	if img.commandLine == "" && len(img.Args) > 0 {
		img.commandLine = strings.Join(img.Args, " ")
	}
	return img.commandLine
}

// Printable tells whether every string of the image can be written as it
// is, with nothing to escape (escape.Needed), checked once per image: every
// record of the process and of its children repeats them, and almost every
// image passes.
func (img *Image) Printable() bool {
	if img.printable == 0 {
		img.printable = 1
		if img.needsEscape() {
			img.printable = 2
		}
	}
	return img.printable == 1
}

func (img *Image) needsEscape() bool {
	for _, s := range [...]string{img.Exe, img.Cwd, img.Filename, img.Name, img.Script, img.TTY, img.Cgroup} {
		if escape.Needed(s) {
			return true
		}
	}
	return slices.ContainsFunc(img.Args, escape.Needed)
}

// Process is one cache entry. Entries are shared: callers must not modify them.
type Process struct {
	PID     uint32
	PPID    uint32
	VPID    uint32
	StartNS uint64 // CLOCK_BOOTTIME ns of the fork that created it
	// ExecID identifies this process image uniquely across pid reuse and hosts.
	ExecID       string
	ParentExecID string
	Image
	// ExitedNS is the CLOCK_BOOTTIME of its exit, 0 while it runs. Exited
	// entries stay for the retention period so late records still resolve.
	ExitedNS uint64
	// FromProc marks an entry built from /proc rather than from kernel records.
	FromProc bool

	creationTime string // StartNS formatted, computed on first use

	lru lruLinks
}

// CreationTime is the start time as format renders it, computed once.
func (p *Process) CreationTime(format func(bootNS uint64) string) string {
	if p.creationTime == "" && p.StartNS != 0 {
		p.creationTime = format(p.StartNS)
	}
	return p.creationTime
}

// execID derives a stable identifier from the host's boot id, the pid and the
// boot-clock time at which this image started (its exec, fork or, for a
// process found in /proc, its start). The boot id makes it unique across
// hosts and reboots; the time makes it unique across pid reuse.
func execID(bootID string, pid uint32, ns uint64) string {
	h := fnv.New128a()
	h.Write([]byte(bootID))
	var b [12]byte
	binary.LittleEndian.PutUint32(b[0:4], pid)
	binary.LittleEndian.PutUint64(b[4:12], ns)
	h.Write(b[:])
	var sum [16]byte
	return base64.RawURLEncoding.EncodeToString(h.Sum(sum[:0]))
}
