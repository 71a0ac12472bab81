package ebpfreceiver

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The subtests of TestEventCatalog for packet and raw sockets,
// userfaultfd, personality, clones into namespaces, setns targets, the new
// mount API, io_uring setups and 32-bit syscalls.

// recordsOf returns, once the process has exited (so its records are in),
// every record of the event it made.
func (k *catalog) recordsOf(t *testing.T, event string, pid int64) []record {
	t.Helper()
	k.c.waitFor(t, fmt.Sprintf("the exit of pid %d", pid), forPID("process.exit", pid))
	var out []record
	for _, r := range k.c.all() {
		if forPID(event, pid)(r) {
			out = append(out, r)
		}
	}
	return out
}

func (k *catalog) testSockets(t *testing.T) {
	facts := runAction(t, "sockets")
	pid := factInt(facts, "pid")
	for _, s := range []struct{ family, typ, protocol, network string }{
		{"AF_PACKET", "SOCK_RAW", "ETH_P_ALL", ""},
		{"AF_PACKET", "SOCK_DGRAM", "ETH_P_ARP", ""},
		{"AF_INET", "SOCK_RAW", "IPPROTO_ICMP", "ipv4"},
		{"AF_INET6", "SOCK_RAW", "IPPROTO_ICMPV6", "ipv6"},
	} {
		r := k.actionRecord(t, "network.socket", facts, func(r record) bool {
			return r.Attrs["vigil.socket.family"] == s.family && r.Attrs["vigil.socket.protocol"] == s.protocol
		})
		assert.Equal(t, s.typ, r.Attrs["vigil.socket.type"], s.family)
		assert.Equal(t, "socket", r.Attrs["vigil.syscall.name"])
		assert.Greater(t, r.Attrs["vigil.syscall.return_value"], int64(0), "a descriptor")
		assert.NotContains(t, r.Attrs, "error.type")
		if s.network != "" {
			assert.Equal(t, s.network, r.Attrs["network.type"])
		} else {
			assert.NotContains(t, r.Attrs, "network.type")
		}
		assert.Equal(t, fmt.Sprintf("socket %s %s %s by actions (pid %d)", s.family, s.typ, s.protocol, pid), r.Body)
	}
	assert.Len(t, k.recordsOf(t, "network.socket", pid), 4, "TCP, UDP, netlink and unix sockets are not reported")

	denied := runAction(t, "sockets", "65534")
	assert.Equal(t, int64(unix.EPERM), factInt(denied, "errno"))
	r := k.actionRecord(t, "network.socket", denied, nil)
	assert.Equal(t, "AF_PACKET", r.Attrs["vigil.socket.family"])
	assert.Equal(t, "EPERM", r.Attrs["error.type"])
	assert.Equal(t, -int64(unix.EPERM), r.Attrs["vigil.syscall.return_value"])
	assert.Equal(t, int64(65534), r.Attrs["process.user.id"])
}

func (k *catalog) testUserfaultfd(t *testing.T) {
	for _, c := range []struct {
		user, flags string
		uid         int64
		names       []any
	}{
		{"-", "cloexec,nonblock", 0, []any{"O_NONBLOCK", "O_CLOEXEC"}},
		// Unprivileged: allowed for user-mode faults only (Linux 5.11 and
		// later)...
		{"65534", "user-mode-only,cloexec", 65534, []any{"UFFD_USER_MODE_ONLY", "O_CLOEXEC"}},
		// ...and refused otherwise, unless vm.unprivileged_userfaultfd is 1.
		{"65534", "cloexec", 65534, []any{"O_CLOEXEC"}},
	} {
		facts := runAction(t, "userfaultfd", c.user, c.flags)
		r := k.actionRecord(t, "memory.userfaultfd", facts, nil)
		assert.Equal(t, c.names, r.Attrs["vigil.userfaultfd.flags"], c.flags)
		assert.Equal(t, c.uid, r.Attrs["vigil.syscall.user.id"], "the caller's euid, read by the kernel")
		result := fmt.Sprintf(" as uid %d", c.uid)
		if errno := factInt(facts, "errno"); errno != 0 {
			assert.Equal(t, -errno, r.Attrs["vigil.syscall.return_value"], c.flags)
			result += " failed: " + unix.ErrnoName(unix.Errno(errno))
		} else {
			assert.Equal(t, factInt(facts, "fd"), r.Attrs["vigil.syscall.return_value"], c.flags)
			assert.NotContains(t, r.Attrs, "error.type")
		}
		names := make([]string, len(c.names))
		for i, n := range c.names {
			names[i] = n.(string)
		}
		assert.Equal(t, fmt.Sprintf("userfaultfd %s by actions (pid %d)%s", strings.Join(names, "|"), factInt(facts, "pid"), result), r.Body)
	}
}

