package workloadprocessor

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/metadata"
	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/metadatatest"
)

// refusing is a next consumer that refuses while refuse is set.
type refusing struct {
	refuse  bool
	records int
}

func (r *refusing) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }
func (r *refusing) ConsumeLogs(_ context.Context, ld plog.Logs) error {
	if r.refuse {
		return errors.New("memory limit")
	}
	r.records += ld.LogRecordCount()
	return nil
}

// TestRefusedHeldRecordsAreOfferedAgainThenCountedLost: held records were
// acknowledged when they were held, so a refusal when they are released
// cannot go back upstream: they are offered again, and counted lost once
// given up.
func TestRefusedHeldRecordsAreOfferedAgainThenCountedLost(t *testing.T) {
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	p, store, _ := newTestProcessor(t, time.Minute)
	next := &refusing{refuse: true}
	p.next = next
	tb, err := metadata.NewTelemetryBuilder(metadatatest.NewSettings(tel).TelemetrySettings)
	require.NoError(t, err)
	p.tel = tb

	require.NoError(t, p.ConsumeLogs(context.Background(), logsFor(cid, 3)), "held: the caller is answered")
	store.UpsertPod(samplePod())
	now := time.Now()
	resolved, _ := p.hold.take(now, func(rl plog.ResourceLogs) bool { return p.enricher.enrich(rl.Resource().Attributes()) == withContainer })
	require.Len(t, resolved, 1)
	p.send(context.Background(), resolved[0], resultHeld, now)
	require.Len(t, p.refused, 1, "refused, kept")

	p.retryRefused(context.Background(), now.Add(time.Second))
	require.Len(t, p.refused, 1, "still refused, still kept")
	next.refuse = false
	p.retryRefused(context.Background(), now.Add(2*time.Second))
	assert.Empty(t, p.refused)
	assert.Equal(t, 3, next.records, "delivered once accepted")

	// Refused past their time: lost, and counted.
	next.refuse = true
	p.send(context.Background(), logsFor(cid, 2), resultHeld, now)
	p.retryRefused(context.Background(), now.Add(p.refusedPatience()))
	assert.Empty(t, p.refused)
	metadatatest.AssertEqualProcessorWorkloadAssociations(t, tel, []metricdata.DataPoint[int64]{
		{Attributes: attribute.NewSet(attribute.String("result", "held")), Value: 1},
		{Attributes: attribute.NewSet(attribute.String("result", "lost")), Value: 1},
	}, metricdatatest.IgnoreTimestamp())
}
