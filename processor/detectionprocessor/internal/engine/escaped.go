package engine

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/escape"
	"github.com/vigil-sensor/vigil/internal/schema"
)

// asGiven is the record rules read: lr itself, or, when the receiver wrote
// some of its values in escaped form (the attributes listed in
// vigil.record.sanitized_attributes, and then the body; package
// internal/escape), a copy with those values decoded back to the bytes the
// process gave. Rules match what a process did, not how it was made safe
// to print: a newline inside an argument is whitespace to a pattern's \s,
// as it was to the shell that read it. The record sent on keeps the
// escaped form. Only a marked record, which is rare, is copied.
func asGiven(lr plog.LogRecord) plog.LogRecord {
	listed, ok := lr.Attributes().Get(schema.VigilRecordSanitizedAttributes)
	if !ok || listed.Type() != pcommon.ValueTypeSlice {
		return lr
	}
	given := plog.NewLogRecord()
	lr.CopyTo(given)
	attrs := given.Attributes()
	for _, key := range listed.Slice().All() {
		if v, ok := attrs.Get(key.AsString()); ok {
			decode(v)
		}
	}
	decode(given.Body())
	return given
}

// decode decodes a string value, or each string of a list, in place.
func decode(v pcommon.Value) {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		v.SetStr(escape.Decode(v.Str()))
	case pcommon.ValueTypeSlice:
		for _, el := range v.Slice().All() {
			decode(el)
		}
	}
}
