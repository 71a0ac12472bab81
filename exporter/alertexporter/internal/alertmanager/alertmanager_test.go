package alertmanager_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/alertmanager"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
)

var by = []string{"security_rule.uuid", "k8s.namespace.name"}

func TestLabelsOfAPodFinding(t *testing.T) {
	f := findingtest.Finding(findingtest.ReverseShellInPod())
	assert.Equal(t, map[string]string{
		"alertname":     "Shell connected to a remote port",
		"rule_id":       "VGL-NET-001",
		"severity":      "critical",
		"tactic":        "TA0011",
		"technique":     "T1095",
		"cluster":       "prod-eu",
		"namespace":     "shop",
		"workload_kind": "Deployment",
		"workload":      "web",
		"node":          "node-1",
	}, alertmanager.Labels(f, by))
}

func TestLabelsOfAHostFinding(t *testing.T) {
	f := findingtest.Finding(findingtest.ShadowRead())
	labels := alertmanager.Labels(f, append(by, "process.pid", "host.name"))
	assert.Equal(t, map[string]string{
		"alertname":   "Shadow password file read outside the login stack",
		"rule_id":     "VGL-CRED-001",
		"severity":    "high",
		"tactic":      "TA0006",
		"technique":   "T1003.008",
		"host":        "web-01",
		"process_pid": "48377", // a group_by attribute the labels did not say
	}, labels)
}

func TestAnnotations(t *testing.T) {
	a := alertmanager.Annotations(findingtest.Finding(findingtest.ShadowRead()))
	assert.Equal(t, "open /etc/shadow (read) by cat (pid 48377)", a["summary"])
	assert.Equal(t, "48377", a["pid"])
	assert.Equal(t, "cat /etc/shadow", a["command_line"])
	assert.Equal(t, "cat(48377) ← bash(48190) ← sshd-session(48100) ← sshd(1023)", a["process_tree"])
	assert.Equal(t, "/etc/shadow", a["file"])
	assert.Equal(t, "68", a["risk_score"])
	assert.Equal(t, "cloud.provider", a["risk_reasons"])
	assert.Equal(t, "https://attack.mitre.org/techniques/T1003/008/", a["technique_url"])
	assert.NotContains(t, a, "peer")
	assert.NotContains(t, a, "rules", "one rule matched")
	assert.NotContains(t, a, "repeats")

	ld := findingtest.ReverseShellInPod()
	findingtest.Record(ld).Attributes().PutInt("vigil.finding.count", 41)
	a = alertmanager.Annotations(findingtest.Finding(ld))
	assert.Equal(t, "[2001:db8::7]:4444", a["peer"])
	assert.Equal(t, "VGL-NET-001, VGL-EXEC-001", a["rules"])
	assert.Equal(t, "9f3c1b7e2a4d6c8e0b1a3f5d7c9e2b4a6d8f0c1e3a5b7d9f2c4e6a8b0d1f3e5a", a["container_id"])
	assert.Equal(t, "web-7d9f-abcde", a["pod"])
	assert.Equal(t, "41", a["repeats"])
}

// A storm in one batch is one alert: it starts with the first finding,
// ends resolve_after after the last, and says what the last one did.
func TestOneAlertPerLabelSet(t *testing.T) {
	t0 := findingtest.At
	var findings []alertmanager.Finding
	for i := range 5 {
		ld := findingtest.Repeat(findingtest.ShadowRead(), int64(100+i), t0.Add(time.Duration(i)*time.Second))
		findings = append(findings, alertmanager.Finding{Finding: findingtest.Finding(ld), Link: "http://logs/" + string(rune('a'+i))})
	}
	findings = append(findings, alertmanager.Finding{Finding: findingtest.Finding(findingtest.ReverseShellInPod())})
	// Out of order: the batch's order is not the events'.
	findings[1], findings[4] = findings[4], findings[1]

	alerts, of := alertmanager.Alerts(findings, alertmanager.Options{GroupBy: by, ResolveAfter: 15 * time.Minute})
	require.Len(t, alerts, 2)
	shadow := alerts[0]
	assert.Equal(t, t0, shadow.StartsAt)
	assert.Equal(t, t0.Add(4*time.Second+15*time.Minute), shadow.EndsAt)
	assert.Equal(t, "104", shadow.Annotations["pid"], "the last finding's")
	assert.Equal(t, "http://logs/e", shadow.GeneratorURL)
	assert.Equal(t, [][]int{{0, 1, 2, 3, 4}, {5}}, of)
	assert.Equal(t, "VGL-NET-001", alerts[1].Labels["rule_id"])
}

func TestLabelName(t *testing.T) {
	for attr, want := range map[string]string{
		"process.pid":            "process_pid",
		"k8s.pod.label.app-tier": "k8s_pod_label_app_tier",
		"9lives":                 "_lives",
		"a9":                     "a9",
	} {
		assert.Equal(t, want, alertmanager.LabelName(attr))
	}
}
