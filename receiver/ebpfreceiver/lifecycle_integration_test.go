package ebpfreceiver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadata"

	"github.com/vigil-sensor/vigil/internal/testenv"
)

// openPTY returns a pseudo-terminal pair: the controller and the path of its
// terminal side.
func openPTY(t *testing.T) (*os.File, string) {
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { ptmx.Close() })
	unlock := 0
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock)))
	require.Zero(t, errno)
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	require.NoError(t, err)
	return ptmx, fmt.Sprintf("/dev/pts/%d", n)
}

func TestCommandOnATerminalIsInteractive(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	startReceiver(t, c.sink, nil)
	m := marker(t)

	ptmx, ptsPath := openPTY(t)
	pts, err := os.OpenFile(ptsPath, os.O_RDWR, 0)
	require.NoError(t, err)
	defer pts.Close()
	cmd := exec.Command("/bin/echo", m)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = pts, pts, pts
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	require.NoError(t, cmd.Run())
	_ = ptmx

	r := c.waitFor(t, "exec on a terminal", isExecOf("echo", m))
	assert.Equal(t, true, r.Attrs["process.interactive"])
	assert.Equal(t, strings.TrimPrefix(ptsPath, "/dev/"), r.Attrs["vigil.process.tty"])
}

func TestForkRecordsAndOwnActivity(t *testing.T) {
	requireRoot(t)
	m := marker(t)
	run := func(excludeSelf bool) []record {
		c := newCollector()
		cfg := createDefaultConfig()
		cfg.ExcludeSelf = excludeSelf
		cfg.Process.Fork = true
		cfg.Batch.Timeout = 50 * time.Millisecond
		r, err := NewFactory().CreateLogs(context.Background(), receivertest.NewNopSettings(metadata.Type), cfg, c.sink)
		require.NoError(t, err)
		require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
		sh := exec.Command("/bin/sh", "-c", "(/bin/echo "+m+"); true")
		require.NoError(t, sh.Run())
		// The subshell is a fork of sh that runs sh's image.
		c.waitFor(t, "fork of the subshell", func(r record) bool {
			return r.Event == "process.fork" && r.Attrs["process.parent_pid"] == int64(sh.Process.Pid) &&
				r.Attrs["process.executable.name"] == shellName(t)
		})
		c.waitFor(t, "exec of echo", isExecOf("echo", m))
		require.NoError(t, r.Shutdown(context.Background()))
		return c.all()
	}
	forkedBySelf := func(records []record) int {
		n := 0
		for _, r := range records {
			if r.Event == "process.fork" && r.Attrs["process.parent_pid"] == int64(os.Getpid()) {
				n++
			}
		}
		return n
	}
	assert.Zero(t, forkedBySelf(run(true)), "the collector's own forks are dropped in the kernel")
	assert.NotZero(t, forkedBySelf(run(false)), "with exclude_self off they are reported")
}

// refusingConsumer refuses every batch with a retryable error while closed.
type refusingConsumer struct {
	open atomic.Bool
	sink *consumertest.LogsSink
}

func (r *refusingConsumer) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }
func (r *refusingConsumer) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	if !r.open.Load() {
		return errors.New("memory limit reached (test)")
	}
	return r.sink.ConsumeLogs(ctx, ld)
}

