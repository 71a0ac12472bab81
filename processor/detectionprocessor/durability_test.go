package detectionprocessor

import (
	"context"
	"errors"
	"sync"
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

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/metadatatest"
)

// TestOutputAllPassesFoldedRepeatsMarked: with output all every record goes
// on; a folded repeat is marked, so that alerting counts it once, through
// its summary.
func TestOutputAllPassesFoldedRepeatsMarked(t *testing.T) {
	p, sink := newTestProcessor(t, func(c *Config) { c.Output = OutputAll; c.Fold.Window = time.Minute })
	for range 3 {
		require.NoError(t, p.ConsumeLogs(context.Background(), batch("e1")))
	}
	got := records(sink)
	require.Len(t, got, 9, "every record of the three batches")
	folded := 0
	for i, lr := range got {
		v, ok := lr.Attributes().Get("vigil.finding.folded")
		if i < 3 {
			assert.False(t, ok, "the first batch's findings go out as they are")
			continue
		}
		if ruleOf(lr) != "" {
			require.True(t, ok, "record %d, a repeat of %s", i, ruleOf(lr))
			assert.True(t, v.Bool())
			folded++
		} else {
			assert.False(t, ok, "a record that is no finding is never folded")
		}
	}
	assert.Equal(t, 4, folded, "two rules, twice repeated")

	sink.Reset()
	p.sendSummaries(context.Background(), time.Now().Add(2*time.Minute))
	for _, s := range records(sink) {
		_, marked := s.Attributes().Get("vigil.finding.folded")
		assert.False(t, marked, "a summary is no repeat")
	}
}

// refusing is a next consumer that refuses until told otherwise.
type refusing struct {
	mu     sync.Mutex
	refuse bool
	got    []plog.Logs
}

func (r *refusing) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }
func (r *refusing) ConsumeLogs(_ context.Context, ld plog.Logs) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.refuse {
		return errors.New("queue full")
	}
	r.got = append(r.got, ld)
	return nil
}

// TestRefusedSummariesAreOfferedAgainThenCountedLost: a summary exists
// nowhere else, so one the next consumer refuses is kept and offered
// again; what is still refused at shutdown is counted lost.
func TestRefusedSummariesAreOfferedAgainThenCountedLost(t *testing.T) {
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	cfg := createDefaultConfig()
	cfg.DefaultRules, cfg.Rules, cfg.Output, cfg.Fold.Window = false, []string{"testdata/rules"}, OutputFindings, time.Minute
	next := &refusing{}
	p, err := newProcessor(metadatatest.NewSettings(tel), cfg, next)
	require.NoError(t, err)
	for range 3 {
		require.NoError(t, p.ConsumeLogs(context.Background(), batch("e1")))
	}
	next.refuse = true
	later := time.Now().Add(2 * time.Minute)
	p.sendSummaries(context.Background(), later)
	require.Len(t, p.unsent, 2, "both summaries kept")
	next.refuse = false
	p.sendSummaries(context.Background(), later)
	assert.Empty(t, p.unsent)
	assert.Len(t, next.got, 1+2, "the first batch's findings, then both summaries")

	// Refused until shutdown: lost, and counted.
	for range 2 {
		require.NoError(t, p.ConsumeLogs(context.Background(), batch("e2")))
	}
	next.refuse = true
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	require.NoError(t, p.Shutdown(context.Background()))
	metadatatest.AssertEqualProcessorDetectionFindings(t, tel, []metricdata.DataPoint[int64]{
		{Attributes: attribute.NewSet(attribute.String("result", "sent")), Value: 4},
		{Attributes: attribute.NewSet(attribute.String("result", "folded")), Value: 6},
		{Attributes: attribute.NewSet(attribute.String("result", "summary")), Value: 2},
		{Attributes: attribute.NewSet(attribute.String("result", "lost")), Value: 2},
	}, metricdatatest.IgnoreTimestamp())
}
