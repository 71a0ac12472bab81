package correlate

import (
	"sync"
	"time"
)

// Threshold fires when a key sees Count matching records — or Count
// distinct values, when values are given — within a window. It then starts
// counting afresh, so a burst gives one finding per Count records.
type Threshold struct {
	count  int
	within time.Duration
	limits Limits

	mu    sync.Mutex
	state *lru[*window]
	stats Counters
}

type window struct {
	times  []time.Time          // the last times seen, at most count (by count)
	values map[string]time.Time // value → last seen (by distinct values)
}

// NewThreshold fires at count records (or values) within a window. When
// distinct values are counted, limits.MaxValues must be at least count.
func NewThreshold(count int, within time.Duration, limits Limits) *Threshold {
	return &Threshold{count: count, within: within, limits: limits, state: newLRU[*window](limits.MaxKeys)}
}

// Observe counts one matching record; value is "" when records, not
// distinct values, are counted. It reports whether the threshold is reached.
func (t *Threshold) Observe(key, value string, at time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := t.state.get(key, at, func() *window { return &window{} }, &t.stats).state
	since := at.Add(-t.within)
	reached := false
	if value == "" {
		w.times = append(w.times, at)
		if len(w.times) > t.count {
			w.times = w.times[1:]
		}
		reached = len(w.times) == t.count && !w.times[0].Before(since)
	} else {
		if w.values == nil {
			w.values = map[string]time.Time{}
		}
		for v, seen := range w.values {
			if seen.Before(since) {
				delete(w.values, v)
			}
		}
		if _, known := w.values[value]; known || len(w.values) < t.limits.MaxValues {
			w.values[value] = at
		} else {
			t.stats.DroppedValues++
		}
		reached = len(w.values) >= t.count
	}
	if reached {
		t.state.delete(key, &t.stats)
	}
	return reached
}

// Sweep forgets keys not seen within the window.
func (t *Threshold) Sweep(now time.Time) {
	t.mu.Lock()
	t.state.sweep(now.Add(-t.within), &t.stats)
	t.mu.Unlock()
}

// Stats returns the state's counters.
func (t *Threshold) Stats() Counters {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stats
}
