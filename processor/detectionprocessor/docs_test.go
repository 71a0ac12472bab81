package detectionprocessor

import (
	"bytes"
	"os"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.yaml.in/yaml/v3"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/fixture"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/metadata"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// TestRuleDocumentationExamplesCompile compiles the rule files docs/rules.md
// shows, together, so the guide cannot drift from the format.
func TestRuleDocumentationExamplesCompile(t *testing.T) {
	doc, err := os.ReadFile("../../docs/rules.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(doc, -1)
	require.GreaterOrEqual(t, len(blocks), 4, "docs/rules.md shows rule files in ```yaml blocks")
	var files []*rules.File
	var fixtures []byte
	for i, b := range blocks {
		if bytes.HasPrefix(b[1], []byte("processors:")) {
			checkConfigExample(t, b[1])
			continue
		}
		if bytes.HasPrefix(b[1], []byte("# rules/fixtures/")) {
			fixtures = b[1]
			continue
		}
		f, err := rules.Parse("docs/rules.md block "+string(rune('1'+i)), b[1])
		require.NoError(t, err)
		files = append(files, f)
	}
	set, err := rules.Compile(files, componenttest.NewNopTelemetrySettings())
	require.NoError(t, err)
	require.Len(t, set.Rules, 2, "WEB-001 and NET-010; WEB-002 is disabled by the override example")

	// The fixtures the guide shows are those of its rules, and hold.
	results, err := fixture.Run(set, fstest.MapFS{"web.yaml": {Data: fixtures}})
	require.NoError(t, err)
	require.Len(t, results, 4)
	for _, r := range results {
		require.True(t, r.Passed(), "%s %s: %s", r.Rule, r.File, r.Failure)
	}
}

// checkConfigExample loads a processor configuration the guide shows and
// starts the processor with it (the pack included), so its keys and list
// names are real.
func checkConfigExample(t *testing.T, block []byte) {
	t.Helper()
	var raw map[string]map[string]map[string]any
	require.NoError(t, yaml.Unmarshal(block, &raw))
	cfg := createDefaultConfig()
	require.NoError(t, confmap.NewFromStringMap(raw["processors"]["detection"]).Unmarshal(cfg))
	cfg.Rules = nil // the guide's /etc/vigil/rules is not here
	require.NoError(t, confmap.Validate(cfg))
	_, err := newProcessor(processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
	require.NoError(t, err)
}
