package detectionprocessor

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"

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
	for i, b := range blocks {
		f, err := rules.Parse("docs/rules.md block "+string(rune('1'+i)), b[1])
		require.NoError(t, err)
		files = append(files, f)
	}
	set, err := rules.Compile(files, componenttest.NewNopTelemetrySettings())
	require.NoError(t, err)
	require.Len(t, set.Rules, 2, "WEB-001 and NET-010; WEB-002 is disabled by the override example")
}
