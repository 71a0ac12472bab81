// Package correlate keeps the state of correlation rules — ordered
// sequences of steps and thresholds of events — per key (a process tree, a
// container, a pod), within time windows and hard limits: an attacker who
// floods keys evicts the oldest state, never grows memory without bound,
// and every eviction is counted.
package correlate

import (
	"container/list"
	"time"
)

// Limits bound a rule's state.
type Limits struct {
	// MaxKeys is how many keys are tracked at once; beyond, the least
	// recently updated key is evicted.
	MaxKeys int
	// MaxValues is how many distinct values a threshold tracks per key.
	MaxValues int
}

// Counters say how big the state is and when limits bit. They are
// updated under the owner's lock; read them through the owner's Stats.
type Counters struct {
	Keys          int   // keys tracked now
	EvictedKeys   int64 // keys dropped because MaxKeys was reached
	DroppedValues int64 // distinct values not tracked because MaxValues was reached
}

// lru is a map of per-key state that evicts the least recently updated key
// when full, and the keys whose window has passed when swept.
type lru[S any] struct {
	max   int
	order *list.List // of *entry[S], least recently updated first
	byKey map[string]*list.Element
}

type entry[S any] struct {
	key     string
	updated time.Time
	state   S
}

func newLRU[S any](max int) *lru[S] {
	return &lru[S]{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

// get returns a key's state, creating it (and evicting if full) when new.
func (l *lru[S]) get(key string, at time.Time, fresh func() S, c *Counters) *entry[S] {
	if el, ok := l.byKey[key]; ok {
		l.order.MoveToBack(el)
		e := el.Value.(*entry[S])
		e.updated = at
		return e
	}
	if l.order.Len() >= l.max {
		oldest := l.order.Front()
		l.remove(oldest)
		c.EvictedKeys++
	}
	e := &entry[S]{key: key, updated: at, state: fresh()}
	l.byKey[key] = l.order.PushBack(e)
	c.Keys = l.order.Len()
	return e
}

func (l *lru[S]) remove(el *list.Element) {
	delete(l.byKey, el.Value.(*entry[S]).key)
	l.order.Remove(el)
}

func (l *lru[S]) delete(key string, c *Counters) {
	if el, ok := l.byKey[key]; ok {
		l.remove(el)
	}
	c.Keys = l.order.Len()
}

// sweep drops keys not updated since before.
func (l *lru[S]) sweep(before time.Time, c *Counters) {
	for el := l.order.Front(); el != nil; el = l.order.Front() {
		if !el.Value.(*entry[S]).updated.Before(before) {
			break
		}
		l.remove(el)
	}
	c.Keys = l.order.Len()
}
