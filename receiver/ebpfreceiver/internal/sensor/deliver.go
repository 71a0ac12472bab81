package sensor

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/records"
)

// Retry pacing while the next consumer refuses data.
const (
	retryFirst = 10 * time.Millisecond
	retryMax   = time.Second
)

// flush hands the batch to the next consumer. A retryable refusal (the
// memory limiter, a full exporter queue) is retried for as long as it lasts:
// meanwhile the ring is not read, so if it fills, the kernel counts the
// records it cannot write and they are reported as lost. Nothing is queued
// in user space without bound, and nothing is dropped here silently.
func (s *Sensor) flush(ctx context.Context) {
	s.batchDeadline = time.Time{}
	if s.batch.Len() == 0 {
		return
	}
	logs := s.batch.Take()
	wait := retryFirst
	for {
		err := s.next.ConsumeLogs(ctx, logs)
		if err == nil {
			return
		}
		if consumererror.IsPermanent(err) || ctx.Err() != nil {
			s.rejected(context.WithoutCancel(ctx), logs, err)
			return
		}
		s.count.retries++
		if s.count.retries == 1 || s.count.retries%100 == 0 {
			s.logger.Warn("next consumer refused records; holding them and retrying", zap.Error(err))
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(wait*2, retryMax)
	}
}

// rejected accounts for records the pipeline will never take, by event.
func (s *Sensor) rejected(ctx context.Context, logs plog.Logs, err error) {
	s.logger.Error("records rejected by the next consumer were lost", zap.Int("records", logs.LogRecordCount()), zap.Error(err))
	lost := map[string]int64{}
	for _, rl := range logs.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				lost[lr.EventName()]++
			}
		}
	}
	for name, n := range lost {
		s.tel.ReceiverEbpfEventsLost.Add(ctx, n, metric.WithAttributes(
			attribute.String("event_name", name), attribute.String("reason", "rejected")))
	}
}

// reportLoss reads the kernel's drop counters and reports what changed since
// the last report, as metrics and as sensor.loss records.
func (s *Sensor) reportLoss(ctx context.Context, now time.Time) {
	drops, err := s.probe.Drops()
	if err != nil {
		s.logger.Error("reading the kernel's lost-record counters", zap.Error(err))
		return
	}
	for t, total := range drops {
		delta := total - s.lastDrops[t]
		if delta == 0 {
			continue
		}
		s.lastDrops[t] = total
		s.lost(ctx, records.EventName(uint32(t)), delta, "ring_buffer_full", now)
	}
}

// lost reports records lost for a reason, as a metric and in band.
func (s *Sensor) lost(ctx context.Context, event string, n uint64, reason string, now time.Time) {
	s.tel.ReceiverEbpfEventsLost.Add(ctx, int64(n), metric.WithAttributes(
		attribute.String("event_name", event), attribute.String("reason", reason)))
	s.enc.Loss(s.batch, event, n, reason, now)
	s.added(ctx)
}
