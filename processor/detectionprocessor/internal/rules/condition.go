package rules

import (
	"context"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/ottlfuncs"
	"go.opentelemetry.io/collector/component"
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

// Parser compiles expanded conditions and value expressions on log
// records, with the functions rule files may call: OTTL's standard
// converters.
type Parser struct {
	ottl ottl.Parser[*ottllog.TransformContext]
}

// NewParser makes a Parser.
func NewParser(set component.TelemetrySettings) (*Parser, error) {
	p, err := ottllog.NewParser(ottlfuncs.StandardConverters[*ottllog.TransformContext](), set)
	if err != nil {
		return nil, err
	}
	return &Parser{ottl: p}, nil
}

// Condition compiles a condition whose lists and macros are expanded.
func (p *Parser) Condition(expanded string) (*Condition, error) {
	c, err := p.ottl.ParseCondition(expanded)
	if err != nil {
		return nil, err
	}
	return &Condition{Text: expanded, ottl: c}, nil
}

// Value compiles a value expression whose lists and macros are expanded.
func (p *Parser) Value(expanded string) (*Value, error) {
	v, err := p.ottl.ParseValueExpression(expanded)
	if err != nil {
		return nil, err
	}
	return &Value{Text: expanded, ottl: v}, nil
}
