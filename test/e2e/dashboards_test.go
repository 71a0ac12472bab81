package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

// grafanaPanel is what the test reads of a dashboard panel: its title and
// its VictoriaLogs queries.
type grafanaPanel struct {
	Title   string `json:"title"`
	Type    string `json:"type"`
	Targets []struct {
		Expr         string `json:"expr"`
		QueryType    string `json:"queryType"`
		LegendFormat string `json:"legendFormat"`
	} `json:"targets"`
}

// TestVictoriaLogsDashboardQueriesFindFindings runs every query of
// examples/grafana/vigil-victorialogs.json, as Grafana's VictoriaLogs
// datasource would (its endpoint by queryType, the dashboard's variables
// substituted), against a real VictoriaLogs that the distribution fills
// with the real sensor's records: a read of /etc/shadow and a set-user-ID
// chmod, and sensor.loss records of a real loss (VictoriaLogs stopped, the
// export queue full, the smallest ring overflowed by 600 execs). Each
// panel must show what those actions made.
func TestVictoriaLogsDashboardQueriesFindFindings(t *testing.T) {
	harness.RequireE2E(t)
	started := time.Now()
	vl := harness.StartVictoriaLogs(t)
	config, err := filepath.Abs("testdata/dashboards-to-victorialogs.yaml")
	require.NoError(t, err)
	harness.StartCollector(t, config, []string{"VIGIL_E2E_LOGS_ENDPOINT=" + vl.LogsEndpoint()})

	run(t, "cat", "/etc/shadow")
	helper := filepath.Join(t.TempDir(), "helper")
	run(t, "cp", "/usr/bin/true", helper)
	run(t, "chmod", "u+s", helper)
	me := fmt.Sprintf("process.parent_pid:=%d", os.Getpid())
	vl.WaitFor(t, me+` security_rule.uuid:="VGL-CRED-001"`, 1, 60*time.Second)
	vl.WaitFor(t, me+` security_rule.uuid:="VGL-EVADE-003"`, 1, 60*time.Second)

	vl.Stop(t)
	for range 600 {
		_ = exec.Command("/bin/true").Run()
	}
	vl.Start(t)
	vl.WaitFor(t, `event_name:="sensor.loss"`, 1, 60*time.Second)
	time.Sleep(2 * time.Second) // the rest of the batches held meanwhile

	raw, err := os.ReadFile("../../examples/grafana/vigil-victorialogs.json")
	require.NoError(t, err)
	var board struct {
		Panels []grafanaPanel `json:"panels"`
	}
	require.NoError(t, json.Unmarshal(raw, &board))
	host, err := os.Hostname()
	require.NoError(t, err)

	start, end := started.Add(-time.Minute), time.Now().Add(time.Minute)
	all := map[string]string{"${namespace:regex}": ".*", "${severity:regex}": ".*"}
	checked := 0
	for _, p := range board.Panels {
		if p.Type == "row" {
			continue
		}
		require.Len(t, p.Targets, 1, p.Title)
		q := p.Targets[0]
		t.Run(p.Title, func(t *testing.T) {
			checked++
			expr := substitute(q.Expr, all)
			ctx := context.Background()
			switch q.QueryType {
			case "instant":
				found, err := vl.Query(ctx, expr)
				require.NoError(t, err, expr)
				require.NotEmpty(t, found, expr)
				expectRows(t, p.Title, found)
			case "stats", "statsRange":
				var series []harness.Series
				if q.QueryType == "stats" {
					series, err = vl.Stats(ctx, expr, start, end)
				} else {
					series, err = vl.StatsRange(ctx, expr, start, end, 10*time.Second)
				}
				require.NoError(t, err, expr)
				require.NotEmpty(t, series, expr)
				legends := map[string]float64{}
				for _, s := range series {
					sum := 0.0
					for _, v := range s.Values {
						sum += v
					}
					legends[legend(q.LegendFormat, s.Labels)] += sum
				}
				expectSeries(t, p.Title, legends, host)
			default:
				t.Fatalf("queryType %q", q.QueryType)
			}
		})
	}
	assert.Equal(t, 9, checked, "every panel of the dashboard")

	// The variables narrow what panels show: a finding of another severity
	// is gone, a finding of the one chosen stays.
	byRule := func(severity string) []harness.Series {
		for _, p := range board.Panels {
			if p.Title == "Findings by rule" {
				series, err := vl.Stats(context.Background(), substitute(p.Targets[0].Expr,
					map[string]string{"${namespace:regex}": ".*", "${severity:regex}": severity}), start, end)
				require.NoError(t, err)
				return series
			}
		}
		t.Fatal("no panel Findings by rule")
		return nil
	}
	assert.True(t, hasRule(byRule("high"), "VGL-CRED-001"), "VGL-CRED-001 is high")
	assert.False(t, hasRule(byRule("(low|medium)"), "VGL-CRED-001"), "VGL-CRED-001 is not low or medium")
	t.Logf("%d panels' queries checked; test %s", checked, time.Since(started).Round(time.Millisecond))
}

