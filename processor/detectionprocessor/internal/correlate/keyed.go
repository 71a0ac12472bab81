package correlate

import (
	"sync"
	"time"
)

// keyed is a correlation rule's state: one T per key, at most
// limits.MaxKeys of them, each forgotten a window after its last update.
type keyed[T any] struct {
	within time.Duration

	mu    sync.Mutex
	state *lru[T]
	stats Counters
}

// Sweep forgets keys whose window has passed.
func (k *keyed[T]) Sweep(now time.Time) {
	k.mu.Lock()
	k.state.sweep(now.Add(-k.within), &k.stats)
	k.mu.Unlock()
}

// Stats returns the state's counters.
func (k *keyed[T]) Stats() Counters {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.stats
}
