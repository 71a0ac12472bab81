package proctable

import (
	"sync/atomic"
	"time"
)

// Config sizes and feeds the table.
type Config struct {
	// Capacity bounds the entries kept; the least recently used go first.
	Capacity int
	// Retention is how long an exited process stays resolvable.
	Retention time.Duration
	// BootID is the host's boot id (/proc/sys/kernel/random/boot_id), part of every exec id.
	BootID string
	// Proc reads processes from /proc for the start-up scan and for misses.
	Proc *ProcReader
}

// Stats are the table's counters, safe to read from any goroutine.
type Stats struct {
	Size      atomic.Int64
	Misses    atomic.Int64 // lookups of a pid the table did not hold
	Recovered atomic.Int64 // misses then resolved by reading /proc
	Evictions atomic.Int64 // live entries dropped because the table was full
}

// Table is the process cache. It is owned by the receiver's single reader
// goroutine and is not safe for concurrent use; Stats is.
type Table struct {
	cfg   Config
	byPID map[uint32]*Process
	lru   lruList
	Stats Stats
}

// New returns an empty table.
func New(cfg Config) *Table {
	t := &Table{cfg: cfg, byPID: make(map[uint32]*Process, min(cfg.Capacity, 4096))}
	t.lru.init()
	return t
}

// Len is the number of entries.
func (t *Table) Len() int { return len(t.byPID) }

// put inserts or replaces the entry for p.PID.
func (t *Table) put(p *Process) {
	if old, ok := t.byPID[p.PID]; ok {
		t.lru.remove(old)
	}
	t.byPID[p.PID] = p
	t.lru.pushFront(p)
	for len(t.byPID) > t.cfg.Capacity {
		victim := t.lru.back()
		if victim.ExitedNS == 0 {
			t.Stats.Evictions.Add(1)
		}
		t.drop(victim)
	}
	t.Stats.Size.Store(int64(len(t.byPID)))
}

func (t *Table) drop(p *Process) {
	t.lru.remove(p)
	delete(t.byPID, p.PID)
	t.Stats.Size.Store(int64(len(t.byPID)))
}

// sameStart tells whether two start times name the same process. Entries
// read from /proc only know the start to the clock tick (10 ms).
func sameStart(a, b uint64) bool {
	d := int64(a) - int64(b)
	return d > -int64(tickNS) && d < int64(tickNS)
}

// Exec records a new image for p.PID, which replaces whatever the process ran
// before. execNS is the boot-clock time of the exec; parentStartNS lets a
// stale entry for a reused parent pid be told apart from the real parent.
func (t *Table) Exec(p *Process, execNS, parentStartNS uint64) *Process {
	p.ExecID = execID(t.cfg.BootID, p.PID, execNS)
	if parent := t.lookup(p.PPID, parentStartNS); parent != nil {
		p.ParentExecID = parent.ExecID
	}
	t.put(p)
	return p
}

// Fork records a new process that runs its parent's image until it execs.
func (t *Table) Fork(pid, ppid uint32, startNS, parentStartNS uint64) *Process {
	child := &Process{PID: pid, PPID: ppid, VPID: pid, StartNS: startNS, ExecID: execID(t.cfg.BootID, pid, startNS)}
	if parent := t.lookup(ppid, parentStartNS); parent != nil {
		child.Image = parent.Image
		child.ParentExecID = parent.ExecID
		if parent.VPID != parent.PID {
			child.VPID = 0 // its number in a child pid namespace is unknown until it execs
		}
	}
	t.put(child)
	return child
}

// Exit marks a process as exited and returns its entry (nil if unknown),
// which stays resolvable for the retention period.
func (t *Table) Exit(pid uint32, startNS, exitNS uint64) *Process {
	p := t.lookup(pid, startNS)
	if p != nil {
		p.ExitedNS = exitNS
	}
	return p
}

// Get returns the process with this pid, reading /proc when the table does
// not hold it. startNS, when not 0, must match the entry's start time.
func (t *Table) Get(pid uint32, startNS uint64) *Process {
	return t.lookup(pid, startNS)
}

func (t *Table) lookup(pid uint32, startNS uint64) *Process {
	if pid == 0 {
		return nil
	}
	if p, ok := t.byPID[pid]; ok && (startNS == 0 || sameStart(p.StartNS, startNS)) {
		t.lru.moveToFront(p)
		return p
	}
	t.Stats.Misses.Add(1)
	if t.cfg.Proc == nil {
		return nil
	}
	p, err := t.cfg.Proc.Read(pid)
	if err != nil || (startNS != 0 && !sameStart(p.StartNS, startNS)) {
		return nil
	}
	p.ExecID = execID(t.cfg.BootID, pid, p.StartNS)
	if parent, ok := t.byPID[p.PPID]; ok {
		p.ParentExecID = parent.ExecID
	}
	t.put(p)
	t.Stats.Recovered.Add(1)
	return p
}

// Parent returns p's parent entry, if known.
func (t *Table) Parent(p *Process) *Process {
	if p == nil || p.PPID == 0 {
		return nil
	}
	parent, ok := t.byPID[p.PPID]
	if !ok {
		return nil
	}
	return parent
}

// Ancestors appends to dst up to depth ancestors of p, nearest first, and
// returns it. The walk stops at an unknown process or a loop.
func (t *Table) Ancestors(dst []*Process, p *Process, depth int) []*Process {
	for i := 0; i < depth; i++ {
		p = t.Parent(p)
		if p == nil || p.PID == p.PPID {
			break
		}
		dst = append(dst, p)
	}
	return dst
}

// FindVPID returns the running process numbered vpid in the pid namespace
// pidNS (an inode), nil when the cache knows none. It scans the table:
// only rare calls (ptrace, process_vm_writev from a container) need it.
func (t *Table) FindVPID(pidNS, vpid uint32) *Process {
	for _, p := range t.byPID {
		if p.ExitedNS == 0 && p.VPID == vpid && p.Namespaces.PID == pidNS {
			return p
		}
	}
	return nil
}

// Each calls fn for every entry.
func (t *Table) Each(fn func(*Process)) {
	for _, p := range t.byPID {
		fn(p)
	}
}

// Expire drops exited entries older than the retention period.
func (t *Table) Expire(nowNS uint64) {
	cutoff := uint64(t.cfg.Retention.Nanoseconds())
	for _, p := range t.byPID {
		if p.ExitedNS != 0 && nowNS-p.ExitedNS >= cutoff {
			t.drop(p)
		}
	}
}

// Scan fills the table with every process /proc shows. Processes that exit
// during the scan are skipped.
func (t *Table) Scan() error {
	pids, err := t.cfg.Proc.PIDs()
	if err != nil {
		return err
	}
	scanned := make([]*Process, 0, len(pids))
	for _, pid := range pids {
		p, err := t.cfg.Proc.Read(pid)
		if err != nil {
			continue
		}
		p.ExecID = execID(t.cfg.BootID, pid, p.StartNS)
		t.put(p)
		scanned = append(scanned, p)
	}
	for _, p := range scanned { // parents are known once all are in
		if parent, ok := t.byPID[p.PPID]; ok {
			p.ParentExecID = parent.ExecID
		}
	}
	return nil
}