// substitute replaces the dashboard's variables by values, as Grafana
// does: "All" is the variables' allValue, .*; a chosen value is a regular
// expression (Grafana's :regex format escapes a single value, joins
// several as (a|b)).
func substitute(expr string, values map[string]string) string {
	for name, v := range values {
		expr = strings.ReplaceAll(expr, name, v)
	}
	return expr
}

// legend renders a legend format ({{field}}) with a series' labels, as
// Grafana does: a field the series lacks is empty.
func legend(format string, labels map[string]string) string {
	for k, v := range labels {
		format = strings.ReplaceAll(format, "{{"+k+"}}", v)
	}
	return unfilled.ReplaceAllString(format, "")
}

var unfilled = regexp.MustCompile(`\{\{[^}]*\}\}`)

func hasRule(series []harness.Series, rule string) bool {
	for _, s := range series {
		if s.Labels["security_rule.uuid"] == rule {
			return true
		}
	}
	return false
}

// expectSeries checks what a stats panel shows of the test's actions.
func expectSeries(t *testing.T, title string, legends map[string]float64, host string) {
	t.Helper()
	contains := func(prefix string) {
		t.Helper()
		for l, v := range legends {
			if strings.HasPrefix(l, prefix) && v > 0 {
				return
			}
		}
		t.Errorf("%s: no series %q in %v", title, prefix, legends)
	}
	switch title {
	case "Findings over time by severity":
		contains("high")
	case "Findings by rule":
		contains("VGL-CRED-001 Shadow password file read")
		contains("VGL-EVADE-003 Set-user-ID")
	case "Findings by MITRE ATT&CK technique":
		contains("T1003.008 OS Credential Dumping")
		contains("T1548.001 Abuse Elevation Control Mechanism")
	case "Findings by namespace and workload":
		contains(" host " + host) // no namespace: a host process
	case "Top risk scores":
		assert.Equal(t, 65.0, legends["VGL-CRED-001  host "+host], "%v", legends) // high, no workload exposure
	case "Records per second", "sensor.loss records":
		contains(host)
	case "Dropped records":
		contains("process.exec")
	default:
		t.Errorf("panel %q has no expectation: add one", title)
	}
}

// expectRows checks what a table panel shows of the test's actions.
func expectRows(t *testing.T, title string, rows []map[string]string) {
	t.Helper()
	switch title {
	case "Findings":
		for _, r := range rows {
			if r["security_rule.uuid"] == "VGL-CRED-001" && r["process.command_line"] == "cat /etc/shadow" {
				assert.NotEmpty(t, r["vigil.process.parent.command_line"], "the parent, for the process tree")
				assert.Contains(t, r["vigil.process.ancestors.executable.path"], "/", "the ancestors")
				assert.Equal(t, "/etc/shadow", r["file.path"])
				assert.Equal(t, "65", r["vigil.finding.risk_score"])
				return
			}
		}
		t.Errorf("no row of the shadow read in %d rows", len(rows))
	default:
		t.Errorf("panel %q has no expectation: add one", title)
	}
}
