// Package engine runs compiled rules over log records: record rules on each
// record, correlation rules over records kept per key. It composes the rule
// language (package rules: OTTL conditions, indexed by event) with the fast
// path (package fastpath: what of each condition Go can judge): a Plan
// pairs each condition with its program, and an Evaluator asks the program
// first and OTTL only when it cannot tell.
package engine

import (
	"context"
	"sync"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/correlate"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/fastpath"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// Evaluator tests records against the rules indexed under their event name.
type Evaluator struct {
	plan *Plan
	// onError is told of a condition that failed to evaluate on a record
	// (a type mismatch the compiler could not see); the rule is taken as
	// not matching.
	onError    func(rule *rules.Compiled, err error)
	sequences  map[*rules.Compiled]*correlate.Sequence
	thresholds map[*rules.Compiled]*correlate.Threshold
	// values are the fast path's view of a record, one per concurrent
	// Evaluate.
	values sync.Pool
}

// New prepares to run a plan, with limits on each correlation rule's
// state. onError may be nil.
func New(plan *Plan, limits correlate.Limits, onError func(*rules.Compiled, error)) *Evaluator {
	e := &Evaluator{plan: plan, onError: onError,
		sequences: map[*rules.Compiled]*correlate.Sequence{}, thresholds: map[*rules.Compiled]*correlate.Threshold{}}
	e.values.New = func() any { return plan.NewValues() }
	for _, r := range plan.set.Rules {
		switch r.Kind {
		case rules.KindSequence:
			e.sequences[r] = correlate.NewSequence(len(r.Sequence.Steps), r.Sequence.Within, limits)
		case rules.KindThreshold:
			e.thresholds[r] = correlate.NewThreshold(r.Threshold.Count, r.Threshold.Within, limits)
		}
	}
	return e
}

// Rules are the enabled rules, in file order.
func (e *Evaluator) Rules() []*rules.Compiled { return e.plan.set.Rules }

// Evaluate appends to matched the rules that fire on the record: record
// rules whose condition holds and no exception does, correlation rules the
// record completes. tested says whether any rule applied to the record's
// event. A record whose rules' programs all reject it never reaches OTTL
// and allocates nothing.
func (e *Evaluator) Evaluate(ctx context.Context, rl plog.ResourceLogs, sl plog.ScopeLogs, lr plog.LogRecord, matched []*rules.Compiled) (_ []*rules.Compiled, tested bool) {
	candidates := e.plan.For(lr.EventName())
	if len(candidates) == 0 {
		return matched, false
	}
	lr = asGiven(lr)
	rec := record{rl: rl, sl: sl, lr: lr, resource: rl.Resource().Attributes(), attrs: lr.Attributes(),
		values: e.values.Get().(*fastpath.Values)}
	rec.values.Reset(lr.EventName(), rec.resource, rec.attrs)
	defer func() {
		rec.close()
		e.values.Put(rec.values)
	}()
	for _, r := range candidates {
		if !r.Gate.Open(rec.values) {
			continue
		}
		var fired bool
		switch r.kind {
		case rules.KindRecord:
			fired = e.holds(ctx, r.Compiled, r.Condition, &rec)
		case rules.KindSequence:
			fired = e.sequence(ctx, r, &rec)
		case rules.KindThreshold:
			fired = e.threshold(ctx, r, &rec)
		}
		if fired && !e.excepted(ctx, r.Compiled, r.Exceptions, &rec) {
			matched = append(matched, r.Compiled)
		}
	}
	return matched, true
}

// record is the record being evaluated, with the OTTL context made the
// first time a condition needs it.
type record struct {
	rl       plog.ResourceLogs
	sl       plog.ScopeLogs
	lr       plog.LogRecord
	resource pcommon.Map
	attrs    pcommon.Map
	values   *fastpath.Values
	tctx     *ottllog.TransformContext
}

func (r *record) context() *ottllog.TransformContext {
	if r.tctx == nil {
		r.tctx = ottllog.NewTransformContext(r.rl, r.sl, r.lr)
	}
	return r.tctx
}

func (r *record) close() {
	if r.tctx != nil {
		r.tctx.Close()
	}
}

func (e *Evaluator) excepted(ctx context.Context, r *rules.Compiled, exceptions []Check, rec *record) bool {
	for _, x := range exceptions {
		if e.holds(ctx, r, x, rec) {
			return true
		}
	}
	return false
}

// holds evaluates a condition: in Go when its program can tell, else with
// OTTL. A condition that fails to evaluate is told to onError and does not
// hold.
func (e *Evaluator) holds(ctx context.Context, r *rules.Compiled, c Check, rec *record) bool {
	switch c.Program.Eval(rec.values) {
	case fastpath.No:
		return false
	case fastpath.Yes:
		return true
	}
	ok, err := c.OTTL.Eval(ctx, rec.context())
	if err != nil {
		if e.onError != nil {
			e.onError(r, err)
		}
		return false
	}
	return ok
}
