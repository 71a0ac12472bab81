package alertexporter

import (
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
)

// located is a record with its resource and scope.
type located struct {
	rl plog.ResourceLogs
	sl plog.ScopeLogs
	lr plog.LogRecord
}

func (r located) finding() finding.Finding {
	return finding.Finding{Record: r.lr, Resource: r.rl.Resource()}
}

func eachRecord(ld plog.Logs, fn func(located)) {
	for i := 0; i < ld.ResourceLogs().Len(); i++ {
		rl := ld.ResourceLogs().At(i)
		for j := 0; j < rl.ScopeLogs().Len(); j++ {
			sl := rl.ScopeLogs().At(j)
			for k := 0; k < sl.LogRecords().Len(); k++ {
				fn(located{rl: rl, sl: sl, lr: sl.LogRecords().At(k)})
			}
		}
	}
}

// copyRecords copies records into new Logs, those of one scope (in a row)
// under one copy of it: the input is left as it was, read-only or not.
func copyRecords(records []located) plog.Logs {
	out := plog.NewLogs()
	var (
		lastRL, toRL    plog.ResourceLogs
		lastScope, toSL plog.ScopeLogs
	)
	for i, r := range records {
		if i == 0 || r.rl != lastRL {
			toRL = out.ResourceLogs().AppendEmpty()
			r.rl.Resource().CopyTo(toRL.Resource())
			toRL.SetSchemaUrl(r.rl.SchemaUrl())
			lastRL = r.rl
			lastScope = plog.ScopeLogs{}
		}
		if i == 0 || r.sl != lastScope {
			toSL = toRL.ScopeLogs().AppendEmpty()
			r.sl.Scope().CopyTo(toSL.Scope())
			toSL.SetSchemaUrl(r.sl.SchemaUrl())
			lastScope = r.sl
		}
		r.lr.CopyTo(toSL.LogRecords().AppendEmpty())
	}
	return out
}
