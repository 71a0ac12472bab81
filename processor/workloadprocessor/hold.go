package workloadprocessor

import (
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
)

// held is one resource's records waiting for their pod to reach the cache:
// a container's first records are often read before the API server has
// told the informer about its pod.
type held struct {
	logs     plog.Logs // one ResourceLogs
	records  int
	deadline time.Time
}

// hold is a bounded queue of held resources.
type hold struct {
	mu         sync.Mutex
	entries    []held
	records    int
	maxRecords int
	timeout    time.Duration
}

// add holds rl (moved out of its batch) if there is room; it reports
// whether it did.
func (h *hold) add(rl plog.ResourceLogs, now time.Time) bool {
	n := 0
	for _, sl := range rl.ScopeLogs().All() {
		n += sl.LogRecords().Len()
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.records+n > h.maxRecords {
		return false
	}
	logs := plog.NewLogs()
	rl.MoveTo(logs.ResourceLogs().AppendEmpty())
	h.entries = append(h.entries, held{logs: logs, records: n, deadline: now.Add(h.timeout)})
	h.records += n
	return true
}

// take removes and returns the entries ready to go: resolved now (by
// resolve) or out of time.
func (h *hold) take(now time.Time, resolve func(plog.ResourceLogs) bool) (resolved, expired []plog.Logs) {
	h.mu.Lock()
	defer h.mu.Unlock()
	kept := h.entries[:0]
	for _, e := range h.entries {
		rl := e.logs.ResourceLogs().At(0)
		switch {
		case resolve(rl):
			resolved = append(resolved, e.logs)
		case !now.Before(e.deadline):
			expired = append(expired, e.logs)
		default:
			kept = append(kept, e)
			continue
		}
		h.records -= e.records
	}
	h.entries = kept
	return resolved, expired
}

// drain removes everything (at shutdown).
func (h *hold) drain() []plog.Logs {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]plog.Logs, 0, len(h.entries))
	for _, e := range h.entries {
		out = append(out, e.logs)
	}
	h.entries, h.records = nil, 0
	return out
}

func (h *hold) size() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return int64(h.records)
}
