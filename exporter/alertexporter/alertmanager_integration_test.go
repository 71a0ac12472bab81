package alertexporter

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/internal/testenv"
	"github.com/vigil-sensor/vigil/test/harness"
)

// amConfig posts to a real Alertmanager through the default queue, with
// one consumer so findings arrive in order.
func amConfig(am *harness.Alertmanager, resolveAfter time.Duration) *Config {
	cfg := createDefaultConfig().(*Config)
	cfg.Format = FormatAlertmanager
	cfg.ClientConfig.Endpoint = am.Base
	cfg.ResolveAfter = resolveAfter
	cfg.GeneratorURL = victoriaLogsLink
	cfg.QueueConfig.Get().NumConsumers = 1
	return cfg
}

// TestARealAlertmanager drives the exporter into a real Alertmanager on
// loopback: the alerts it holds carry the documented labels and
// annotations, and a storm of one finding in one place is one alert that
// starts with the first finding and ends resolve_after after the last.
func TestARealAlertmanager(t *testing.T) {
	testenv.Integration(t)
	am := harness.StartAlertmanager(t)
	e, _ := start(t, amConfig(am, time.Hour))

	// A storm of one finding on one host, each occurrence another cat, and
	// a finding in a pod.
	t0 := time.Now().Truncate(time.Millisecond) // Alertmanager keeps milliseconds
	var last time.Time
	for i := range 20 {
		last = t0.Add(time.Duration(i) * 10 * time.Millisecond)
		require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.Repeat(findingtest.ShadowRead(), int64(48000+i), last)))
	}
	require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.Repeat(findingtest.ReverseShellInPod(), 5120, t0)))

	lastOfStorm := func(a harness.Alert) bool {
		return a.Labels["rule_id"] == "VGL-CRED-001" && a.Annotations["pid"] == "48019"
	}
	a := am.WaitForAlerts(t, lastOfStorm, 1, 10*time.Second)[0]
	inPod := harness.Labelled(map[string]string{
		"alertname": "Shell connected to a remote port", "rule_id": "VGL-NET-001", "severity": "critical",
		"tactic": "TA0011", "technique": "T1095", "cluster": "prod-eu", "namespace": "shop",
		"workload_kind": "Deployment", "workload": "web", "node": "node-1",
	})
	pod := am.WaitForAlerts(t, inPod, 1, 10*time.Second)[0]
	all, err := am.Alerts(context.Background())
	require.NoError(t, err)
	assert.Len(t, all, 2, "the storm is one alert: %+v", all)

	assert.Equal(t, map[string]string{
		"alertname": "Shadow password file read outside the login stack",
		"rule_id":   "VGL-CRED-001",
		"severity":  "high",
		"tactic":    "TA0006",
		"technique": "T1003.008",
		"host":      "web-01",
	}, a.Labels)
	for name, want := range map[string]string{
		"summary":       "open /etc/shadow (read) by cat (pid 48377)",
		"command_line":  "cat /etc/shadow",
		"process_tree":  "cat(48019) ← bash(48190) ← sshd-session(48100) ← sshd(1023)",
		"file":          "/etc/shadow",
		"risk_score":    "68",
		"risk_reasons":  "cloud.provider",
		"description":   "/etc/shadow or /etc/gshadow (or their backups) was opened for reading by a program that is not part of logging in or managing accounts.",
		"technique_url": "https://attack.mitre.org/techniques/T1003/008/",
	} {
		assert.Equal(t, want, a.Annotations[name], name)
	}
	assert.Equal(t, fmt.Sprintf("http://127.0.0.1:9428/select/vmui/#/?query=security_rule.uuid%%3A%%3D%%22VGL-CRED-001%%22+process.pid%%3A%%3D%d", 48019), a.GeneratorURL)
	assert.Equal(t, "active", a.Status.State)
	assert.Equal(t, t0, a.StartsAt.Local(), "the storm's first finding")
	assert.Equal(t, last.Add(time.Hour), a.EndsAt.Local(), "resolve_after after its last")

	for name, want := range map[string]string{
		"peer":         "[2001:db8::7]:4444",
		"pod":          "web-7d9f-abcde",
		"container":    "web",
		"container_id": "9f3c1b7e2a4d6c8e0b1a3f5d7c9e2b4a6d8f0c1e3a5b7d9f2c4e6a8b0d1f3e5a",
		"rules":        "VGL-NET-001, VGL-EXEC-001",
		"risk_score":   "95",
	} {
		assert.Equal(t, want, pod.Annotations[name], name)
	}
}

// TestAlertsResolve: with nothing more found, an alert resolves
// resolve_after after its last finding, and Alertmanager stops serving it
// (its v2 API lists only alerts whose end has not passed).
func TestAlertsResolve(t *testing.T) {
	testenv.Integration(t)
	am := harness.StartAlertmanager(t)
	e, _ := start(t, amConfig(am, 2*time.Second))

	at := time.Now().Truncate(time.Millisecond)
	require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.Repeat(findingtest.ShadowRead(), 48377, at)))
	shadow := harness.Labelled(map[string]string{"rule_id": "VGL-CRED-001"})
	a := am.WaitForAlerts(t, shadow, 1, 10*time.Second)[0]
	assert.Equal(t, "active", a.Status.State)
	assert.Equal(t, 2*time.Second, a.EndsAt.Sub(a.StartsAt))

	am.WaitForNoAlerts(t, shadow, 15*time.Second)
	assert.False(t, time.Now().Before(at.Add(2*time.Second)), "resolved, not before resolve_after")
}
