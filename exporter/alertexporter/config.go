package alertexporter

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
	"go.uber.org/zap"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/link"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/selection"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/webhook"
	"github.com/vigil-sensor/vigil/internal/schema"
)

// The destination formats.
const (
	FormatAlertmanager = "alertmanager"
	FormatSlack        = "slack"
	FormatWebhook      = "webhook"
)

// Config is the alert exporter's configuration; every key is described in
// README.md.
type Config struct {
	// ClientConfig is the HTTP client: endpoint, TLS, headers, auth,
	// timeout (each request's), proxy, compression.
	ClientConfig confighttp.ClientConfig                                  `mapstructure:",squash"`
	QueueConfig  configoptional.Optional[exporterhelper.QueueBatchConfig] `mapstructure:"sending_queue"`
	RetryConfig  configretry.BackOffConfig                                `mapstructure:"retry_on_failure"`

	// Format is the destination's: alertmanager, slack or webhook.
	Format string `mapstructure:"format"`
	// MinSeverity is the least severe finding sent: low, medium, high or
	// critical.
	MinSeverity string `mapstructure:"min_severity"`
	// Condition, when set, is an OTTL condition a finding must also meet.
	Condition string `mapstructure:"condition"`
	// GroupBy are the attributes whose values make one alert group.
	GroupBy []string `mapstructure:"group_by"`
	// GroupWindow is how often a group may send a message (slack and
	// webhook); 0 sends every finding.
	GroupWindow time.Duration `mapstructure:"group_window"`
	// ResolveAfter is how long after its last finding an Alertmanager
	// alert resolves (its endsAt).
	ResolveAfter time.Duration `mapstructure:"resolve_after"`
	// GeneratorURL is a Go template of the link from an alert to the
	// finding (Alertmanager's generatorURL, the Slack title's link, the
	// webhook payload's url).
	GeneratorURL string `mapstructure:"generator_url"`

	Slack   SlackConfig   `mapstructure:"slack"`
	Webhook WebhookConfig `mapstructure:"webhook"`

	// prevent unkeyed literal initialization
	_ struct{}
}

// SlackConfig is the slack format's.
type SlackConfig struct {
	// WebhookURL is the incoming webhook's URL, a credential.
	WebhookURL configopaque.String `mapstructure:"webhook_url"`
}

// WebhookConfig is the webhook format's.
type WebhookConfig struct {
	// Secret, when set, keys the X-Vigil-Signature HMAC of every body.
	Secret configopaque.String `mapstructure:"secret"`
	// Template, when set, is a Go text/template that writes the body.
	Template string `mapstructure:"template"`
	// ContentType is the bodies' Content-Type.
	ContentType string `mapstructure:"content_type"`
}

var _ component.Config = (*Config)(nil)

// Validate checks every key the collector cannot check for us, naming it.
// It compiles the condition and templates, so `otelcol validate` reports
// their mistakes.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	switch c.Format {
	case FormatAlertmanager, FormatWebhook:
		if err := checkURL(c.ClientConfig.Endpoint); err != nil {
			bad("endpoint", "%v", err)
		}
		if string(c.Slack.WebhookURL) != "" {
			bad("slack::webhook_url", "is for format %q only", FormatSlack)
		}
	case FormatSlack:
		if c.ClientConfig.Endpoint != "" {
			bad("endpoint", "format %q posts to slack::webhook_url; leave endpoint empty", FormatSlack)
		}
		// The URL is a credential: the error never quotes it.
		if err := checkURL(string(c.Slack.WebhookURL)); err != nil {
			bad("slack::webhook_url", "must be the incoming webhook's http(s) URL")
		}
	default:
		bad("format", "%q must be %q, %q or %q", c.Format, FormatAlertmanager, FormatSlack, FormatWebhook)
	}
	if c.Format != FormatWebhook && (c.Webhook.Template != "" || string(c.Webhook.Secret) != "") {
		bad("webhook", "is for format %q only", FormatWebhook)
	}
	if s, err := finding.ParseSeverity(c.MinSeverity); err != nil {
		bad("min_severity", "%v", err)
	} else if s == finding.Info {
		bad("min_severity", "must be low, medium, high or critical")
	}
	if c.Condition != "" {
		if _, err := selection.ParseCondition(c.Condition, quietTelemetry()); err != nil {
			bad("condition", "%v", err)
		}
	}
	if len(c.GroupBy) == 0 {
		bad("group_by", "name at least one attribute (%s, say)", schema.SecurityRuleUUID)
	}
	for i, attr := range c.GroupBy {
		if attr == "" {
			bad(fmt.Sprintf("group_by[%d]", i), "is empty")
		}
	}
	if c.GroupWindow < 0 || c.GroupWindow > 24*time.Hour {
		bad("group_window", "%s must be between 0 and 24h", c.GroupWindow)
	}
	if c.ResolveAfter <= 0 {
		bad("resolve_after", "%s must be positive", c.ResolveAfter)
	}
	if _, err := link.Parse(c.GeneratorURL); err != nil {
		bad("generator_url", "%v", err)
	}
	if _, err := webhook.NewBody(c.Webhook.Template); err != nil {
		bad("webhook::template", "%v", err)
	}
	if c.Format == FormatWebhook && c.Webhook.ContentType == "" {
		bad("webhook::content_type", "must not be empty")
	}
	return errors.Join(errs...)
}

// checkURL requires an absolute http(s) URL.
func checkURL(s string) error {
	if s == "" {
		return errors.New("is required")
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

// quietTelemetry is what compiling a condition in Validate logs to:
// nothing, since Validate has no logger and reports through its error.
func quietTelemetry() component.TelemetrySettings {
	return component.TelemetrySettings{
		Logger:         zap.NewNop(),
		TracerProvider: tracenoop.NewTracerProvider(),
		MeterProvider:  metricnoop.NewMeterProvider(),
	}
}

// minSeverity is MinSeverity, valid after Validate.
func (c *Config) minSeverity() finding.Severity {
	s, _ := finding.ParseSeverity(c.MinSeverity)
	return s
}
