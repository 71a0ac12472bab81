package ebpfreceiver

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadata"
)

// inPIDNamespace is set in the copy of the test binary that
// TestExcludeSelfInItsOwnPIDNamespace runs in a new pid namespace.
const inPIDNamespace = "VIGIL_TEST_IN_PID_NAMESPACE"

// The collector in a pid namespace of its own, as in a pod without hostPID
// that mounts the host's /proc: it is pid 1 there, and the kernel's programs
// know it by its number on the host, which exclude_self must exclude. The
// test binary runs itself in a new pid (and mount) namespace; that copy runs
// the receiver and reports what it excluded, and the parent checks it against
// the pid it started.
func TestExcludeSelfInItsOwnPIDNamespace(t *testing.T) {
	requireRoot(t)
	if os.Getenv(inPIDNamespace) != "" {
		collectorInPIDNamespace(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestExcludeSelfInItsOwnPIDNamespace$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), inPIDNamespace+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWPID | syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	t.Logf("in the pid namespace:\n%s", out)
	require.NoError(t, err)
	assert.Contains(t, string(out), fmt.Sprintf("excluded %d\n", cmd.Process.Pid), "the collector's pid on the host")
}

// collectorInPIDNamespace is the test in the new pid namespace.
func collectorInPIDNamespace(t *testing.T) {
	require.Equal(t, 1, os.Getpid(), "the namespace's init")

	// /proc is still the host's: the collector's number there is the one
	// the programs use.
	excluded, err := hostPID("/proc")
	require.NoError(t, err)
	require.NotEqual(t, uint32(1), excluded)
	fmt.Printf("excluded %d\n", excluded)

	// The receiver excludes it: the fork that starts a shell is not
	// reported, while the shell's own fork of a subshell, which comes after
	// it through the same ring, is; the shell's parent is the collector, by
	// its host pid.
	c := newCollector()
	cfg := createDefaultConfig()
	cfg.Process.Fork = true
	cfg.Batch.Timeout = 50 * time.Millisecond
	disableSyscallGroups(cfg)
	r, err := NewFactory().CreateLogs(context.Background(), receivertest.NewNopSettings(metadata.Type), cfg, c.sink)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, r.Shutdown(context.Background())) }()
	m := marker(t)
	sh := exec.Command("/bin/sh", "-c", "(/bin/echo "+m+"); true")
	require.NoError(t, sh.Run())
	shell := c.waitFor(t, "exec of the shell", func(r record) bool {
		return r.Event == "process.exec" && strings.Contains(fmt.Sprint(r.Attrs["process.command_line"]), m)
	})
	assert.Equal(t, int64(excluded), shell.Attrs["process.parent_pid"], "the shell's parent is the collector")
	c.waitFor(t, "fork of the subshell", func(r record) bool {
		return r.Event == "process.fork" && r.Attrs["process.parent_pid"] == shell.Attrs["process.pid"]
	})
	for _, rec := range c.all() {
		if rec.Event == "process.fork" && rec.Attrs["process.parent_pid"] == int64(excluded) {
			t.Errorf("a fork of the collector was reported: %v", rec.Attrs)
		}
	}

	// A procfs of this namespace numbers it 1, which the programs do not:
	// nothing is excluded rather than the host's pid 1.
	own := t.TempDir()
	require.NoError(t, unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""), "keep the mount from the host")
	require.NoError(t, unix.Mount("proc", own, "proc", 0, ""))
	defer unix.Unmount(own, unix.MNT_DETACH)
	self, err := os.Readlink(own + "/self")
	require.NoError(t, err)
	require.Equal(t, "1", self)
	_, err = hostPID(own)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not the host's procfs")
}
