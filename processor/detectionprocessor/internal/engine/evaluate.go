// Package engine runs compiled rules over log records: record rules on each
// record, correlation rules over records kept per key.
package engine

import (
	"context"
	"hash/maphash"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/ottl/contexts/ottllog"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/correlate"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// Evaluator tests records against the rules indexed under their event name.
type Evaluator struct {
	set *rules.Set
	// onError is told of a condition that failed to evaluate on a record
	// (a type mismatch the compiler could not see); the rule is taken as
	// not matching.
	onError    func(rule *rules.Compiled, err error)
	sequences  map[*rules.Compiled]*correlate.Sequence
	thresholds map[*rules.Compiled]*correlate.Threshold
	// values are the prefilters' view of a record, one per concurrent
	// Evaluate.
	values sync.Pool
}

// New prepares the rules of set, with limits on each correlation rule's
// state. onError may be nil.
func New(set *rules.Set, limits correlate.Limits, onError func(*rules.Compiled, error)) *Evaluator {
	e := &Evaluator{set: set, onError: onError,
		sequences: map[*rules.Compiled]*correlate.Sequence{}, thresholds: map[*rules.Compiled]*correlate.Threshold{}}
	e.values.New = func() any { return set.NewValues() }
	for _, r := range set.Rules {
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
func (e *Evaluator) Rules() []*rules.Compiled { return e.set.Rules }

// Evaluate appends to matched the rules that fire on the record: record
// rules whose condition holds and no exception does, correlation rules the
// record completes. tested says whether any rule applied to the record's
// event. A record whose rules' prefilters all reject it never reaches OTTL
// and allocates nothing.
func (e *Evaluator) Evaluate(ctx context.Context, rl plog.ResourceLogs, sl plog.ScopeLogs, lr plog.LogRecord, matched []*rules.Compiled) (_ []*rules.Compiled, tested bool) {
	candidates := e.set.For(lr.EventName())
	if len(candidates) == 0 {
		return matched, false
	}
	rec := record{rl: rl, sl: sl, lr: lr, resource: rl.Resource().Attributes(), attrs: lr.Attributes(),
		values: e.values.Get().(*rules.Values)}
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
		switch r.Kind {
		case rules.KindRecord:
			fired = e.holds(ctx, r, r.Prefilter, r.Condition, &rec)
		case rules.KindSequence:
			fired = e.sequence(ctx, r, &rec)
		case rules.KindThreshold:
			fired = e.threshold(ctx, r, &rec)
		}
		if fired && !e.excepted(ctx, r, r.Exceptions, &rec) {
			matched = append(matched, r)
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
	values   *rules.Values
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

func (e *Evaluator) sequence(ctx context.Context, r *rules.Compiled, rec *record) bool {
	s := e.sequences[r]
	key, ok := keyOf(r.Sequence.By, rec)
	if !ok {
		return false
	}
	// A process tree is a process and its parent's family: the record also
	// counts for its parent's exec, so a shell's child continues what the
	// shell began, and a shell's second child what its first did (sh -c
	// "curl … -o x; ./x"). Not for children of the host's init, which are
	// the whole system.
	var parent string
	if r.Sequence.By == rules.KeyProcessTree && !childOfInit(rec.attrs) {
		parent = Attr(rec.attrs, schema.VigilParentExecID)
	}
	// Only a sequence under way can take a later step: the first step's
	// condition is all most records are tested against.
	underway := s.Underway(key) || (parent != "" && s.Underway(parent))
	var steps uint64
	event := rec.lr.EventName()
	for i, step := range r.Sequence.Steps {
		if i > 0 && !underway {
			break
		}
		if slices.Contains(step.Events, event) && e.holds(ctx, r, step.Prefilter, step.Condition, rec) &&
			!e.excepted(ctx, r, step.Exceptions, rec) {
			steps |= 1 << i
		}
	}
	if steps == 0 {
		return false
	}
	at := when(rec.lr)
	if s.Observe(key, steps, at) {
		return true
	}
	return parent != "" && s.Observe(parent, steps, at)
}

// childOfInit says whether the record's parent is the host's pid 1.
func childOfInit(attrs pcommon.Map) bool {
	v, ok := attrs.Get(schema.ProcessParentPID)
	return ok && v.Type() == pcommon.ValueTypeInt && v.Int() == 1
}

func (e *Evaluator) threshold(ctx context.Context, r *rules.Compiled, rec *record) bool {
	if !e.holds(ctx, r, r.Prefilter, r.Condition, rec) {
		return false
	}
	key, ok := keyOf(r.Threshold.By, rec)
	if !ok {
		return false
	}
	if r.Threshold.Distinct == nil {
		return e.thresholds[r].Count(key, when(rec.lr))
	}
	value, ok := e.distinctValue(ctx, r, rec)
	if !ok {
		return false
	}
	return e.thresholds[r].Distinct(key, value, when(rec.lr))
}

// seed hashes distinct values: only their equality matters.
var seed = maphash.MakeSeed()

// distinctValue is a hash of the threshold's distinct value on the
// record: read directly when it is an attribute, else by OTTL.
func (e *Evaluator) distinctValue(ctx context.Context, r *rules.Compiled, rec *record) (uint64, bool) {
	if slot := r.Threshold.DistinctSlot; slot >= 0 {
		v, ok := rec.values.Get(slot)
		if !ok {
			return 0, false
		}
		// Hashed as the string OTTL's path would make of it, so that 80 and
		// "80" are one value either way.
		switch v.Type() {
		case pcommon.ValueTypeStr:
			return maphash.String(seed, v.Str()), v.Str() != ""
		case pcommon.ValueTypeInt:
			var buf [20]byte
			return maphash.Bytes(seed, strconv.AppendInt(buf[:0], v.Int(), 10)), true
		}
		s := v.AsString()
		return maphash.String(seed, s), s != ""
	}
	v, err := r.Threshold.Distinct.Eval(ctx, rec.context())
	if err != nil || v == nil {
		if err != nil && e.onError != nil {
			e.onError(r, err)
		}
		return 0, false
	}
	s := pcommonString(v)
	return maphash.String(seed, s), s != ""
}

// Sweep forgets correlation state whose window has passed.
func (e *Evaluator) Sweep(now time.Time) {
	for _, s := range e.sequences {
		s.Sweep(now)
	}
	for _, t := range e.thresholds {
		t.Sweep(now)
	}
}

// Stats sums the correlation state's counters.
func (e *Evaluator) Stats() correlate.Counters {
	var sum correlate.Counters
	add := func(c correlate.Counters) {
		sum.Keys += c.Keys
		sum.EvictedKeys += c.EvictedKeys
		sum.DroppedValues += c.DroppedValues
	}
	for _, s := range e.sequences {
		add(s.Stats())
	}
	for _, t := range e.thresholds {
		add(t.Stats())
	}
	return sum
}

func (e *Evaluator) excepted(ctx context.Context, r *rules.Compiled, exceptions []rules.CompiledException, rec *record) bool {
	for _, x := range exceptions {
		if e.holds(ctx, r, x.Prefilter, x.Condition, rec) {
			return true
		}
	}
	return false
}

// holds evaluates a condition: in Go when its prefilter can tell, else
// with OTTL. A condition that fails to evaluate is told to onError and
// does not hold.
func (e *Evaluator) holds(ctx context.Context, r *rules.Compiled, pre *rules.Prefilter, c rules.Condition, rec *record) bool {
	switch pre.Eval(rec.values) {
	case rules.No:
		return false
	case rules.Yes:
		return true
	}
	ok, err := c.Eval(ctx, rec.context())
	if err != nil {
		if e.onError != nil {
			e.onError(r, err)
		}
		return false
	}
	return ok
}

// keyOf is a record's correlation key; false when the record has none
// (a host record for a container key).
func keyOf(k rules.Key, rec *record) (string, bool) {
	var v string
	switch k {
	case rules.KeyProcess, rules.KeyProcessTree:
		v = Attr(rec.attrs, schema.VigilExecID)
	case rules.KeyContainer:
		v = Attr(rec.resource, schema.ContainerID)
	case rules.KeyPod:
		v = Attr(rec.resource, schema.K8sPodUID)
	case rules.KeyHost:
		v = Attr(rec.resource, schema.HostID)
	}
	return v, v != ""
}

// when is the record's time: the event's, else when it was observed.
func when(lr plog.LogRecord) time.Time {
	if ts := lr.Timestamp(); ts != 0 {
		return ts.AsTime()
	}
	return lr.ObservedTimestamp().AsTime()
}

// Attr is an attribute as a string, "" when absent.
func Attr(m pcommon.Map, key string) string {
	if v, ok := m.Get(key); ok {
		return v.AsString()
	}
	return ""
}

func pcommonString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case pcommon.Value:
		return v.AsString()
	}
	val := pcommon.NewValueEmpty()
	if err := val.FromRaw(v); err != nil {
		return ""
	}
	return val.AsString()
}
