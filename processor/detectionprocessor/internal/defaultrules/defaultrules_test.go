package defaultrules

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/engine"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/fastpath"
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

// TestFastPathAgreesWithOTTL checks the Go evaluation of the pack's
// conditions against OTTL itself: where it says Yes, OTTL must hold; where
// it says No, or a rule's gate is closed, OTTL must not. On every fixture record and every record of
// the ordinary mix, and on each of them with one attribute removed (the
// absent-attribute paths), for every condition of the record's event:
// rules, sequence steps, exceptions.
func TestFastPathAgreesWithOTTL(t *testing.T) {
	plan := engine.NewPlan(compiled(t))
	records := append(fixtureRecords(t), flatten(ordinaryMix(t))...)
	decided, checked := 0, 0
	values := plan.NewValues()
	check := func(r rec, what string, c engine.Check) {
		if c.OTTL == nil {
			return
		}
		values.Reset(r.lr.EventName(), r.rl.Resource().Attributes(), r.lr.Attributes())
		v := c.Program.Eval(values)
		checked++
		if v == fastpath.Maybe {
			return
		}
		decided++
		tctx := ottllog.NewTransformContext(r.rl, r.sl, r.lr)
		defer tctx.Close()
		ok, err := c.OTTL.Eval(context.Background(), tctx)
		switch {
		case v == fastpath.Yes && (err != nil || !ok):
			t.Errorf("%s: Go says yes, OTTL %v (%v) on %s %v", what, ok, err, r.lr.EventName(), r.lr.Attributes().AsRaw())
		case v == fastpath.No && err == nil && ok:
			t.Errorf("%s: Go says no, OTTL yes on %s %v", what, r.lr.EventName(), r.lr.Attributes().AsRaw())
		}
	}
	// A closed gate must mean the condition does not hold.
	checkGate := func(r rec, rule *engine.Rule) {
		values.Reset(r.lr.EventName(), r.rl.Resource().Attributes(), r.lr.Attributes())
		if rule.Gate.Open(values) {
			return
		}
		tctx := ottllog.NewTransformContext(r.rl, r.sl, r.lr)
		defer tctx.Close()
		if ok, err := rule.Compiled.Condition.Eval(context.Background(), tctx); err == nil && ok {
			t.Errorf("%s: its gate is closed, OTTL holds on %s %v", rule.Compiled.ID, r.lr.EventName(), r.lr.Attributes().AsRaw())
		}
	}
	for _, original := range records {
		variants := []rec{original}
		original.lr.Attributes().Range(func(k string, _ pcommon.Value) bool {
			logs := plog.NewLogs()
			rl := logs.ResourceLogs().AppendEmpty()
			original.rl.Resource().CopyTo(rl.Resource())
			sl := rl.ScopeLogs().AppendEmpty()
			lr := sl.LogRecords().AppendEmpty()
			original.lr.CopyTo(lr)
			lr.Attributes().Remove(k)
			variants = append(variants, rec{rl, sl, lr})
			return true
		})
		for _, r := range variants {
			for _, rule := range plan.For(r.lr.EventName()) {
				id := rule.Compiled.ID
				checkGate(r, rule)
				check(r, id, rule.Condition)
				for i, x := range rule.Exceptions {
					check(r, id+" exception "+rule.Compiled.Exceptions[i].Name, x)
				}
				for n, s := range rule.Steps {
					if slices.Contains(s.Events, r.lr.EventName()) {
						check(r, fmt.Sprintf("%s step %d", id, n+1), s.Condition)
					}
				}
			}
		}
	}
	t.Logf("%d evaluations, %d decided in Go", checked, decided)
	require.Positive(t, decided)
}
