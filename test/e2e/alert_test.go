package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

// alertCollector is the configuration of the alert tests' collector and
// what it takes from the environment.
type alertCollector struct {
	config, alertmanager, marker, groupBy, storage string
}

func (c alertCollector) start(t *testing.T) (*harness.Process, int) {
	t.Helper()
	metricsPort := harness.FreePort(t)
	p := harness.StartCollector(t, c.config, []string{
		"VIGIL_E2E_ALERTMANAGER=" + c.alertmanager,
		"VIGIL_E2E_MARKER=" + c.marker,
		"VIGIL_E2E_GROUP_BY=" + c.groupBy,
		"VIGIL_E2E_STORAGE=" + c.storage,
		"VIGIL_E2E_METRICS_PORT=" + strconv.Itoa(metricsPort),
	})
	return p, metricsPort
}

func newAlertCollector(t *testing.T, alertmanager, groupBy string) alertCollector {
	t.Helper()
	config, err := filepath.Abs("testdata/detection-to-alertmanager.yaml")
	require.NoError(t, err)
	return alertCollector{config: config, alertmanager: alertmanager, marker: marker(), groupBy: groupBy, storage: t.TempDir()}
}

// readShadow runs `cat /etc/shadow <marker file>`: the built-in pack's
// VGL-CRED-001, with the test's marker in the command line. It returns
// cat's pid.
func readShadow(t *testing.T, dir, name string) int {
	t.Helper()
	file := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	cmd := exec.Command("cat", "/etc/shadow", file)
	cmd.Stdout = io.Discard
	require.NoError(t, cmd.Run())
	return cmd.Process.Pid
}

// TestFindingsBecomeAlerts runs the ocb-built distribution — ebpf →
// detection (the built-in pack, findings only) → alert exporter — into a
// real Alertmanager, reads /etc/shadow with cat, and finds the alert of
// VGL-CRED-001 with its labels and what the process did.
func TestFindingsBecomeAlerts(t *testing.T) {
	harness.RequireE2E(t)
	am := harness.StartAlertmanager(t)
	c := newAlertCollector(t, am.Base, "[security_rule.uuid, host.name]")
	_, metricsPort := c.start(t)

	pid := readShadow(t, t.TempDir(), c.marker)

	host, err := os.Hostname()
	require.NoError(t, err)
	shadow := harness.Labelled(map[string]string{"rule_id": "VGL-CRED-001"})
	a := am.WaitForAlerts(t, shadow, 1, 60*time.Second)[0]
	assert.Equal(t, map[string]string{
		"alertname": "Shadow password file read outside the login stack",
		"rule_id":   "VGL-CRED-001",
		"severity":  "high",
		"tactic":    "TA0006",
		"technique": "T1003.008",
		"host":      host,
	}, a.Labels)
	assert.Equal(t, strconv.Itoa(pid), a.Annotations["pid"])
	assert.Equal(t, "/usr/bin/cat", a.Annotations["executable"])
	assert.True(t, strings.HasPrefix(a.Annotations["command_line"], "cat /etc/shadow "), a.Annotations["command_line"])
	assert.Contains(t, a.Annotations["command_line"], c.marker)
	assert.True(t, strings.HasPrefix(a.Annotations["process_tree"], fmt.Sprintf("cat(%d) ← ", pid)), a.Annotations["process_tree"])
	assert.Equal(t, "/etc/shadow", a.Annotations["file"])
	assert.Equal(t, "file.open", a.Annotations["event"])
	assert.Equal(t, "https://attack.mitre.org/techniques/T1003/008/", a.Annotations["technique_url"])
	assert.NotEmpty(t, a.Annotations["risk_score"])
	assert.Equal(t, "active", a.Status.State)
	assert.Equal(t, time.Hour, a.EndsAt.Sub(a.StartsAt), "resolve_after")

	// The exporter's self-telemetry says so.
	assert.Regexp(t, `(?m)^otelcol_exporter_alert_findings_sent\{format="alertmanager"[^}]*\} 1$`, collectorMetrics(t, metricsPort))
}

// TestAlertsSurviveACrash: with the persistent sending queue
// (file_storage), findings made while Alertmanager is away are kept on
// disk; the collector is killed (SIGKILL: nothing flushed), started again
// on the same storage, Alertmanager comes back, and every finding made
// before the kill arrives, each an alert of its own (group_by the pid).
func TestAlertsSurviveACrash(t *testing.T) {
	harness.RequireE2E(t)
	port := harness.FreePort(t) // Alertmanager's, once it is back
	c := newAlertCollector(t, fmt.Sprintf("http://127.0.0.1:%d", port), "[security_rule.uuid, process.pid]")
	collector, metricsPort := c.start(t)

	const n = 5
	dir := t.TempDir()
	pids := map[string]bool{}
	for i := range n {
		pids[strconv.Itoa(readShadow(t, dir, fmt.Sprintf("%s-%d", c.marker, i)))] = true
	}
	// Every finding is in the queue, on disk, before the kill.
	accepted := regexp.MustCompile(`(?m)^otelcol_exporter_alert_findings_accepted\{format="alertmanager"[^}]*\} (\d+)$`)
	require.Eventually(t, func() bool {
		m := accepted.FindStringSubmatch(collectorMetrics(t, metricsPort))
		return m != nil && m[1] == strconv.Itoa(n)
	}, 60*time.Second, 200*time.Millisecond, "the exporter queued %d findings", n)
	require.NoError(t, collector.Cmd.Process.Kill())
	<-collector.Done

	c.start(t)
	am := harness.StartAlertmanagerOn(t, port)
	ours := func(a harness.Alert) bool {
		return a.Labels["rule_id"] == "VGL-CRED-001" && strings.Contains(a.Annotations["command_line"], c.marker)
	}
	alerts := am.WaitForAlerts(t, ours, n, 60*time.Second)
	delivered := map[string]bool{}
	for _, a := range alerts {
		delivered[a.Labels["process_pid"]] = true
		assert.Equal(t, a.Labels["process_pid"], a.Annotations["pid"])
	}
	assert.Equal(t, pids, delivered, "every finding made before the kill")
}

// collectorMetrics is what the collector's Prometheus endpoint serves.
func collectorMetrics(t *testing.T, port int) string {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port))
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(body)
}
