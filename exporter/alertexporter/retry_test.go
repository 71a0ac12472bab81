package alertexporter

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/metadatatest"
)

func TestRetriesOn5xx(t *testing.T) {
	d := newDestination(t, answer{status: http.StatusInternalServerError}, answer{status: http.StatusBadGateway})
	e, tt := start(t, config(FormatAlertmanager, d))
	require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.ShadowRead()))

	got := d.received()
	require.Len(t, got, 3, "two refusals, then delivered")
	assert.Equal(t, got[0].body, got[2].body, "the same alerts again")
	metadatatest.AssertEqualExporterAlertFindingsFailed(t, tt, []metricdata.DataPoint[int64]{
		{Value: 2, Attributes: attribute.NewSet(attribute.String("format", "alertmanager"), attribute.String("reason", "retryable"))},
	}, ignoreTimes...)
	metadatatest.AssertEqualExporterAlertFindingsSent(t, tt, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String("format", "alertmanager"))},
	}, ignoreTimes...)
}

func TestRetriesNetworkErrors(t *testing.T) {
	d := newDestination(t)
	cfg := config(FormatWebhook, d)
	cfg.ClientConfig.Endpoint = closedPort(t)
	cfg.RetryConfig.MaxElapsedTime = 300 * time.Millisecond
	e, tt := start(t, cfg)
	err := e.ConsumeLogs(context.Background(), findingtest.ShadowRead())
	require.Error(t, err, "retried until max_elapsed_time, then given up")
	assert.False(t, consumererror.IsPermanent(err))
	failed, err := tt.GetMetric("otelcol_exporter_alert_findings_failed")
	require.NoError(t, err)
	points := failed.Data.(metricdata.Sum[int64]).DataPoints
	require.Len(t, points, 1)
	assert.Greater(t, points[0].Value, int64(1), "each attempt counts")
}

func TestNoRetryOn4xx(t *testing.T) {
	d := newDestination(t, answer{status: http.StatusBadRequest})
	e, tt := start(t, config(FormatAlertmanager, d))
	err := e.ConsumeLogs(context.Background(), findingtest.ShadowRead())
	require.Error(t, err)
	assert.True(t, consumererror.IsPermanent(err))
	assert.Len(t, d.received(), 1, "never again")
	metadatatest.AssertEqualExporterAlertFindingsFailed(t, tt, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String("format", "alertmanager"), attribute.String("reason", "permanent"))},
	}, ignoreTimes...)
}

// A 429 is retried no earlier than Retry-After says, though the back-off
// alone would retry after 10ms.
func TestBacksOffOn429(t *testing.T) {
	d := newDestination(t, answer{status: http.StatusTooManyRequests, retryAfter: "1"})
	e, tt := start(t, config(FormatSlack, d))
	require.NoError(t, e.ConsumeLogs(context.Background(), findingtest.ShadowRead()))
	got := d.received()
	require.Len(t, got, 2)
	assert.GreaterOrEqual(t, got[1].at.Sub(got[0].at), time.Second)
	metadatatest.AssertEqualExporterAlertFindingsFailed(t, tt, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String("format", "slack"), attribute.String("reason", "throttled"))},
	}, ignoreTimes...)
}

// A webhook request that fails is retried with the findings not yet
// delivered: the one before it is not sent twice.
func TestRetriesOnlyWhatWasNotDelivered(t *testing.T) {
	d := newDestination(t, answer{status: http.StatusOK}, answer{status: http.StatusServiceUnavailable})
	cfg := config(FormatWebhook, d)
	cfg.GroupBy = []string{"security_rule.uuid", "process.pid"}
	e, _ := start(t, cfg)
	in := batch(findingtest.Repeat(findingtest.ShadowRead(), 1, findingtest.At),
		findingtest.Repeat(findingtest.ShadowRead(), 2, findingtest.At),
		findingtest.Repeat(findingtest.ShadowRead(), 3, findingtest.At))
	require.NoError(t, e.ConsumeLogs(context.Background(), in))

	var pids []string
	for _, r := range d.received() {
		pids = append(pids, pidOf(t, r.body))
	}
	assert.Equal(t, []string{"1", "2", "2", "3"}, pids)
}

// A message refused for good does not stop the others.
func TestARefusedMessageDoesNotStopTheOthers(t *testing.T) {
	d := newDestination(t, answer{status: http.StatusBadRequest})
	cfg := config(FormatSlack, d)
	cfg.GroupWindow = 0
	e, tt := start(t, cfg)
	err := e.ConsumeLogs(context.Background(), batch(findingtest.ShadowRead(), findingtest.ReverseShellInPod()))
	assert.True(t, consumererror.IsPermanent(err))
	assert.Len(t, d.received(), 2)
	metadatatest.AssertEqualExporterAlertFindingsSent(t, tt, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String("format", "slack"))},
	}, ignoreTimes...)
}