func (k *catalog) testPersonality(t *testing.T) {
	facts := runAction(t, "personality")
	pid := factInt(facts, "pid")
	off := k.actionRecord(t, "process.personality", facts, func(r record) bool {
		return r.Attrs["vigil.syscall.return_value"] == int64(0)
	})
	assert.Equal(t, "PER_LINUX", off.Attrs["vigil.personality.domain"])
	assert.Equal(t, []any{"ADDR_NO_RANDOMIZE"}, off.Attrs["vigil.personality.flags"])
	assert.Equal(t, fmt.Sprintf("personality PER_LINUX ADDR_NO_RANDOMIZE by actions (pid %d)", pid), off.Body)
	restored := k.actionRecord(t, "process.personality", facts, func(r record) bool {
		return r.Attrs["vigil.syscall.return_value"] == int64(0x40000)
	})
	assert.Equal(t, []any{}, restored.Attrs["vigil.personality.flags"])
	assert.Len(t, k.recordsOf(t, "process.personality", pid), 2, "the query and the repeated persona change nothing")
}

func (k *catalog) testCloneNamespaces(t *testing.T) {
	facts := runAction(t, "clone-ns")
	pid := factInt(facts, "pid")
	for _, c := range []struct {
		syscall string
		flags   []any
	}{
		{"clone", []any{"CLONE_NEWNS", "CLONE_NEWUSER"}},
		{"clone3", []any{"CLONE_NEWUTS", "CLONE_NEWIPC"}},
	} {
		child := factInt(facts, c.syscall)
		r := k.actionRecord(t, "kernel.clone_namespaces", facts, func(r record) bool {
			return r.Attrs["vigil.syscall.name"] == c.syscall
		})
		assert.Equal(t, c.flags, r.Attrs["vigil.namespace.flags"], c.syscall)
		assert.Equal(t, child, r.Attrs["vigil.syscall.return_value"], c.syscall)
		assert.Equal(t, child, r.Attrs["vigil.target.process.pid"], c.syscall)
		assert.Equal(t, k.actions, r.Attrs["vigil.target.process.executable.path"], "the child runs its parent's image")
	}
	assert.Len(t, k.recordsOf(t, "kernel.clone_namespaces", pid), 2, "the plain fork and the runtime's threads are not reported")
}

