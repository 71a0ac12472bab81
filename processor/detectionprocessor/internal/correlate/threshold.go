package correlate

import "time"

// Threshold fires when a key sees Count matching records — or Count
// distinct values, when values are given — within a window. It then starts
// counting afresh, so a burst gives one finding per Count records.
type Threshold struct {
	count  int
	limits Limits
	keyed[*window]
}

type window struct {
	times  []time.Time          // the last times seen, at most count (by count)
	values map[uint64]time.Time // value (its hash) → last seen (by distinct values)
}

// NewThreshold fires at count records (or values) within a window. When
// distinct values are counted, limits.MaxValues must be at least count.
func NewThreshold(count int, within time.Duration, limits Limits) *Threshold {
	return &Threshold{count: count, limits: limits, keyed: keyed[*window]{within: within, state: newLRU[*window](limits.MaxKeys)}}
}

// Count counts one matching record and reports whether the threshold is
// reached.
func (t *Threshold) Count(key string, at time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := t.state.get(key, at, func() *window { return &window{} }, &t.stats).state
	w.times = append(w.times, at)
	if len(w.times) > t.count {
		w.times = w.times[1:]
	}
	return t.reached(key, len(w.times) == t.count && !w.times[0].Before(at.Add(-t.within)))
}

// Distinct counts one matching record's value (a hash of it: values are
// compared, not kept) and reports whether the threshold is reached.
func (t *Threshold) Distinct(key string, value uint64, at time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := t.state.get(key, at, func() *window { return &window{} }, &t.stats).state
	if w.values == nil {
		w.values = map[uint64]time.Time{}
	}
	since := at.Add(-t.within)
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
	return t.reached(key, len(w.values) >= t.count)
}

// reached starts a key afresh once its threshold is reached.
func (t *Threshold) reached(key string, reached bool) bool {
	if reached {
		t.state.delete(key, &t.stats)
	}
	return reached
}
