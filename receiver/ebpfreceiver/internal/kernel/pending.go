package kernel

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// SweepPending removes the entries of threads that died inside a traced
// syscall, whose exit therefore never came. procRoot is the host's procfs.
// It returns how many it removed.
func (p *Probe) SweepPending(procRoot string) (int, error) {
	var key uint64
	var value bpfPending
	var stale []uint64
	it := p.objs.Pending.Iterate()
	for it.Next(&key, &value) {
		tgid, tid := key>>32, key&0xffffffff
		task := filepath.Join(procRoot, strconv.FormatUint(tgid, 10), "task", strconv.FormatUint(tid, 10))
		if _, err := os.Stat(task); os.IsNotExist(err) {
			stale = append(stale, key)
		}
	}
	if err := it.Err(); err != nil {
		return 0, fmt.Errorf("iterating in-flight syscalls: %w", err)
	}
	for _, k := range stale {
		_ = p.objs.Pending.Delete(k) // its exit may have come meanwhile
	}
	return len(stale), nil
}
