// Package e2e runs the ocb-built otelcol-vigil against real sinks; `make e2e`
// builds everything it needs and runs it.
package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

func marker() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "vigile2e" + hex.EncodeToString(b)
}

// TestProcessEventsReachVictoriaLogs runs ebpf receiver → otlphttp exporter →
// VictoriaLogs and finds the exec and exit records of commands it ran there.
func TestProcessEventsReachVictoriaLogs(t *testing.T) {
	harness.RequireE2E(t)
	vl := harness.StartVictoriaLogs(t)
	metricsPort := harness.FreePort(t)
	config, err := filepath.Abs("testdata/ebpf-to-victorialogs.yaml")
	require.NoError(t, err)
	harness.StartCollector(t, config, []string{
		"VIGIL_E2E_LOGS_ENDPOINT=" + vl.LogsEndpoint(),
		"VIGIL_E2E_METRICS_PORT=" + strconv.Itoa(metricsPort),
	})

	m := marker()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	require.NoError(t, err)
	sh := exec.Command("/bin/sh", "-c", "/bin/echo "+m+" --token=s3cr3t >/dev/null; exit 5")
	sh.Dir = dir
	require.Error(t, sh.Run())
	shPID := strconv.Itoa(sh.Process.Pid)
	shell, err := filepath.EvalSymlinks("/bin/sh")
	require.NoError(t, err)
	echo, err := filepath.EvalSymlinks("/bin/echo")
	require.NoError(t, err)

	execs := vl.WaitFor(t, fmt.Sprintf(`event_name:="process.exec" process.executable.name:="echo" process.command_line:~%q`, m), 1, 60*time.Second)
	require.Len(t, execs, 1)
	e := execs[0]
	assert.Equal(t, fmt.Sprintf(`["/bin/echo","%s","--token=****"]`, m), e["process.command_args"])
	assert.Equal(t, echo, e["process.executable.path"])
	assert.Equal(t, shPID, e["process.parent_pid"])
	assert.Equal(t, shell, e["vigil.process.parent.executable.path"])
	assert.Equal(t, dir, e["process.working_directory"])
	assert.Equal(t, "0", e["process.user.id"])
	assert.Equal(t, "linux", e["os.type"])
	hostname, _ := os.Hostname()
	assert.Equal(t, hostname, e["host.name"])
	assert.Contains(t, e["_msg"], "exec /bin/echo "+m)
	assert.NotEmpty(t, e["vigil.process.exec_id"])

	exits := vl.WaitFor(t, fmt.Sprintf(`event_name:="process.exit" process.pid:=%s process.command_line:~%q`, shPID, m), 1, 30*time.Second)
	x := exits[0]
	assert.Equal(t, "5", x["process.exit.code"])
	assert.Equal(t, shell, x["process.executable.path"])
	assert.NotEmpty(t, x["vigil.process.lifetime"])

	all := vl.WaitFor(t, fmt.Sprintf(`%q`, "s3cr3t"), 0, time.Second)
	assert.Empty(t, all, "the secret never reaches the backend")

	// The receiver's self-telemetry is exported by the collector.
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", metricsPort))
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), `otelcol_receiver_ebpf_events_received{event_name="process.exec"`)
	assert.Contains(t, string(body), "otelcol_receiver_ebpf_process_cache_size")
}
