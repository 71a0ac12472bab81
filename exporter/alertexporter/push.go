package alertexporter

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/delivery"
)

// push sends the findings of one queued request. Messages go one after the
// other; when one fails in a way worth retrying, push returns that error
// with the findings not yet delivered, so the retry resends only those. A
// message the destination refuses for good is logged and counted, and the
// others still go.
func (e *alertExporter) push(ctx context.Context, ld plog.Logs) error {
	var records []located
	eachRecord(ld, func(r located) { records = append(records, r) })
	items := make([]item, len(records))
	for i, r := range records {
		items[i] = item{Finding: r.finding(), link: e.renderLink(r)}
	}
	messages := e.encoder.encode(items, e.now())
	refused := 0
	for m, msg := range messages {
		err := msg.err
		if err != nil {
			err = consumererror.NewPermanent(fmt.Errorf("making the %s payload: %w", e.cfg.Format, err))
		} else {
			msg.header.Set("User-Agent", e.userAgent)
			err = e.poster.Post(ctx, msg.body, msg.header)
		}
		if err == nil {
			e.telemetry.sent(ctx, len(msg.items))
			continue
		}
		reason := delivery.ReasonOf(err)
		if reason == delivery.Permanent {
			e.telemetry.failed(ctx, reason, len(msg.items))
			e.logger.Error("the destination refused findings; they are not retried",
				zap.Int("findings", len(msg.items)), zap.Error(err))
			refused++
			continue
		}
		var rest []located
		for _, later := range messages[m:] {
			if later.err == nil {
				for _, i := range later.items {
					rest = append(rest, records[i])
				}
			}
		}
		e.telemetry.failed(ctx, reason, len(rest))
		return consumererror.NewLogs(err, copyRecords(rest))
	}
	if refused > 0 {
		return consumererror.NewPermanent(fmt.Errorf("%d of %d %s messages refused (logged above)", refused, len(messages), e.cfg.Format))
	}
	return nil
}

// renderLink is a finding's generator_url. A template that fails on a
// finding (a function given a value it cannot take) costs the link, not
// the alert; it is logged once.
func (e *alertExporter) renderLink(r located) string {
	link, err := e.link.Render(r.finding())
	if err != nil {
		e.linkWarning.Do(func() {
			e.logger.Warn("generator_url failed on a finding; alerts go without the link", zap.Error(err))
		})
		return ""
	}
	return link
}