func TestLossIsCountedAndReportedNotSilent(t *testing.T) {
	requireRoot(t)
	c := newCollector()
	refusing := &refusingConsumer{sink: c.sink}
	startReceiver(t, refusing, func(cfg *Config) {
		cfg.RingBufferSize = 64 << 10
		cfg.Batch.MaxSize = 16
		cfg.LossReportInterval = time.Second
	})
	m := marker(t)

	// While the pipeline refuses data the receiver holds its batch and stops
	// reading; the ring fills and the kernel counts what it cannot write.
	const spawned = 600
	for i := 0; i < spawned; i++ {
		require.NoError(t, exec.Command("/bin/true", m).Run())
	}
	refusing.open.Store(true)

	var lostExec int64
	require.Eventually(t, func() bool {
		lostExec = 0
		for _, r := range c.all() {
			if r.Event == "sensor.loss" && r.Attrs["vigil.loss.event_name"] == "process.exec" {
				lostExec += r.Attrs["vigil.loss.count"].(int64)
				assert.Equal(t, "ring_buffer_full", r.Attrs["vigil.loss.reason"])
			}
		}
		return lostExec > 0
	}, 15*time.Second, 50*time.Millisecond, "no sensor.loss record for process.exec")

	time.Sleep(1500 * time.Millisecond) // the last loss report and batch
	received := int64(0)
	for _, r := range c.all() {
		if isExecOf("true", m)(r) {
			received++
		}
	}
	// Every exec either arrived or was counted lost (other processes' execs
	// may be among the lost, hence at least).
	assert.GreaterOrEqual(t, received+lostExec, int64(spawned), "received %d, lost %d", received, lostExec)
	assert.Less(t, received, int64(spawned), "the ring was meant to overflow")
}

func TestStartFailsClearlyWithoutPrivileges(t *testing.T) {
	testenv.Integration(t)
	if os.Getenv("VIGIL_UNPRIVILEGED_CHILD") == "" && os.Geteuid() == 0 {
		// Re-run this test as nobody with no capabilities.
		dir := t.TempDir()
		require.NoError(t, os.Chmod(dir, 0o755))
		bin := filepath.Join(dir, "ebpfreceiver.test")
		self, err := os.Executable()
		require.NoError(t, err)
		data, err := os.ReadFile(self)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(bin, data, 0o755))
		cmd := exec.Command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
			"--inh-caps=-all", "--bounding-set=-all", bin, "-test.run=^TestStartFailsClearlyWithoutPrivileges$", "-test.v")
		cmd.Env = append(os.Environ(), "VIGIL_UNPRIVILEGED_CHILD=1")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		assert.Contains(t, string(out), "--- PASS: TestStartFailsClearlyWithoutPrivileges")
		return
	}
	r, err := NewFactory().CreateLogs(context.Background(), receivertest.NewNopSettings(metadata.Type), createDefaultConfig(), consumertest.NewNop())
	require.NoError(t, err)
	err = r.Start(context.Background(), componenttest.NewNopHost())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "lacks CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH")
	assert.Contains(t, err.Error(), "run it as root (sudo) or grant CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH and CAP_SYS_RESOURCE")
	require.NoError(t, r.Shutdown(context.Background()))
}

func TestStartFailsClearlyOnAMissingBTFFile(t *testing.T) {
	requireRoot(t)
	cfg := createDefaultConfig()
	cfg.BTFPath = "/nonexistent/vmlinux.btf"
	r, err := NewFactory().CreateLogs(context.Background(), receivertest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
	require.NoError(t, err)
	err = r.Start(context.Background(), componenttest.NewNopHost())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "loading btf_path /nonexistent/vmlinux.btf")
}

// bpfFDs counts this process's file descriptors for BPF objects and links.
func bpfFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	require.NoError(t, err)
	n := 0
	for _, e := range entries {
		target, _ := os.Readlink(filepath.Join("/proc/self/fd", e.Name()))
		if strings.HasPrefix(target, "anon_inode:bpf") || target == "anon_inode:[perf_event]" {
			n++
		}
	}
	return n
}

func TestShutdownDetachesEverything(t *testing.T) {
	requireRoot(t)
	before := bpfFDs(t)
	r, err := NewFactory().CreateLogs(context.Background(), receivertest.NewNopSettings(metadata.Type), createDefaultConfig(), consumertest.NewNop())
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	assert.Greater(t, bpfFDs(t), before+3, "programs, maps and links are open while running")
	require.NoError(t, r.Shutdown(context.Background()))
	assert.Equal(t, before, bpfFDs(t), "every program, map and link is closed")
	require.NoError(t, r.Shutdown(context.Background()), "a second shutdown is harmless")
}
