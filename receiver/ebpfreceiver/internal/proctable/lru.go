package proctable

// lruLinks threads entries on the table's recency list without a separate
// allocation per entry.
type lruLinks struct {
	prev, next *Process
}

// lruList is a circular list with a sentinel: front is most recently used.
type lruList struct {
	root Process
}

func (l *lruList) init() {
	l.root.lru.prev = &l.root
	l.root.lru.next = &l.root
}

func (l *lruList) pushFront(p *Process) {
	p.lru.prev = &l.root
	p.lru.next = l.root.lru.next
	l.root.lru.next.lru.prev = p
	l.root.lru.next = p
}

func (l *lruList) remove(p *Process) {
	p.lru.prev.lru.next = p.lru.next
	p.lru.next.lru.prev = p.lru.prev
	p.lru.prev, p.lru.next = nil, nil
}

func (l *lruList) moveToFront(p *Process) {
	if l.root.lru.next == p {
		return
	}
	l.remove(p)
	l.pushFront(p)
}

// back returns the least recently used entry, nil when empty.
func (l *lruList) back() *Process {
	if l.root.lru.prev == &l.root {
		return nil
	}
	return l.root.lru.prev
}
