package engine

import (
	"context"
	"hash/maphash"
	"slices"
	"strconv"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/correlate"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// sequence observes the steps of a sequence rule the record takes, and
// says whether it completes the sequence.
func (e *Evaluator) sequence(ctx context.Context, r *Rule, rec *record) bool {
	c := r.Compiled
	s := e.sequences[c]
	key, ok := keyOf(c.Sequence.By, rec)
	if !ok {
		return false
	}
	// A process tree is a process and its parent's family: the record also
	// counts for its parent's exec, so a shell's child continues what the
	// shell began, and a shell's second child what its first did (sh -c
	// "curl … -o x; ./x"). Not for children of the host's init, which are
	// the whole system.
	var parent string
	if c.Sequence.By == rules.KeyProcessTree && !childOfInit(rec.attrs) {
		parent = Attr(rec.attrs, schema.VigilParentExecID)
	}
	// Only a sequence under way can take a later step: the first step's
	// condition is all most records are tested against.
	underway := s.Underway(key) || (parent != "" && s.Underway(parent))
	var steps uint64
	event := rec.lr.EventName()
	for i := range r.Steps {
		if i > 0 && !underway {
			break
		}
		step := &r.Steps[i]
		if slices.Contains(step.Events, event) && e.holds(ctx, c, step.Condition, rec) &&
			!e.excepted(ctx, c, step.Exceptions, rec) {
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

// threshold counts the record, or its distinct value, when the rule's
// condition holds, and says whether the count reaches the threshold.
func (e *Evaluator) threshold(ctx context.Context, r *Rule, rec *record) bool {
	c := r.Compiled
	if !e.holds(ctx, c, r.Condition, rec) {
		return false
	}
	key, ok := keyOf(c.Threshold.By, rec)
	if !ok {
		return false
	}
	if c.Threshold.Distinct == nil {
		return e.thresholds[c].Count(key, when(rec.lr))
	}
	value, ok := e.distinctValue(ctx, r, rec)
	if !ok {
		return false
	}
	return e.thresholds[c].Distinct(key, value, when(rec.lr))
}

// seed hashes distinct values: only their equality matters.
var seed = maphash.MakeSeed()

// distinctValue is a hash of the threshold's distinct value on the
// record: read directly when it is an attribute, else by OTTL.
func (e *Evaluator) distinctValue(ctx context.Context, r *Rule, rec *record) (uint64, bool) {
	if slot := r.DistinctSlot; slot >= 0 {
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
	v, err := r.Compiled.Threshold.Distinct.Eval(ctx, rec.context())
	if err != nil || v == nil {
		if err != nil && e.onError != nil {
			e.onError(r.Compiled, err)
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
	case rules.KeyCluster:
		v = Attr(rec.resource, schema.K8sClusterName)
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