func (k *catalog) testSetnsTargets(t *testing.T) {
	// The host's namespaces are pid 1's. Where pid 1 lets no one open its
	// namespace files (some VMs' init), this test's own process, on the
	// host, is in the same namespaces.
	host := 1
	if fd, err := unix.Open("/proc/1/ns/mnt", unix.O_RDONLY|unix.O_CLOEXEC, 0); err == nil {
		unix.Close(fd)
	} else {
		require.ErrorIs(t, err, unix.EACCES)
		host = os.Getpid()
	}
	m := marker(t)
	facts := runAction(t, "setns-targets", strconv.Itoa(host), m)
	require.Zero(t, factInt(facts, "forked_errno"), "the forked child's setns")

	forked := factInt(facts, "forked")
	r := k.c.waitFor(t, "the forked child's setns", forPID("kernel.setns", forked))
	assert.Equal(t, "CLONE_NEWNS", r.Attrs["vigil.namespace.type"])
	assert.Equal(t, factInt(facts, "host_mnt_inode"), r.Attrs["vigil.namespace.inode"])
	assert.Equal(t, "CLONE_NEWNS", r.Attrs["vigil.namespace.target.type"])
	assert.Equal(t, true, r.Attrs["vigil.namespace.target.host"])
	assert.NotContains(t, r.Attrs, "vigil.target.process.pid")
	assert.Equal(t, fmt.Sprintf("setns CLONE_NEWNS %d (host namespace) by actions (pid %d)", factInt(facts, "host_mnt_inode"), forked), r.Body)

	r = k.actionRecord(t, "kernel.setns", facts, func(r record) bool {
		return r.Attrs["vigil.namespace.type"] == "CLONE_NEWUTS|CLONE_NEWNET"
	})
	assert.Equal(t, int64(host), r.Attrs["vigil.target.process.pid"], "the pidfd's process")
	assert.Equal(t, true, r.Attrs["vigil.namespace.target.host"])
	assert.NotContains(t, r.Attrs, "vigil.namespace.target.type")
	assert.Contains(t, r.Body, "(host namespace)")

	target := factInt(facts, "target")
	r = k.actionRecord(t, "kernel.setns", facts, func(r record) bool { return r.Attrs["vigil.namespace.type"] == "any" })
	assert.Equal(t, "CLONE_NEWUTS", r.Attrs["vigil.namespace.target.type"])
	assert.Equal(t, factInt(facts, "target_uts_inode"), r.Attrs["vigil.namespace.inode"])
	assert.Equal(t, false, r.Attrs["vigil.namespace.target.host"])
	assert.NotContains(t, r.Body, "host namespace")

	r = k.actionRecord(t, "kernel.setns", facts, func(r record) bool {
		return r.Attrs["vigil.namespace.type"] == "CLONE_NEWUTS" && r.Attrs["vigil.target.process.pid"] == target
	})
	assert.Equal(t, false, r.Attrs["vigil.namespace.target.host"])
	assert.Equal(t, realPath(t, "/bin/sh"), r.Attrs["vigil.target.process.executable.path"])
	assert.Equal(t, "/bin/sh -c echo ready; read line "+m, r.Attrs["vigil.target.process.command_line"])
}

func (k *catalog) testMountAPI(t *testing.T) {
	dir := realPath(t, mountableDir(t))
	source := marker(t)
	facts := runAction(t, "mount-api", dir, source)
	pid := factInt(facts, "pid")
	bySyscall := func(name string) func(record) bool {
		return func(r record) bool { return r.Attrs["vigil.syscall.name"] == name }
	}

	r := k.actionRecord(t, "file.mount", facts, bySyscall("fsopen"))
	assert.Equal(t, "tmpfs", r.Attrs["vigil.mount.fstype"])
	assert.Equal(t, []any{"FSOPEN_CLOEXEC"}, r.Attrs["vigil.mount.flags"])
	assert.NotContains(t, r.Attrs, "vigil.mount.source")
	assert.Equal(t, fmt.Sprintf("fsopen tmpfs by actions (pid %d)", pid), r.Body)

	r = k.actionRecord(t, "file.mount", facts, bySyscall("fsmount"))
	assert.Equal(t, source, r.Attrs["vigil.mount.source"], "what fsconfig set, as the kernel keeps it")
	assert.Equal(t, "tmpfs", r.Attrs["vigil.mount.fstype"])
	assert.Equal(t, []any{"MOUNT_ATTR_NOSUID", "MOUNT_ATTR_NODEV"}, r.Attrs["vigil.mount.flags"])
	assert.NotContains(t, r.Attrs, "vigil.mount.target", "not attached yet")
	assert.Equal(t, fmt.Sprintf("fsmount tmpfs %s (detached) by actions (pid %d)", source, pid), r.Body)

	r = k.actionRecord(t, "file.mount", facts, bySyscall("move_mount"))
	assert.Equal(t, source, r.Attrs["vigil.mount.source"])
	assert.Equal(t, dir, r.Attrs["vigil.mount.target"])
	assert.Equal(t, "tmpfs", r.Attrs["vigil.mount.fstype"])
	assert.Equal(t, []any{"MOVE_MOUNT_F_EMPTY_PATH"}, r.Attrs["vigil.mount.flags"])
	assert.Equal(t, int64(0), r.Attrs["vigil.syscall.return_value"])
	assert.Equal(t, fmt.Sprintf("move_mount tmpfs %s on %s by actions (pid %d)", source, dir, pid), r.Body)

	r = k.actionRecord(t, "file.mount", facts, bySyscall("open_tree"))
	assert.Equal(t, dir, r.Attrs["vigil.mount.source"])
	assert.Equal(t, "tmpfs", r.Attrs["vigil.mount.fstype"], "the cloned mount's")
	assert.Equal(t, []any{"OPEN_TREE_CLONE", "OPEN_TREE_CLOEXEC"}, r.Attrs["vigil.mount.flags"])

	opens := 0
	for _, r := range k.recordsOf(t, "file.mount", pid) {
		if r.Attrs["vigil.syscall.name"] == "open_tree" {
			opens++
		}
	}
	assert.Equal(t, 1, opens, "open_tree without OPEN_TREE_CLONE is not reported")
}

