package alertexporter

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/delivery"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/metadata"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/selection"
)

// telemetry counts what happens to findings, every count by format.
type telemetry struct {
	builder  *metadata.TelemetryBuilder
	byFormat metric.MeasurementOption
	// byReason holds the attribute sets of every reason, made once.
	byReason map[string]metric.MeasurementOption
}

var reasons = []string{
	string(selection.NotAFinding), string(selection.BelowMinSeverity),
	string(selection.ConditionFalse), string(selection.ConditionError),
	string(delivery.Retryable), string(delivery.Throttled), string(delivery.Permanent),
}

func newTelemetry(set component.TelemetrySettings, format string) (*telemetry, error) {
	b, err := metadata.NewTelemetryBuilder(set)
	if err != nil {
		return nil, err
	}
	t := &telemetry{
		builder:  b,
		byFormat: metric.WithAttributeSet(attribute.NewSet(attribute.String("format", format))),
		byReason: map[string]metric.MeasurementOption{},
	}
	for _, r := range reasons {
		t.byReason[r] = metric.WithAttributeSet(attribute.NewSet(attribute.String("format", format), attribute.String("reason", r)))
	}
	return t, nil
}

func (t *telemetry) dropped(ctx context.Context, reason selection.Reason) {
	t.builder.ExporterAlertFindingsDropped.Add(ctx, 1, t.byReason[string(reason)])
}

func (t *telemetry) grouped(ctx context.Context) {
	t.builder.ExporterAlertFindingsGrouped.Add(ctx, 1, t.byFormat)
}

func (t *telemetry) accepted(ctx context.Context, n int) {
	t.builder.ExporterAlertFindingsAccepted.Add(ctx, int64(n), t.byFormat)
}

func (t *telemetry) sent(ctx context.Context, n int) {
	t.builder.ExporterAlertFindingsSent.Add(ctx, int64(n), t.byFormat)
}

func (t *telemetry) failed(ctx context.Context, reason delivery.Reason, n int) {
	t.builder.ExporterAlertFindingsFailed.Add(ctx, int64(n), t.byReason[string(reason)])
}

func (t *telemetry) shutdown() { t.builder.Shutdown() }
