package correlate

import "time"

// Sequence tracks an ordered sequence of steps per key: it completes when
// step 0, 1, … n-1 are seen for one key in that order, the last within
// Within of the first. Steps seen out of order do not advance it. Step 0
// seen again before step 1 restarts the window from it.
type Sequence struct {
	steps int
	keyed[*progress]
}

type progress struct {
	next    int       // the step awaited
	started time.Time // when step 0 was seen
}

// NewSequence tracks a sequence of steps (at most 64).
func NewSequence(steps int, within time.Duration, limits Limits) *Sequence {
	return &Sequence{steps: steps, keyed: keyed[*progress]{within: within, state: newLRU[*progress](limits.MaxKeys)}}
}

// Observe tells that a record of key matched the steps whose bits are set
// in matched (bit i: step i) at a time; it reports whether the record
// completes the sequence. One record advances a sequence by one step at
// most, even if it matches several.
func (s *Sequence) Observe(key string, matched uint64, at time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, tracked := s.state.byKey[key]
	if tracked {
		p := el.Value.(*entry[*progress]).state
		if at.Sub(p.started) > s.within {
			s.state.delete(key, &s.stats) // the window passed: start over
			tracked = false
		} else if matched&(1<<p.next) != 0 {
			s.state.get(key, at, nil, &s.stats)
			p.next++
			if p.next == s.steps {
				s.state.delete(key, &s.stats)
				return true
			}
			return false
		} else if p.next == 1 && matched&1 != 0 {
			// The first step again, before the second: the window runs
			// from the latest one, or an attacker who repeats step 0
			// (downloads again, retries the exploit) and then waits
			// past the first one's window would never complete it.
			s.state.get(key, at, nil, &s.stats)
			p.started = at
			return false
		}
	}
	if !tracked && matched&1 != 0 {
		if s.steps == 1 {
			return true
		}
		s.state.get(key, at, func() *progress { return &progress{next: 1, started: at} }, &s.stats)
	}
	return false
}

// Underway tells whether a sequence has begun for key.
func (s *Sequence) Underway(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.state.byKey[key]
	return ok
}
