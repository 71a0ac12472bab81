package alertexporter

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/metadatatest"
)

// request is what the destination received.
type request struct {
	at     time.Time
	path   string
	header http.Header
	body   []byte
}

// destination is a loopback HTTP server standing for Alertmanager, Slack or
// a webhook: it records every request and answers with the statuses it is
// given, in turn (then 200).
type destination struct {
	*httptest.Server
	mu       sync.Mutex
	requests []request
	answers  []answer
}

type answer struct {
	status     int
	retryAfter string
}

func newDestination(t *testing.T, answers ...answer) *destination {
	t.Helper()
	d := &destination{answers: answers}
	d.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		d.mu.Lock()
		d.requests = append(d.requests, request{at: time.Now(), path: r.URL.Path, header: r.Header.Clone(), body: body})
		a := answer{status: http.StatusOK}
		if len(d.answers) > 0 {
			a, d.answers = d.answers[0], d.answers[1:]
		}
		d.mu.Unlock()
		if a.retryAfter != "" {
			w.Header().Set("Retry-After", a.retryAfter)
		}
		w.WriteHeader(a.status)
	}))
	t.Cleanup(d.Close)
	return d
}

func (d *destination) received() []request {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]request(nil), d.requests...)
}

// waitFor waits until the destination has received n requests.
func (d *destination) waitFor(t *testing.T, n int) []request {
	t.Helper()
	require.Eventually(t, func() bool { return len(d.received()) >= n }, 10*time.Second, 5*time.Millisecond,
		"the destination received %d requests, want %d", len(d.received()), n)
	return d.received()
}

// config is a configuration of format posting to d, without a queue (a
// push returns when the destination has answered) and with quick retries.
func config(format string, d *destination) *Config {
	cfg := createDefaultConfig().(*Config)
	cfg.Format = format
	switch format {
	case FormatSlack:
		cfg.Slack.WebhookURL = configopaque.String(d.URL + "/services/T000/B000/XXXX")
	default:
		cfg.ClientConfig.Endpoint = d.URL
	}
	cfg.QueueConfig = configoptional.None[exporterhelper.QueueBatchConfig]()
	cfg.RetryConfig.InitialInterval = 10 * time.Millisecond
	cfg.RetryConfig.MaxInterval = 50 * time.Millisecond
	cfg.RetryConfig.MaxElapsedTime = 20 * time.Second
	return cfg
}

// start creates and starts the exporter; it is shut down when the test
// ends.
func start(t *testing.T, cfg *Config) (*alertExporter, *componenttest.Telemetry) {
	t.Helper()
	require.NoError(t, cfg.Validate())
	tt := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tt.Shutdown(context.Background())) })
	e := create(t, cfg, metadatatest.NewSettings(tt))
	require.NoError(t, e.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, e.Shutdown(context.Background())) })
	return e, tt
}

func create(t *testing.T, cfg *Config, set exporter.Settings) *alertExporter {
	t.Helper()
	exp, err := NewFactory().CreateLogs(context.Background(), set, cfg)
	require.NoError(t, err)
	return exp.(*alertExporter)
}

// batch puts several single-record Logs in one, as a receiver's batch.
func batch(parts ...plog.Logs) plog.Logs {
	out := plog.NewLogs()
	for _, p := range parts {
		p.ResourceLogs().MoveAndAppendTo(out.ResourceLogs())
	}
	return out
}

// clock is a time the test moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
