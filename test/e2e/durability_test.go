package e2e

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

// TestFindingsToVictoriaLogsSurviveACrash: with the OTLP exporter's
// sending queue in file_storage, findings made while VictoriaLogs is down
// are kept on disk; the collector is killed (SIGKILL: nothing flushed),
// started again on the same storage, VictoriaLogs comes back, and every
// finding made before the kill is stored, each one by its process.
func TestFindingsToVictoriaLogsSurviveACrash(t *testing.T) {
	harness.RequireE2E(t)
	vl := harness.StartVictoriaLogs(t)
	vl.Stop(t) // the backend is away from the start
	config, err := filepath.Abs("testdata/detection-to-victorialogs-durable.yaml")
	require.NoError(t, err)
	storage := t.TempDir()
	start := func() (*harness.Process, int) {
		port := harness.FreePort(t)
		return harness.StartCollector(t, config, []string{
			"VIGIL_E2E_LOGS_ENDPOINT=" + vl.LogsEndpoint(),
			"VIGIL_E2E_STORAGE=" + storage,
			"VIGIL_E2E_METRICS_PORT=" + strconv.Itoa(port),
		}), port
	}
	collector, metricsPort := start()

	// Other processes on the machine may read /etc/shadow too: count from
	// what the processor has matched so far.
	matched := regexp.MustCompile(`(?m)^otelcol_processor_detection_matches\{rule="VGL-CRED-001"\} (\d+)$`)
	count := func() int {
		m := matched.FindStringSubmatch(collectorMetrics(t, metricsPort))
		if m == nil {
			return 0
		}
		n, err := strconv.Atoi(m[1])
		require.NoError(t, err)
		return n
	}
	before := count()

	const n = 5
	mark, dir := marker(), t.TempDir()
	pids := map[string]bool{}
	for i := range n {
		pids[strconv.Itoa(readShadow(t, dir, fmt.Sprintf("%s-%d", mark, i)))] = true
	}
	require.Eventually(t, func() bool { return count() >= before+n }, 60*time.Second, 200*time.Millisecond,
		"the detection processor matched the %d reads", n)
	// The processor counts a match before it passes the finding on; the
	// exporter's queue writes it to disk within that call. A moment more
	// for the last one.
	time.Sleep(time.Second)
	require.NoError(t, collector.Cmd.Process.Kill())
	<-collector.Done

	start()
	vl.Start(t)
	found := vl.WaitFor(t, fmt.Sprintf(`security_rule.uuid:="VGL-CRED-001" process.command_line:%q`, mark), n, 90*time.Second)
	stored := map[string]bool{}
	for _, f := range found {
		stored[f["process.pid"]] = true
	}
	assert.Equal(t, pids, stored, "every finding made before the kill")
}
