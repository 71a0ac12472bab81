package alertexporter

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/metadatatest"
)

// A storm of one finding for one group, on Slack: one message at once,
// one summary when the window ends, counting every occurrence once — the
// detection processor's fold summary of 41 included as 41.
func TestAStormIsOneSlackMessagePerWindow(t *testing.T) {
	d := newDestination(t)
	cfg := config(FormatSlack, d)
	cfg.GroupWindow = 100 * time.Millisecond
	clk := &clock{now: findingtest.At}
	tt := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tt.Shutdown(context.Background())) })
	e := create(t, cfg, metadatatest.NewSettings(tt))
	e.now = clk.Now
	require.NoError(t, e.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, e.Shutdown(context.Background())) })

	for pid := int64(1); pid <= 50; pid++ {
		require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.Repeat(findingtest.ShadowRead(), pid, findingtest.At)))
	}
	folded := findingtest.Repeat(findingtest.ShadowRead(), 51, findingtest.At)
	findingtest.Record(folded).Attributes().PutInt("vigil.finding.count", 41)
	require.NoError(t, e.ConsumeLogs(context.Background(), folded))
	// Another group goes on its own.
	require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.ReverseShellInPod()))
	require.Len(t, d.received(), 2, "the storm's first finding, and the other group's")

	clk.Add(100 * time.Millisecond)
	got := d.waitFor(t, 3)
	var summary struct{ Text string }
	require.NoError(t, json.Unmarshal(got[2].body, &summary))
	assert.Equal(t, "[HIGH] Shadow password file read outside the login stack on host web-01 (90 more since the last message)", summary.Text)

	metadatatest.AssertEqualExporterAlertFindingsGrouped(t, tt, []metricdata.DataPoint[int64]{
		{Value: 50, Attributes: attribute.NewSet(attribute.String("format", "slack"))},
	}, ignoreTimes...)
	// The destination has the summary before the exporter has read the
	// answer and counted it: wait for the count, then check it exactly.
	require.Eventually(t, func() bool { return acceptedCount(tt) >= 3 }, 5*time.Second, 5*time.Millisecond)
	metadatatest.AssertEqualExporterAlertFindingsAccepted(t, tt, []metricdata.DataPoint[int64]{
		{Value: 3, Attributes: attribute.NewSet(attribute.String("format", "slack"))},
	}, ignoreTimes...)
}

// Stopping the collector does not lose what a window folded: its summary
// is queued, and the in-memory queue is drained, before Shutdown returns.
func TestShutdownSendsOpenSummaries(t *testing.T) {
	d := newDestination(t)
	cfg := config(FormatWebhook, d)
	cfg.QueueConfig = createDefaultConfig().(*Config).QueueConfig
	cfg.GroupWindow = time.Hour
	e, _ := start(t, cfg)
	require.NoError(t, e.ConsumeLogs(context.Background(), batch(
		findingtest.Repeat(findingtest.ShadowRead(), 1, findingtest.At),
		findingtest.Repeat(findingtest.ShadowRead(), 2, findingtest.At),
		findingtest.Repeat(findingtest.ShadowRead(), 3, findingtest.At))))
	d.waitFor(t, 1)
	require.NoError(t, e.Shutdown(context.Background()))

	got := d.received()
	require.Len(t, got, 2)
	var summary struct {
		Occurrences int64
		Summary     bool
	}
	require.NoError(t, json.Unmarshal(got[1].body, &summary))
	assert.Equal(t, int64(2), summary.Occurrences)
	assert.True(t, summary.Summary)
	assert.Equal(t, "2", pidOf(t, got[1].body), "the summary is the first repeat")
}

// Alertmanager folds equal label sets itself; every finding is posted so
// the alert's end moves while the storm lasts.
func TestAlertmanagerFindingsAreNotHeldBack(t *testing.T) {
	d := newDestination(t)
	e, _ := start(t, config(FormatAlertmanager, d))
	for pid := int64(1); pid <= 3; pid++ {
		require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.Repeat(findingtest.ShadowRead(), pid, findingtest.At.Add(time.Duration(pid)*time.Second))))
	}
	assert.Len(t, d.received(), 3)
}

func TestOnlyChosenFindingsAreSent(t *testing.T) {
	d := newDestination(t)
	cfg := config(FormatWebhook, d)
	cfg.MinSeverity = "medium"
	cfg.Condition = `resource.attributes["k8s.namespace.name"] != "shop"`
	e, tt := start(t, cfg)

	notAFinding := findingtest.ShadowRead()
	findingtest.Record(notAFinding).Attributes().Remove("security_rule.uuid")
	low := findingtest.ShadowRead()
	findingtest.Record(low).Attributes().PutStr("vigil.finding.severity", "low")
	require.NoError(t, e.ConsumeLogs(context.Background(),
		batch(notAFinding, low, findingtest.ReverseShellInPod(), findingtest.ShadowRead())))

	got := d.received()
	require.Len(t, got, 1)
	assert.Equal(t, "48377", pidOf(t, got[0].body))
	byReason := func(reason string, n int64) metricdata.DataPoint[int64] {
		return metricdata.DataPoint[int64]{Value: n, Attributes: attribute.NewSet(attribute.String("format", "webhook"), attribute.String("reason", reason))}
	}
	metadatatest.AssertEqualExporterAlertFindingsDropped(t, tt, []metricdata.DataPoint[int64]{
		byReason("not_a_finding", 1), byReason("below_min_severity", 1), byReason("condition", 1),
	}, ignoreTimes...)
	metadatatest.AssertEqualExporterAlertFindingsSent(t, tt, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String("format", "webhook"))},
	}, ignoreTimes...)
}

// acceptedCount is the exporter's count of accepted findings so far, 0
// before the first.
func acceptedCount(tt *componenttest.Telemetry) int64 {
	m, err := tt.GetMetric("otelcol_exporter_alert_findings_accepted")
	if err != nil {
		return 0
	}
	sum, ok := m.Data.(metricdata.Sum[int64])
	if !ok {
		return 0
	}
	var n int64
	for _, dp := range sum.DataPoints {
		n += dp.Value
	}
	return n
}
