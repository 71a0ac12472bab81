package selection_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/findingtest"
	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/selection"
)

func sel(t *testing.T, min finding.Severity, condition string) *selection.Selector {
	t.Helper()
	s, err := selection.New(min, condition, componenttest.NewNopTelemetrySettings())
	require.NoError(t, err)
	return s
}

func selectFirst(t *testing.T, s *selection.Selector, ld plog.Logs) (selection.Reason, error) {
	t.Helper()
	rl := ld.ResourceLogs().At(0)
	sl := rl.ScopeLogs().At(0)
	return s.Select(context.Background(), rl, sl, sl.LogRecords().At(0))
}

func TestOnlyFindings(t *testing.T) {
	ld := findingtest.ShadowRead()
	findingtest.Record(ld).Attributes().Remove("security_rule.uuid")
	reason, err := selectFirst(t, sel(t, finding.Low, ""), ld)
	require.NoError(t, err)
	assert.Equal(t, selection.NotAFinding, reason)
}

func TestFoldedRepeatsAreLeftToTheirSummary(t *testing.T) {
	ld := findingtest.ShadowRead()
	findingtest.Record(ld).Attributes().PutBool("vigil.finding.folded", true)
	reason, err := selectFirst(t, sel(t, finding.Low, ""), ld)
	require.NoError(t, err)
	assert.Equal(t, selection.FoldedRepeat, reason)
}

func TestMinSeverity(t *testing.T) {
	for min, want := range map[finding.Severity]selection.Reason{
		finding.Medium:   selection.Selected,
		finding.High:     selection.Selected,
		finding.Critical: selection.BelowMinSeverity,
	} {
		reason, err := selectFirst(t, sel(t, min, ""), findingtest.ShadowRead())
		require.NoError(t, err)
		assert.Equal(t, want, reason, "a high finding against min_severity %s", min)
	}
}

func TestCondition(t *testing.T) {
	inShop := sel(t, finding.Low, `resource.attributes["k8s.namespace.name"] == "shop" and attributes["vigil.finding.risk_score"] > 90`)
	reason, err := selectFirst(t, inShop, findingtest.ReverseShellInPod())
	require.NoError(t, err)
	assert.Equal(t, selection.Selected, reason)
	reason, err = selectFirst(t, inShop, findingtest.ShadowRead())
	require.NoError(t, err)
	assert.Equal(t, selection.ConditionFalse, reason, "a host finding has no namespace")

	// The severity is checked first: the condition never runs on a finding
	// the destination does not take anyway.
	reason, _ = selectFirst(t, sel(t, finding.Critical, `attributes["no"] == 1`), findingtest.ShadowRead())
	assert.Equal(t, selection.BelowMinSeverity, reason)
}

func TestConditionError(t *testing.T) {
	// A command line is no number: the comparison fails at evaluation,
	// which the compiler cannot see.
	s := sel(t, finding.Low, `Int(attributes["process.command_line"]) > 3`)
	reason, err := selectFirst(t, s, findingtest.ShadowRead())
	assert.Equal(t, selection.ConditionError, reason)
	assert.Error(t, err)
}

func TestBadConditionIsRefused(t *testing.T) {
	_, err := selection.New(finding.Low, `attributes["x"] ==`, componenttest.NewNopTelemetrySettings())
	assert.Error(t, err)
}
