package alertexporter

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/config/confighttp"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/metadata"
	"github.com/vigil-sensor/vigil/internal/schema"
)

// NewFactory returns the factory of the alert exporter.
func NewFactory() exporter.Factory {
	return exporter.NewFactory(
		metadata.Type,
		createDefaultConfig,
		exporter.WithLogs(createLogs, metadata.LogsStability),
	)
}

func createDefaultConfig() component.Config {
	client := confighttp.NewDefaultClientConfig()
	// Each request's; alert destinations answer in milliseconds.
	client.Timeout = 10 * time.Second
	return &Config{
		ClientConfig: client,
		QueueConfig:  configoptional.Some(exporterhelper.NewDefaultQueueConfig()),
		RetryConfig:  configretry.NewDefaultBackOffConfig(),
		MinSeverity:  "medium",
		GroupBy: []string{
			schema.SecurityRuleUUID, schema.K8sClusterName, schema.K8sNamespaceName, schema.HostName,
		},
		GroupWindow:  5 * time.Minute,
		ResolveAfter: 15 * time.Minute,
		Webhook:      WebhookConfig{ContentType: "application/json"},
	}
}

func createLogs(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Logs, error) {
	return newAlertExporter(ctx, set, cfg.(*Config))
}
