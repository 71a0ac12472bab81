package alertexporter

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/metadata"
)

func loadConfig(t *testing.T, name string) *Config {
	t.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	sub, err := cm.Sub(component.NewIDWithName(metadata.Type, name).String())
	require.NoError(t, err)
	cfg := createDefaultConfig().(*Config)
	require.NoError(t, sub.Unmarshal(cfg))
	require.NoError(t, confmap.Validate(cfg))
	return cfg
}

func TestLoadConfig(t *testing.T) {
	am := loadConfig(t, "am")
	assert.Equal(t, FormatAlertmanager, am.Format)
	assert.Equal(t, "http://127.0.0.1:9093", am.ClientConfig.Endpoint)
	assert.Equal(t, "high", am.MinSeverity)
	assert.Equal(t, `resource.attributes["k8s.namespace.name"] != "sandbox"`, am.Condition)
	assert.Equal(t, []string{"security_rule.uuid", "k8s.namespace.name", "process.pid"}, am.GroupBy)
	assert.Equal(t, 30*time.Minute, am.ResolveAfter)
	assert.Contains(t, am.GeneratorURL, `.Attr "security_rule.uuid"`)
	assert.True(t, am.ClientConfig.TLS.InsecureSkipVerify)
	header, ok := am.ClientConfig.Headers.Get("X-Scope-OrgID")
	require.True(t, ok)
	assert.Equal(t, configopaque.String("security"), header)
	require.True(t, am.QueueConfig.HasValue())
	assert.Equal(t, "file_storage", am.QueueConfig.Get().StorageID.String())
	assert.Equal(t, int64(5000), am.QueueConfig.Get().QueueSize)
	assert.True(t, am.RetryConfig.Enabled)
	assert.Zero(t, am.RetryConfig.MaxElapsedTime)

	slack := loadConfig(t, "slack")
	assert.Equal(t, configopaque.String("https://hooks.slack.com/services/T000/B000/XXXX"), slack.Slack.WebhookURL)
	assert.Equal(t, 10*time.Minute, slack.GroupWindow)
	assert.Equal(t, "medium", slack.MinSeverity, "the default")
	assert.Equal(t, []string{"security_rule.uuid", "k8s.cluster.name", "k8s.namespace.name", "host.name"}, slack.GroupBy, "the default")

	hook := loadConfig(t, "webhook")
	assert.Equal(t, configopaque.String("s3cr3t"), hook.Webhook.Secret)
	assert.Equal(t, "application/vnd.example+json", hook.Webhook.ContentType)
	assert.Equal(t, 15*time.Minute, hook.ResolveAfter, "the default")
}

// The webhook URL and the HMAC key are opaque: printing the configuration
// (as the collector's debug output may) does not show them.
func TestSecretsDoNotPrint(t *testing.T) {
	for _, cfg := range []*Config{loadConfig(t, "slack"), loadConfig(t, "webhook")} {
		for _, shown := range []string{
			(&cfg.Slack.WebhookURL).String(), (&cfg.Webhook.Secret).String(),
		} {
			assert.NotContains(t, shown, "XXXX")
			assert.NotContains(t, shown, "s3cr3t")
		}
	}
}

func TestValidateNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Config)
		want   []string
	}{
		{"no format", func(*Config) {}, []string{`format: "" must be "alertmanager", "slack" or "webhook"`}},
		{"no endpoint", func(c *Config) { c.Format = FormatAlertmanager }, []string{"endpoint: is required"}},
		{"not a URL", func(c *Config) { c.Format = FormatWebhook; c.ClientConfig.Endpoint = "127.0.0.1:9093" },
			[]string{`endpoint: "127.0.0.1:9093" is not an http(s) URL`}},
		{"slack with an endpoint", func(c *Config) {
			c.Format = FormatSlack
			c.ClientConfig.Endpoint = "http://127.0.0.1:1"
			c.Slack.WebhookURL = "ftp://secret-token"
		}, []string{"endpoint: format \"slack\" posts to slack::webhook_url", "slack::webhook_url: must be the incoming webhook's http(s) URL"}},
		{"webhook keys for alertmanager", func(c *Config) {
			c.Format = FormatAlertmanager
			c.ClientConfig.Endpoint = "http://127.0.0.1:9093"
			c.Webhook.Secret = "k"
		}, []string{`webhook: is for format "webhook" only`}},
		{"severity", func(c *Config) { c.MinSeverity = "info" }, []string{"min_severity: must be low, medium, high or critical"}},
		{"unknown severity", func(c *Config) { c.MinSeverity = "urgent" }, []string{`min_severity: "urgent" is not a severity`}},
		{"condition", func(c *Config) { c.Condition = `attributes["x"] ==` }, []string{"condition: "}},
		{"group_by", func(c *Config) { c.GroupBy = []string{"security_rule.uuid", ""} }, []string{"group_by[1]: is empty"}},
		{"no group_by", func(c *Config) { c.GroupBy = nil }, []string{"group_by: name at least one attribute"}},
		{"window", func(c *Config) { c.GroupWindow = -time.Second }, []string{"group_window: -1s must be between 0 and 24h"}},
		{"resolve_after", func(c *Config) { c.ResolveAfter = 0 }, []string{"resolve_after: 0s must be positive"}},
		{"generator_url", func(c *Config) { c.GeneratorURL = "{{ .Attr " }, []string{"generator_url: "}},
		{"template", func(c *Config) { c.Webhook.Template = "{{ json }" }, []string{"webhook::template: "}},
		{"content type", func(c *Config) {
			c.Format = FormatWebhook
			c.ClientConfig.Endpoint = "http://127.0.0.1:1"
			c.Webhook.ContentType = ""
		}, []string{"webhook::content_type: must not be empty"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := createDefaultConfig().(*Config)
			tc.change(cfg)
			err := confmap.Validate(cfg)
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "secret-token", "a webhook URL is a credential")
		})
	}
}
