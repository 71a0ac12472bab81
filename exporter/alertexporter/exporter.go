package alertexporter

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/delivery"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/grouping"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/link"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/selection"
)

// maxGroups bounds the groups whose windows are open at once; beyond it a
// new group's findings are sent unfolded, never dropped.
const maxGroups = 10000

// alertExporter chooses and groups findings in front of exporterhelper's
// queue, so that the queue (on disk with file_storage) holds only what
// will be sent, group summaries included; the helper then retries
// pushes, which format and post them.
type alertExporter struct {
	exporter.Logs // exporterhelper's: queue, retries, persistent storage

	cfg       *Config
	settings  component.TelemetrySettings
	logger    *zap.Logger
	userAgent string
	selector  *selection.Selector
	window    *grouping.Window // nil when findings are not grouped
	link      *link.Template
	encoder   encoder
	telemetry *telemetry
	now       func() time.Time

	// poster is made at start: the HTTP client needs the host's extensions.
	poster *delivery.Poster
	client *http.Client

	linkWarning sync.Once
	stopOnce    sync.Once
	shutdownErr error
	stop        chan struct{}
	flushed     chan struct{} // closed when the flush loop has ended
}

func newAlertExporter(ctx context.Context, set exporter.Settings, cfg *Config) (*alertExporter, error) {
	selector, err := selection.New(cfg.minSeverity(), cfg.Condition, set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	linkTemplate, err := link.Parse(cfg.GeneratorURL)
	if err != nil {
		return nil, err
	}
	enc, err := newEncoder(cfg)
	if err != nil {
		return nil, err
	}
	tel, err := newTelemetry(set.TelemetrySettings, cfg.Format)
	if err != nil {
		return nil, err
	}
	e := &alertExporter{
		cfg:       cfg,
		settings:  set.TelemetrySettings,
		logger:    set.Logger,
		userAgent: set.BuildInfo.Command + "/" + set.BuildInfo.Version,
		selector:  selector,
		link:      linkTemplate,
		encoder:   enc,
		telemetry: tel,
		now:       time.Now,
		stop:      make(chan struct{}),
	}
	// Alertmanager folds equal label sets itself, and each post must move
	// an alert's end while its storm lasts: only the others are grouped.
	if cfg.Format != FormatAlertmanager && cfg.GroupWindow > 0 {
		e.window = grouping.NewWindow(cfg.GroupWindow, maxGroups)
	}
	e.Logs, err = exporterhelper.NewLogs(ctx, set, cfg, e.push,
		exporterhelper.WithStart(e.startClient),
		exporterhelper.WithShutdown(e.closeClient),
		exporterhelper.WithCapabilities(consumer.Capabilities{MutatesData: false}),
		// The HTTP client's timeout bounds each request, as otlp_http's does.
		exporterhelper.WithTimeout(exporterhelper.TimeoutConfig{Timeout: 0}),
		exporterhelper.WithRetry(cfg.RetryConfig),
		exporterhelper.WithQueue(cfg.QueueConfig),
	)
	if err != nil {
		tel.shutdown()
		return nil, err
	}
	return e, nil
}

// destination is where the format posts, and whether its URL is secret.
func (e *alertExporter) destination() (string, bool) {
	switch e.cfg.Format {
	case FormatAlertmanager:
		return strings.TrimSuffix(e.cfg.ClientConfig.Endpoint, "/") + "/api/v2/alerts", false
	case FormatSlack:
		return string(e.cfg.Slack.WebhookURL), true
	}
	return e.cfg.ClientConfig.Endpoint, false
}

func (e *alertExporter) startClient(ctx context.Context, host component.Host) error {
	client, err := e.cfg.ClientConfig.ToClient(ctx, host.GetExtensions(), e.settings)
	if err != nil {
		return err
	}
	target, secret := e.destination()
	poster, err := delivery.NewPoster(client, target, secret)
	if err != nil {
		return err
	}
	e.client, e.poster = client, poster
	return nil
}

func (e *alertExporter) closeClient(context.Context) error {
	if e.client != nil {
		e.client.CloseIdleConnections()
	}
	return nil
}

// Start starts the helper (queue, client), then the loop that sends the
// groups' summaries.
func (e *alertExporter) Start(ctx context.Context, host component.Host) error {
	if err := e.Logs.Start(ctx, host); err != nil {
		return err
	}
	if e.window != nil {
		e.flushed = make(chan struct{})
		go e.flushLoop()
	}
	return nil
}

// Shutdown hands the open groups' summaries to the queue (which keeps them
// on disk with file_storage) before the helper stops it. Safe without
// Start, and twice: the second call returns the first's result (the
// helper's own Shutdown may run once only).
func (e *alertExporter) Shutdown(ctx context.Context) error {
	e.stopOnce.Do(func() {
		var errs []error
		close(e.stop)
		if e.flushed != nil {
			<-e.flushed
			for _, summary := range e.window.Drain() {
				errs = append(errs, e.accept(ctx, summary))
			}
		}
		errs = append(errs, e.Logs.Shutdown(ctx))
		e.telemetry.shutdown()
		e.shutdownErr = errors.Join(errs...)
	})
	return e.shutdownErr
}

// ConsumeLogs keeps the findings chosen for the destination, folds repeats
// of a group into its window, and queues the rest.
func (e *alertExporter) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	var chosen []located
	now := e.now()
	eachRecord(ld, func(r located) {
		reason, err := e.selector.Select(ctx, r.rl, r.sl, r.lr)
		if reason != selection.Selected {
			if err != nil {
				e.logger.Debug("the condition failed on a finding; it is not sent", zap.Error(err))
			}
			e.telemetry.dropped(ctx, reason)
			return
		}
		if e.window != nil {
			f := r.finding()
			if !e.window.Admit(grouping.Key(f, e.cfg.GroupBy), now, f.Occurrences(), func() plog.Logs { return copyRecords([]located{r}) }) {
				e.telemetry.grouped(ctx)
				return
			}
		}
		chosen = append(chosen, r)
	})
	if len(chosen) == 0 {
		return nil
	}
	return e.accept(ctx, copyRecords(chosen))
}

// accept hands findings to the helper's queue and counts them.
func (e *alertExporter) accept(ctx context.Context, ld plog.Logs) error {
	n := ld.LogRecordCount()
	if err := e.Logs.ConsumeLogs(ctx, ld); err != nil {
		return err
	}
	e.telemetry.accepted(ctx, n)
	return nil
}

// flushLoop queues the summaries of windows as they end.
func (e *alertExporter) flushLoop() {
	defer close(e.flushed)
	tick := time.NewTicker(min(max(e.cfg.GroupWindow/10, 10*time.Millisecond), time.Second))
	defer tick.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-tick.C:
			for _, summary := range e.window.Due(e.now()) {
				if err := e.accept(context.Background(), summary); err != nil {
					e.logger.Warn("a group's summary could not be queued", zap.Error(err))
				}
			}
		}
	}
}
