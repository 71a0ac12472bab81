package grouping

import (
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
)

// Window holds each group's open window. It is safe for concurrent use.
type Window struct {
	length    time.Duration
	maxGroups int

	mu   sync.Mutex
	open map[string]*group
}

type group struct {
	until time.Time
	// repeats is how many occurrences arrived in this window after the
	// message that opened it; summary is a copy of the first of them.
	repeats int64
	summary plog.Logs
}

// NewWindow makes a Window of that length holding at most maxGroups groups.
func NewWindow(length time.Duration, maxGroups int) *Window {
	return &Window{length: length, maxGroups: maxGroups, open: map[string]*group{}}
}

// Admit tells whether a finding of group key, standing for occurrences
// occurrences, is sent now (it opens the group's window) or folded into
// the group's summary; keep copies the finding (a single record with its
// resource and scope) and is called once per window, for the first repeat.
// A new group finds no room when maxGroups are open: it is sent, unfolded.
func (w *Window) Admit(key string, now time.Time, occurrences int64, keep func() plog.Logs) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if g, ok := w.open[key]; ok && now.Before(g.until) {
		if g.repeats == 0 {
			g.summary = keep()
		}
		g.repeats += occurrences
		return false
	}
	if len(w.open) >= w.maxGroups {
		return true
	}
	w.open[key] = &group{until: now.Add(w.length)}
	return true
}

// Due closes the windows ended by now and returns a summary for each that
// folded repeats: the copy of its first repeat with vigil.finding.count set
// to the occurrences folded. A summary opens the group's next window, so a
// storm makes one message per window; a window without repeats forgets its
// group.
func (w *Window) Due(now time.Time) []plog.Logs {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []plog.Logs
	for key, g := range w.open {
		if now.Before(g.until) {
			continue
		}
		if g.repeats == 0 {
			delete(w.open, key)
			continue
		}
		out = append(out, summarize(g))
		w.open[key] = &group{until: now.Add(w.length)}
	}
	return out
}

// Drain returns the summaries of every open window and forgets every
// group: what is pending when the exporter stops.
func (w *Window) Drain() []plog.Logs {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []plog.Logs
	for key, g := range w.open {
		if g.repeats > 0 {
			out = append(out, summarize(g))
		}
		delete(w.open, key)
	}
	return out
}

// Len is how many groups have an open window.
func (w *Window) Len() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.open)
}

func summarize(g *group) plog.Logs {
	lr := g.summary.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	lr.Attributes().PutInt(schema.VigilFindingCount, g.repeats)
	return g.summary
}
