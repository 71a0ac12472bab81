package defaultrules

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/fixture"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

func compiled(t testing.TB) *rules.Set {
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

// TestPrefiltersNeverRejectARecordTheConditionAccepts checks the Go
// prefilters read off the pack's conditions against OTTL itself, on every
// fixture record and every rule or step of its event.
func TestPrefiltersNeverRejectARecordTheConditionAccepts(t *testing.T) {
	set := compiled(t)
	checked := 0
	require.NoError(t, fs.WalkDir(Fixtures(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(Fixtures(), path)
		require.NoError(t, err)
		var u plog.JSONUnmarshaler
		logs, err := u.UnmarshalLogs(data)
		require.NoError(t, err, path)
		for i := range logs.ResourceLogs().Len() {
			rl := logs.ResourceLogs().At(i)
			for j := range rl.ScopeLogs().Len() {
				sl := rl.ScopeLogs().At(j)
				for k := range sl.LogRecords().Len() {
					lr := sl.LogRecords().At(k)
					tctx := ottllog.NewTransformContext(rl, sl, lr)
					for _, r := range set.For(lr.EventName()) {
						check := func(what string, pre *rules.Prefilter, cond rules.Condition) {
							if cond == nil {
								return
							}
							ok, err := cond.Eval(context.Background(), tctx)
							if err == nil && ok {
								checked++
								assert.True(t, pre.Pass(lr.EventName(), rl.Resource().Attributes(), lr.Attributes()),
									"%s: %s: the prefilter rejects record %d that the condition accepts", path, what, k+1)
							}
						}
						check(r.ID, r.Prefilter, r.Condition)
						if r.Sequence != nil {
							for n, s := range r.Sequence.Steps {
								if slices.Contains(s.Events, lr.EventName()) {
									check(fmt.Sprintf("%s step %d", r.ID, n+1), s.Prefilter, s.Condition)
								}
							}
						}
					}
					tctx.Close()
				}
			}
		}
		return nil
	}))
	require.Positive(t, checked)
}
