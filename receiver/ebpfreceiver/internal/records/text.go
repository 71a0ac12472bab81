package records

import (
	"slices"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/escape"
	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
)

// Every string a workload chose — argv, paths, the names it gives a process,
// a file, a memfd, a BPF program, a DNS query — is written by the methods
// below, and nothing else writes one. They escape what is not safe to print
// (package internal/escape: control characters, invalid UTF-8) and mark the
// record: vigil.record.sanitized, and each escaped attribute listed in
// vigil.record.sanitized_attributes. Each attribute is escaped on its own, so
// a clean value beside an escaped one stays verbatim and unlisted; a list is
// escaped as a whole, every element in escaped form, and so is the body of
// a marked record, which quotes the values it is made of.
//
// A clean value costs a scan and no allocation. The strings of a process
// image, which every record of the process and of its children repeats, are
// scanned once per image (proctable.Image.Printable).

// putText writes s as key, escaped when it must be.
func (e *Encoder) putText(attrs pcommon.Map, key, s string) {
	out, escaped := escape.String(s)
	attrs.PutStr(key, out)
	if escaped {
		e.markEscaped(attrs, key)
	}
}

// putImageText writes s, a string of the process image img, as key: as it
// is when the image is printable.
func (e *Encoder) putImageText(attrs pcommon.Map, img *proctable.Image, key, s string) {
	if img.Printable() {
		attrs.PutStr(key, s)
		return
	}
	e.putText(attrs, key, s)
}

// putTexts writes values as the list key: as they are when none needs
// escaping, otherwise every one in escaped form.
func (e *Encoder) putTexts(attrs pcommon.Map, key string, values []string, printable bool) {
	list := attrs.PutEmptySlice(key)
	list.EnsureCapacity(len(values))
	escaped := !printable && slices.ContainsFunc(values, escape.Needed)
	for _, v := range values {
		if escaped {
			v = escape.Always(v)
		}
		list.AppendEmpty().SetStr(v)
	}
	if escaped {
		e.markEscaped(attrs, key)
	}
}

// putAncestorTexts writes a string of each ancestor's image (field) as the
// list key, escaped as putTexts does.
func (e *Encoder) putAncestorTexts(attrs pcommon.Map, key string, field func(*proctable.Process) string) {
	list := attrs.PutEmptySlice(key)
	list.EnsureCapacity(len(e.ancestors))
	escaped := slices.ContainsFunc(e.ancestors, func(a *proctable.Process) bool {
		return !a.Printable() && escape.Needed(field(a))
	})
	for _, a := range e.ancestors {
		v := field(a)
		if escaped {
			v = escape.Always(v)
		}
		list.AppendEmpty().SetStr(v)
	}
	if escaped {
		e.markEscaped(attrs, key)
	}
}

// setBody writes the body, made of values of the record: in escaped form
// as a whole when the record is marked or the body itself needs it. Every
// encoder sets the body last, once its attributes are written.
func (e *Encoder) setBody(lr plog.LogRecord, body string) {
	if e.escaped || escape.Needed(body) {
		body = escape.Always(body)
		if !e.escaped {
			e.escaped = true
			lr.Attributes().PutBool(schema.VigilRecordSanitized, true)
		}
	}
	lr.Body().SetStr(body)
}

// markEscaped marks the record: key was written in escaped form. The
// record being written is e's (start resets the mark).
func (e *Encoder) markEscaped(attrs pcommon.Map, key string) {
	var list pcommon.Slice
	if !e.escaped {
		e.escaped = true
		attrs.PutBool(schema.VigilRecordSanitized, true)
		list = attrs.PutEmptySlice(schema.VigilRecordSanitizedAttributes)
	} else if v, ok := attrs.Get(schema.VigilRecordSanitizedAttributes); ok {
		list = v.Slice()
	} else { // the body was escaped first: no encoder does that
		list = attrs.PutEmptySlice(schema.VigilRecordSanitizedAttributes)
	}
	list.AppendEmpty().SetStr(key)
}
