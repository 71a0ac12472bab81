package rules

import (
	"context"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
)

// Condition is a compiled OTTL condition on a log record, with the text it
// was compiled from, lists and macros expanded: what OTTL evaluates, and
// what another reader of the condition (the fast path) reads.
type Condition struct {
	Text string
	ottl *ottl.Condition[*ottllog.TransformContext]
}

// Eval evaluates the condition on a record.
func (c *Condition) Eval(ctx context.Context, tctx *ottllog.TransformContext) (bool, error) {
	return c.ottl.Eval(ctx, tctx)
}

// Value is a compiled OTTL value expression on a log record, with the text
// it was compiled from, lists and macros expanded.
type Value struct {
	Text string
	ottl *ottl.ValueExpression[*ottllog.TransformContext]
}

// Eval evaluates the expression on a record.
func (v *Value) Eval(ctx context.Context, tctx *ottllog.TransformContext) (any, error) {
	return v.ottl.Eval(ctx, tctx)
}
