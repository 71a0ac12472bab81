package ebpfreceiver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/receiver/receivertest"

	"github.com/vigil-sensor/vigil/internal/testenv"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadata"
)

// requireRoot marks a test that loads BPF programs (testenv.Privileged).
func requireRoot(t *testing.T) {
	t.Helper()
	testenv.Privileged(t)
}

// marker returns a string unique to this test run, to pick our own
// processes out of everything else the host runs.
func marker(t *testing.T) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "vigil-test-" + hex.EncodeToString(b)
}

// record is one received log record with its resource.
type record struct {
	Resource map[string]any
	Event    string
	Body     string
	Attrs    map[string]any
}

// startReceiver runs the receiver with the default config, changed by
// mutate, until the test ends, and returns what it emits.
func startReceiver(t *testing.T, next consumer.Logs, mutate func(*Config)) {
	t.Helper()
	cfg := createDefaultConfig()
	cfg.Batch.Timeout = 50 * time.Millisecond
	// Process events only, unless the test asks for more: attaching to
	// every traced syscall (and detaching) takes seconds.
	disableSyscallGroups(cfg)
	if mutate != nil {
		mutate(cfg)
	}
	require.NoError(t, cfg.Validate())
	r, err := NewFactory().CreateLogs(context.Background(), receivertest.NewNopSettings(metadata.Type), cfg, next)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, r.Shutdown(context.Background())) })
}

// collector gathers records from a LogsSink as plain maps.
type collector struct {
	sink *consumertest.LogsSink
	mu   sync.Mutex
}

func newCollector() *collector { return &collector{sink: new(consumertest.LogsSink)} }

func (c *collector) all() []record {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []record
	for _, logs := range c.sink.AllLogs() {
		out = appendRecords(out, logs)
	}
	return out
}

func appendRecords(out []record, logs plog.Logs) []record {
	for _, rl := range logs.ResourceLogs().All() {
		res := rl.Resource().Attributes().AsRaw()
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				out = append(out, record{Resource: res, Event: lr.EventName(), Body: lr.Body().AsString(), Attrs: lr.Attributes().AsRaw()})
			}
		}
	}
	return out
}

// waitFor returns the first record matching pred, failing after a timeout.
func (c *collector) waitFor(t *testing.T, what string, pred func(record) bool) record {
	t.Helper()
	var found record
	require.Eventually(t, func() bool {
		for _, r := range c.all() {
			if pred(r) {
				found = r
				return true
			}
		}
		return false
	}, 10*time.Second, 20*time.Millisecond, "no record: %s", what)
	return found
}

// isExecOf matches the exec record of the executable named name whose argv
// contains arg.
func isExecOf(name, arg string) func(record) bool {
	return func(r record) bool {
		return r.Event == "process.exec" && r.Attrs["process.executable.name"] == name &&
			argsContain(r.Attrs["process.command_args"], arg)
	}
}

// waiting starts a shell, tagged with arg, that runs until its stdin closes.
func waiting(t *testing.T, arg string) (*exec.Cmd, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command("/bin/sh", "-c", "read line", arg)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = stdin.Close(); _ = cmd.Wait() })
	return cmd, stdin
}

func argsContain(v any, arg string) bool {
	args, _ := v.([]any)
	for _, a := range args {
		if a == arg {
			return true
		}
	}
	return false
}

func pidOf(r record) int64 { return r.Attrs["process.pid"].(int64) }

// shellName is the executable name /bin/sh resolves to (dash on Debian).
func shellName(t *testing.T) string {
	p, err := filepath.EvalSymlinks("/bin/sh")
	require.NoError(t, err)
	return filepath.Base(p)
}

func disableSyscallGroups(cfg *Config) {
	cfg.Network.Enabled, cfg.DNS.Enabled, cfg.Files.Enabled = false, false, false
	cfg.Memory.Enabled, cfg.Privileges.Enabled, cfg.Kernel.Enabled = false, false, false
}

func enableAllGroups(cfg *Config) {
	cfg.Network.Enabled, cfg.DNS.Enabled, cfg.Files.Enabled = true, true, true
	cfg.Memory.Enabled, cfg.Privileges.Enabled, cfg.Kernel.Enabled = true, true, true
}
