// Package finding reads a finding — a log record the detection processor
// marked with security_rule.* (docs/events.md) — the way the alert formats
// need it: by attribute name, whether the record or its resource carries it
// (the workload processor writes k8s.* and host.* on the resource), with the
// derived facts every format shows (workload, process tree, peer).
package finding

import (
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
)

// Finding is one finding record with its resource. Its methods never
// modify either, so a Finding may wrap read-only data.
type Finding struct {
	Record   plog.LogRecord
	Resource pcommon.Resource
}

// Is tells whether a record carries a finding: security_rule.uuid present.
func Is(lr plog.LogRecord) bool {
	v, ok := lr.Attributes().Get(schema.SecurityRuleUUID)
	return ok && v.AsString() != ""
}

// Value is the attribute of that name, the record's first, else the
// resource's.
func (f Finding) Value(name string) (pcommon.Value, bool) {
	if v, ok := f.Record.Attributes().Get(name); ok {
		return v, true
	}
	return f.Resource.Attributes().Get(name)
}

// Attr is the attribute of that name as a string ("" when absent). Slices
// and maps read as JSON, as pcommon renders them.
func (f Finding) Attr(name string) string {
	v, ok := f.Value(name)
	if !ok {
		return ""
	}
	return v.AsString()
}

// Int is an integer attribute, ok false when absent or not an integer.
func (f Finding) Int(name string) (int64, bool) {
	v, ok := f.Value(name)
	if !ok || v.Type() != pcommon.ValueTypeInt {
		return 0, false
	}
	return v.Int(), true
}

// Strings is a string-slice attribute's items (nil when absent).
func (f Finding) Strings(name string) []string {
	v, ok := f.Value(name)
	if !ok || v.Type() != pcommon.ValueTypeSlice {
		return nil
	}
	s := v.Slice()
	out := make([]string, s.Len())
	for i := range out {
		out[i] = s.At(i).AsString()
	}
	return out
}

// Time is when the finding's event happened: the record's timestamp, else
// when it was observed, else the zero time.
func (f Finding) Time() time.Time {
	if ts := f.Record.Timestamp(); ts != 0 {
		return ts.AsTime()
	}
	if ts := f.Record.ObservedTimestamp(); ts != 0 {
		return ts.AsTime()
	}
	return time.Time{}
}

// Body is the record's one line for humans.
func (f Finding) Body() string { return f.Record.Body().AsString() }

// EventName is what happened (process.exec, file.open…).
func (f Finding) EventName() string { return f.Record.EventName() }

// Occurrences is how many times the finding happened as far as this record
// tells: a summary of folded repeats (vigil.finding.count) stands for that
// many, any other finding for one. A summary's first occurrence was sent on
// its own before it, so counts are never multiplied.
func (f Finding) Occurrences() int64 {
	if n, ok := f.Int(schema.VigilFindingCount); ok && n > 0 {
		return n
	}
	return 1
}

// IsSummary tells whether the record is a summary of folded repeats.
func (f Finding) IsSummary() bool {
	_, ok := f.Int(schema.VigilFindingCount)
	return ok
}
