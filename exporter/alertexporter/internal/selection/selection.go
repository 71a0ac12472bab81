// Package selection decides which records go to an alert destination:
// findings (security_rule.uuid present) at or above a minimum severity that
// an optional OTTL condition holds for.
package selection

import (
	"context"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/ottlfuncs"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/internal/schema"
)

// Reason says why a record was not selected; "" when it was.
type Reason string

// The reasons a record is dropped, as the dropped metric names them.
const (
	Selected         Reason = ""
	NotAFinding      Reason = "not_a_finding"
	FoldedRepeat     Reason = "folded_repeat"
	BelowMinSeverity Reason = "below_min_severity"
	ConditionFalse   Reason = "condition"
	ConditionError   Reason = "condition_error"
)

// Selector selects findings. It is safe for concurrent use.
type Selector struct {
	min       finding.Severity
	condition *ottl.Condition[*ottllog.TransformContext]
}

// New makes a Selector; condition may be "" (every finding at or above min).
func New(min finding.Severity, condition string, set component.TelemetrySettings) (*Selector, error) {
	s := &Selector{min: min}
	if condition == "" {
		return s, nil
	}
	c, err := ParseCondition(condition, set)
	if err != nil {
		return nil, err
	}
	s.condition = c
	return s, nil
}

// ParseCondition compiles a condition on a finding record as the
// detection processor compiles rule conditions: the log context
// (attributes[…], resource.attributes[…], body, severity_number…) and
// OTTL's standard converters.
func ParseCondition(text string, set component.TelemetrySettings) (*ottl.Condition[*ottllog.TransformContext], error) {
	p, err := ottllog.NewParser(ottlfuncs.StandardConverters[*ottllog.TransformContext](), set)
	if err != nil {
		return nil, err
	}
	return p.ParseCondition(text)
}

// Select tells whether the record goes to the destination, and why not
// when it does not. The condition is evaluated last, on findings of
// enough severity only. err is the condition's evaluation error.
func (s *Selector) Select(ctx context.Context, rl plog.ResourceLogs, sl plog.ScopeLogs, lr plog.LogRecord) (Reason, error) {
	if !finding.Is(lr) {
		return NotAFinding, nil
	}
	// A repeat the detection processor folded goes on (output: all) so
	// that every record is stored; its summary alerts for it.
	if v, ok := lr.Attributes().Get(schema.VigilFindingFolded); ok && v.Bool() {
		return FoldedRepeat, nil
	}
	if (finding.Finding{Record: lr, Resource: rl.Resource()}).Severity() < s.min {
		return BelowMinSeverity, nil
	}
	if s.condition == nil {
		return Selected, nil
	}
	tctx := ottllog.NewTransformContext(rl, sl, lr)
	defer tctx.Close()
	ok, err := s.condition.Eval(ctx, tctx)
	switch {
	case err != nil:
		return ConditionError, err
	case !ok:
		return ConditionFalse, nil
	}
	return Selected, nil
}
