package sensor

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadata"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/records"
)

// counters accumulate in plain fields on the hot path and are published to
// the metrics SDK once per housekeeping tick, so counting a record costs an
// increment, not an SDK call with an attribute set.
type counters struct {
	byType       [kernel.EventTypeMax]int64
	decodeErrors int64
	retries      int64

	publishedMisses    int64
	publishedEvictions int64
}

func (c *counters) received(t uint16) {
	if uint32(t) < kernel.EventTypeMax {
		c.byType[t]++
	}
}

// eventAttrs are the pre-built attribute sets of the events_received metric.
var eventAttrs [kernel.EventTypeMax]metric.AddOption

func init() {
	for t := range eventAttrs {
		eventAttrs[t] = metric.WithAttributeSet(attribute.NewSet(attribute.String("event_name", records.EventName(uint32(t)))))
	}
}

func (c *counters) publish(ctx context.Context, tel *metadata.TelemetryBuilder, stats *proctable.Stats) {
	for t, n := range c.byType {
		if n != 0 {
			tel.ReceiverEbpfEventsReceived.Add(ctx, n, eventAttrs[t])
			c.byType[t] = 0
		}
	}
	if c.decodeErrors != 0 {
		tel.ReceiverEbpfDecodeErrors.Add(ctx, c.decodeErrors)
		c.decodeErrors = 0
	}
	if c.retries != 0 {
		tel.ReceiverEbpfConsumerRetries.Add(ctx, c.retries)
		c.retries = 0
	}
	misses := stats.Misses.Load()
	tel.ReceiverEbpfProcessCacheMisses.Add(ctx, misses-c.publishedMisses)
	c.publishedMisses = misses
	evictions := stats.Evictions.Load()
	tel.ReceiverEbpfProcessCacheEvictions.Add(ctx, evictions-c.publishedEvictions)
	c.publishedEvictions = evictions
}
