package proctable

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"
)

// tickNS is the length of a USER_HZ clock tick, the unit of start times in
// /proc/<pid>/stat. USER_HZ is 100 on every Linux architecture.
const tickNS = 10_000_000

// ProcReader builds process entries from a procfs mount.
type ProcReader struct {
	// Root is the procfs mount, normally /proc (a host's /proc mounted
	// elsewhere when the collector runs in a container without hostPID).
	Root string
	// CgroupV2 selects the unified hierarchy's line in /proc/<pid>/cgroup,
	// as the BPF programs do; otherwise the memory controller's.
	CgroupV2 bool
	// Redact masks secrets in argv.
	Redact func([]string) []string
}

// PIDs lists the process ids in Root.
func (r *ProcReader) PIDs() ([]uint32, error) {
	entries, err := os.ReadDir(r.Root)
	if err != nil {
		return nil, fmt.Errorf("listing processes in %s: %w", r.Root, err)
	}
	pids := make([]uint32, 0, len(entries))
	for _, e := range entries {
		if pid, err := strconv.ParseUint(e.Name(), 10, 32); err == nil {
			pids = append(pids, uint32(pid))
		}
	}
	return pids, nil
}

// Read builds the entry of one running process. It fails when the process
// is gone (or is a kernel thread, which has no image worth caching).
func (r *ProcReader) Read(pid uint32) (*Process, error) {
	dir := filepath.Join(r.Root, strconv.FormatUint(uint64(pid), 10))
	stat, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return nil, err
	}
	p := &Process{PID: pid, VPID: pid, FromProc: true}
	ttyNr, err := parseStat(stat, p)
	if err != nil {
		return nil, fmt.Errorf("%s/stat: %w", dir, err)
	}
	p.TTY = ttyName(ttyNr)
	status, err := os.ReadFile(filepath.Join(dir, "status"))
	if err != nil {
		return nil, err
	}
	parseStatus(status, p)

	cmdline, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
	if len(cmdline) == 0 {
		return nil, errors.New("kernel thread or zombie")
	}
	p.Args = SplitArgs(cmdline)
	comm, _ := os.ReadFile(filepath.Join(dir, "comm"))
	p.Name = procName(string(comm), p.Args)
	if r.Redact != nil {
		p.Args = r.Redact(p.Args)
	}
	p.Exe, _ = os.Readlink(filepath.Join(dir, "exe"))
	p.Cwd, _ = os.Readlink(filepath.Join(dir, "cwd"))
	if cg, err := os.ReadFile(filepath.Join(dir, "cgroup")); err == nil {
		p.Cgroup = containerid.FromProcCgroup(cg, r.CgroupV2)
	}
	p.Creds.LoginUID = readID(filepath.Join(dir, "loginuid"))
	p.Creds.SessionID = readID(filepath.Join(dir, "sessionid"))
	p.Namespaces = Namespaces{
		PID:    nsInode(dir, "pid"),
		Mnt:    nsInode(dir, "mnt"),
		Net:    nsInode(dir, "net"),
		User:   nsInode(dir, "user"),
		UTS:    nsInode(dir, "uts"),
		IPC:    nsInode(dir, "ipc"),
		Cgroup: nsInode(dir, "cgroup"),
	}
	p.Container = containerid.InferOf(p.Cgroup, p.Namespaces.PID)
	return p, nil
}

// SplitArgs splits a NUL-separated argv (as in /proc/<pid>/cmdline and the
// kernel's exec records) into its arguments.
func SplitArgs(raw []byte) []string {
	raw = bytes.TrimSuffix(raw, []byte{0})
	if len(raw) == 0 {
		return nil
	}
	n := bytes.Count(raw, []byte{0}) + 1
	args := make([]string, 0, n)
	for arg := range bytes.SplitSeq(raw, []byte{0}) {
		args = append(args, string(arg))
	}
	return args
}

// parseStat reads ppid, tty and start time from /proc/<pid>/stat. The command
// name (field 2) may hold spaces and parentheses, so fields are counted
// from the last ')'.
func parseStat(stat []byte, p *Process) (ttyNr uint64, err error) {
	end := bytes.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, errors.New("no command name")
	}
	f := strings.Fields(string(stat[end+1:]))
	// f[0] is field 3 (state): ppid is field 4, tty_nr 7, starttime 22.
	if len(f) < 20 {
		return 0, fmt.Errorf("%d fields", len(f)+2)
	}
	ppid, err1 := strconv.ParseUint(f[1], 10, 32)
	tty, err2 := strconv.ParseUint(f[4], 10, 64)
	start, err3 := strconv.ParseUint(f[19], 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return 0, err
	}
	p.PPID = uint32(ppid)
	p.StartNS = start * tickNS
	return tty, nil
}

// parseStatus reads ids, capabilities and the namespaced pid from /proc/<pid>/status.
func parseStatus(status []byte, p *Process) {
	for line := range bytes.SplitSeq(status, []byte{'\n'}) {
		key, val, ok := bytes.Cut(line, []byte{':'})
		if !ok {
			continue
		}
		f := strings.Fields(string(val))
		switch string(key) {
		case "Uid":
			if len(f) >= 3 {
				p.Creds.UID, p.Creds.EUID, p.Creds.SUID = atou(f[0]), atou(f[1]), atou(f[2])
			}
		case "Gid":
			if len(f) >= 3 {
				p.Creds.GID, p.Creds.EGID, p.Creds.SGID = atou(f[0]), atou(f[1]), atou(f[2])
			}
		case "CapEff":
			p.Creds.CapEffective = atox(f)
		case "CapPrm":
			p.Creds.CapPermitted = atox(f)
		case "NSpid": // one pid per nested namespace, innermost last
			if len(f) > 0 {
				p.VPID = atou(f[len(f)-1])
			}
		}
	}
}

func atou(s string) uint32 {
	n, _ := strconv.ParseUint(s, 10, 32)
	return uint32(n)
}

func atox(f []string) uint64 {
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.ParseUint(f[0], 16, 64)
	return n
}

// unsetID is the kernel's "no login uid / no session" (-1), which is also
// what an unreadable file (a kernel without CONFIG_AUDIT) means.
const unsetID = ^uint32(0)

func readID(path string) uint32 {
	b, err := os.ReadFile(path)
	if err != nil {
		return unsetID
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 32)
	if err != nil {
		return unsetID
	}
	return uint32(n)
}

// nsInode reads the inode from a namespace link such as "net:[4026531840]".
func nsInode(dir, ns string) uint32 {
	link, err := os.Readlink(filepath.Join(dir, "ns", ns))
	if err != nil {
		return 0
	}
	open := strings.IndexByte(link, '[')
	if open < 0 || !strings.HasSuffix(link, "]") {
		return 0
	}
	return atou(link[open+1 : len(link)-1])
}
