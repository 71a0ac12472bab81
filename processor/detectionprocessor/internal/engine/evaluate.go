// Package engine runs compiled rules over log records.
package engine

import (
	"context"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// Evaluator tests records against the rules indexed under their event name.
type Evaluator struct {
	Set *rules.Set
	// OnError is told of a condition that failed to evaluate on a record
	// (a type mismatch the compiler could not see); the rule is taken as not
	// matching. It may be nil.
	OnError func(rule *rules.Compiled, err error)
}

// Evaluate appends to matched the rules whose condition holds for the
// record and none of whose exceptions does. A record whose event no rule
// names costs one map lookup and allocates nothing.
func (e *Evaluator) Evaluate(ctx context.Context, rl plog.ResourceLogs, sl plog.ScopeLogs, lr plog.LogRecord, matched []*rules.Compiled) []*rules.Compiled {
	candidates := e.Set.For(lr.EventName())
	if len(candidates) == 0 {
		return matched
	}
	tctx := ottllog.NewTransformContext(rl, sl, lr)
	defer tctx.Close()
	for _, r := range candidates {
		if e.holds(ctx, r, r.Condition, tctx) && !e.excepted(ctx, r, tctx) {
			matched = append(matched, r)
		}
	}
	return matched
}

func (e *Evaluator) excepted(ctx context.Context, r *rules.Compiled, tctx *ottllog.TransformContext) bool {
	for _, x := range r.Exceptions {
		if e.holds(ctx, r, x.Condition, tctx) {
			return true
		}
	}
	return false
}

func (e *Evaluator) holds(ctx context.Context, r *rules.Compiled, c rules.Condition, tctx *ottllog.TransformContext) bool {
	ok, err := c.Eval(ctx, tctx)
	if err != nil {
		if e.OnError != nil {
			e.OnError(r, err)
		}
		return false
	}
	return ok
}
