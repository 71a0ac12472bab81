package ebpfreceiver

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// initPIDNamespace is the inode number of the initial pid namespace, which
// the kernel fixes (PROC_PID_INIT_INO, include/linux/proc_ns.h).
const initPIDNamespace = 0xEFFFFFFC

// hostPID is the collector's process id as the kernel's programs number it,
// read from the procfs at procPath: what exclude_self must exclude.
//
// The programs compare self_tgid with bpf_get_current_pid_tgid, which
// numbers a process in the initial pid namespace whatever namespace it runs
// in; os.Getpid numbers it in its own. In a container without the host's pid
// namespace the two differ (os.Getpid is often 1), and excluding os.Getpid
// would keep the collector's records and drop another process's.
//
// A procfs numbers processes in the pid namespace it was mounted for, and
// its "self" link is the reader's number there (the kernel makes it
// task_tgid_nr_ns of the reader in that namespace; there is none when the
// reader lives outside it). NSpid in <procPath>/self/status would say no
// more: its first field is the same number, in the same namespace. That is
// the number sought exactly when the procfs is the initial namespace's. A
// procfs shows only processes of its namespace and of namespaces nested in
// it, and the initial namespace is nested in none, so any process it shows
// in the initial namespace proves it: the collector itself (on the host,
// with hostPID), or else the procfs's pid 1, which is its namespace's init,
// or pid 2, which on a host is kthreadd (for when pid 1 hides its namespace
// from the collector). Anything else — the collector's own /proc in a
// container, the procfs of a nested host such as a kind node — numbers
// nothing as the programs do, and is an error.
func hostPID(procPath string) (uint32, error) {
	self, err := os.Readlink(filepath.Join(procPath, "self"))
	if err != nil {
		return 0, fmt.Errorf("reading the collector's pid in %s: %w", procPath, err)
	}
	pid, err := strconv.ParseUint(self, 10, 32)
	if err != nil || pid == 0 {
		return 0, fmt.Errorf("%s/self is %q, not a pid", procPath, self)
	}
	var seen []string
	for _, proc := range [...]string{"self", "1", "2"} {
		link := filepath.Join(procPath, proc, "ns", "pid")
		ns, err := os.Readlink(link)
		if err != nil {
			seen = append(seen, err.Error())
			continue
		}
		if inode, ok := namespaceInode(ns); ok && inode == initPIDNamespace {
			return uint32(pid), nil
		}
		seen = append(seen, link+" is "+ns)
	}
	return 0, fmt.Errorf("%s is not the host's procfs: none of its processes the collector could read is in the initial pid namespace "+
		"(pid:[%d]): %s; set proc_path to the host's /proc mounted in the container, or run in the host's pid namespace (hostPID)",
		procPath, uint64(initPIDNamespace), strings.Join(seen, "; "))
}

// namespaceInode reads the inode from a namespace link: "pid:[4026531836]".
func namespaceInode(link string) (uint64, bool) {
	rest, ok := strings.CutPrefix(link, "pid:[")
	if !ok {
		return 0, false
	}
	digits, ok := strings.CutSuffix(rest, "]")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	return n, err == nil
}
