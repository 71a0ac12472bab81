package workloadprocessor

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/vigil-sensor/vigil/processor/workloadprocessor/internal/metadata"
)

func TestLoadConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	daemonset := createDefaultConfig()
	daemonset.NodeFromEnvVar = "MY_NODE"
	daemonset.ClusterName = "prod-eu"
	daemonset.Extract = ExtractConfig{
		Labels:      []FieldExtract{{Key: "app.kubernetes.io/name"}, {Key: "team", TagName: "team"}},
		Annotations: []FieldExtract{{Key: "owner"}},
	}
	daemonset.PodDeleteGracePeriod = 5 * time.Minute
	daemonset.WaitForPod = WaitConfig{Timeout: 3 * time.Second, MaxRecords: 500}
	daemonset.RBAC = false
	daemonset.SyncTimeout = time.Minute
	gateway := createDefaultConfig()
	gateway.AuthType, gateway.KubeConfig, gateway.NodeFromEnvVar = AuthKubeConfig, "/etc/vigil/kubeconfig", ""

	for _, tt := range []struct {
		id   component.ID
		want *Config
	}{
		{component.NewID(metadata.Type), createDefaultConfig()},
		{component.NewIDWithName(metadata.Type, "daemonset"), daemonset},
		{component.NewIDWithName(metadata.Type, "gateway"), gateway},
	} {
		t.Run(tt.id.String(), func(t *testing.T) {
			cfg := NewFactory().CreateDefaultConfig()
			sub, err := cm.Sub(tt.id.String())
			require.NoError(t, err)
			require.NoError(t, sub.Unmarshal(cfg))
			require.NoError(t, confmap.Validate(cfg))
			assert.Equal(t, tt.want, cfg)
		})
	}
}

func TestValidateNamesTheField(t *testing.T) {
	for _, tt := range []struct {
		mutate func(*Config)
		want   string
	}{
		{func(c *Config) { c.AuthType = "token" }, `auth_type: "token" must be "serviceAccount", "kubeConfig" or "none"`},
		{func(c *Config) { c.AuthType = AuthKubeConfig }, `kubeconfig: a path is required with auth_type "kubeConfig"`},
		{func(c *Config) { c.PodDeleteGracePeriod = -time.Second }, "pod_delete_grace_period: -1s must not be negative"},
		{func(c *Config) { c.WaitForPod.Timeout = time.Hour }, "wait_for_pod::timeout: 1h0m0s must be between 0 and 1m"},
		{func(c *Config) { c.WaitForPod.MaxRecords = 0 }, "wait_for_pod::max_records: 0 must be at least 1"},
		{func(c *Config) { c.SyncTimeout = 0 }, "sync_timeout: 0s must be positive"},
		{func(c *Config) { c.Extract.Annotations = []FieldExtract{{Key: "a"}, {}} }, "extract::annotations[1]::key: is required"},
	} {
		cfg := createDefaultConfig()
		tt.mutate(cfg)
		err := cfg.Validate()
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.want)
	}
}
