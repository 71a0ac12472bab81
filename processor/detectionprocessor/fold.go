package detectionprocessor

import (
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
)

// foldKey is what makes findings repeats of each other: one rule, one
// process, in one container (or on one host).
type foldKey struct {
	rule, workload, process string
}

// folder lets the first finding of a key through and folds its repeats
// within the window into one record, sent at the window's end with
// vigil.finding.count: a loop that trips a rule a thousand times is one
// finding and one summary, not a thousand alerts.
type folder struct {
	window  time.Duration
	maxKeys int

	mu   sync.Mutex
	open map[foldKey]*fold
}

type fold struct {
	until   time.Time
	repeats int64
	first   plog.Logs // a copy of the first repeat, sent with the count
}

func newFolder(window time.Duration, maxKeys int) *folder {
	return &folder{window: window, maxKeys: maxKeys, open: map[foldKey]*fold{}}
}

// admit tells whether a finding goes on now; a repeat is folded (copied
// once by keep) and does not. full reports a new key refused for want of
// room: that finding goes on unfolded.
func (f *folder) admit(key foldKey, now time.Time, keep func() plog.Logs) (send, full bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.open[key]; ok && now.Before(s.until) {
		if s.repeats == 0 {
			s.first = keep()
		}
		s.repeats++
		return false, false
	}
	if len(f.open) >= f.maxKeys {
		return true, true
	}
	f.open[key] = &fold{until: now.Add(f.window)}
	return true, false
}

// due closes the windows that ended and returns the summaries of those
// that folded repeats.
func (f *folder) due(now time.Time) []plog.Logs {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []plog.Logs
	for key, s := range f.open {
		if now.Before(s.until) {
			continue
		}
		delete(f.open, key)
		if s.repeats > 0 {
			lr := s.first.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
			lr.Attributes().PutInt(schema.VigilFindingCount, s.repeats)
			out = append(out, s.first)
		}
	}
	return out
}

// size is how many keys are being folded.
func (f *folder) size() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return int64(len(f.open))
}

// copyRecord copies one record with its resource and scope.
func copyRecord(rl plog.ResourceLogs, sl plog.ScopeLogs, lr plog.LogRecord) plog.Logs {
	logs := plog.NewLogs()
	nrl := logs.ResourceLogs().AppendEmpty()
	rl.Resource().CopyTo(nrl.Resource())
	nrl.SetSchemaUrl(rl.SchemaUrl())
	nsl := nrl.ScopeLogs().AppendEmpty()
	sl.Scope().CopyTo(nsl.Scope())
	nsl.SetSchemaUrl(sl.SchemaUrl())
	lr.CopyTo(nsl.LogRecords().AppendEmpty())
	return logs
}
