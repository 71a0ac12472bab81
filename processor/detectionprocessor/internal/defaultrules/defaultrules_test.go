package defaultrules

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/fixture"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

func compiled(t *testing.T) *rules.Set {
	t.Helper()
	files, err := Files()
	require.NoError(t, err)
	set, err := rules.Compile(files, componenttest.NewNopTelemetrySettings())
	require.NoError(t, err, "the default pack must compile")
	return set
}

// TestEveryRuleFiresOnItsFixturesAndNotOnItsNearMisses is the pack's
// contract: every rule has fixtures (a rule without them fails here) and
// they hold.
func TestEveryRuleFiresOnItsFixturesAndNotOnItsNearMisses(t *testing.T) {
	set := compiled(t)
	results, err := fixture.Run(set, Fixtures())
	require.NoError(t, err)
	require.Len(t, results, 2*len(set.Rules))
	for _, r := range results {
		if !r.Passed() {
			t.Errorf("%s %s: %s", r.Rule, r.File, r.Failure)
		}
	}
}

func TestPackRulesAreNamedAsTheDefaultRuleset(t *testing.T) {
	for _, r := range compiled(t).Rules {
		require.Equal(t, Ruleset, r.Ruleset, r.ID)
	}
}