func (k *catalog) testIOUring(t *testing.T) {
	facts := runAction(t, "io-uring")
	r := k.actionRecord(t, "kernel.io_uring_setup", facts, nil)
	assert.Equal(t, int64(8), r.Attrs["vigil.io_uring.entries"])
	assert.Equal(t, []any{"IORING_SETUP_CLAMP"}, r.Attrs["vigil.io_uring.flags"])
	assert.Equal(t, factInt(facts, "fd"), r.Attrs["vigil.syscall.return_value"])
	assert.Equal(t, fmt.Sprintf("io_uring_setup 8 entries IORING_SETUP_CLAMP by actions (pid %d)", factInt(facts, "pid")), r.Body)
}

// testCompat makes 32-bit syscalls from a 64-bit process (int 0x80). A
// kernel without IA-32 emulation (built without it, or with it off, as some
// VMs' are) runs no 32-bit code at all: the action then reports that its
// gate faulted, and the test checks that the program is attached and runs
// on every syscall, reporting nothing.
func (k *catalog) testCompat(t *testing.T) {
	stats, err := ebpf.EnableStats(uint32(unix.BPF_STATS_RUN_TIME))
	require.NoError(t, err)
	defer stats.Close()
	if runtime.GOARCH != "amd64" {
		return // only x86-64's 32-bit syscalls are reported; the action has none to make
	}
	before := compatProgramRuns(t)
	facts := runAction(t, "int80")
	pid := factInt(facts, "pid")
	assert.Greater(t, compatProgramRuns(t), before, "the program runs on every syscall")
	if facts["ia32"] != true {
		t.Log("this kernel runs no 32-bit code (IA-32 emulation is off): int 0x80 faulted")
		assert.Empty(t, k.recordsOf(t, "kernel.compat_syscall", pid))
		return
	}
	r := k.actionRecord(t, "kernel.compat_syscall", facts, nil)
	assert.Equal(t, "getpid", r.Attrs["vigil.syscall.name"])
	assert.Equal(t, int64(20), r.Attrs["vigil.syscall.number"])
	assert.NotContains(t, r.Attrs, "vigil.syscall.return_value")
	assert.Equal(t, fmt.Sprintf("32-bit syscall getpid (20) by actions (pid %d)", pid), r.Body)
	assert.Len(t, k.recordsOf(t, "kernel.compat_syscall", pid), 1, "once per process image")
}

// compatProgramRuns is how many times the raw sys_enter program, which
// looks for 32-bit syscalls, has run while BPF statistics were on; 0 when
// it is not loaded.
func compatProgramRuns(t *testing.T) uint64 {
	var runs uint64
	var id ebpf.ProgramID
	for {
		next, err := ebpf.ProgramGetNextID(id)
		if errors.Is(err, os.ErrNotExist) {
			return runs
		}
		require.NoError(t, err)
		id = next
		prog, err := ebpf.NewProgramFromID(id)
		if err != nil {
			continue // unloaded meanwhile
		}
		info, err := prog.Info()
		// The kernel keeps 15 characters of a program's name.
		if err == nil && info.Name != "" && strings.HasPrefix("vigil_raw_enter", info.Name) {
			if st, err := prog.Stats(); err == nil {
				runs += st.RunCount
			}
		}
		prog.Close()
	}
}
