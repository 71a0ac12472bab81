package detectionprocessor

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/metadata"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

func TestLoadConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(t, err)
	zero := 0
	want := createDefaultConfig()
	want.DefaultRules = false
	want.Rules = []string{"testdata/rules", "/etc/vigil/rules/local.yaml"}
	want.Lists = map[string][]string{"cloud_metadata_addresses": {"169.254.169.254", "10.0.0.254"}}
	want.Output = OutputFindings
	want.Fold = FoldConfig{Window: 5 * time.Minute, MaxKeys: 500}
	want.Correlation = CorrelationConfig{MaxKeys: 2000, MaxValues: 200}
	want.Risk = RiskConfig{Base: map[string]int{"critical": 90}, Context: map[string]int{"vigil.k8s.container.privileged": 25}, Cloud: &zero}

	sub, err := cm.Sub(component.NewIDWithName(metadata.Type, "findings").String())
	require.NoError(t, err)
	cfg := createDefaultConfig()
	require.NoError(t, sub.Unmarshal(cfg))
	require.NoError(t, confmap.Validate(cfg))
	assert.Equal(t, want, cfg)

	w := cfg.weights()
	assert.Equal(t, 90, w.Base[rules.SeverityCritical])
	assert.Equal(t, 65, w.Base[rules.SeverityHigh], "defaults stay for what is not configured")
	assert.Equal(t, 25, w.Context["vigil.k8s.container.privileged"])
	assert.Equal(t, 0, w.Cloud)
}

func TestValidateNamesTheField(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.DefaultRules = false
	cfg.Output = "alerts"
	cfg.Fold.Window = 2 * time.Hour
	cfg.Risk.Base = map[string]int{"urgent": 10}
	err := confmap.Validate(cfg)
	require.Error(t, err)
	for _, want := range []string{"rules: name at least one rule file or directory", `output: "alerts" must be "all" or "findings"`,
		"fold::window: 2h0m0s must be between 0 and 1h", `risk::base::urgent: "urgent" is not a severity`} {
		assert.Contains(t, err.Error(), want)
	}
}
