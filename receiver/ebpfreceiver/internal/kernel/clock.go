package kernel

import (
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Clock converts the kernel's CLOCK_BOOTTIME nanoseconds, which every record
// carries, to wall-clock time. The offset between the two clocks is measured
// at start and refreshed periodically so NTP steps are followed.
type Clock struct {
	offset atomic.Int64 // CLOCK_REALTIME - CLOCK_BOOTTIME, ns
}

// NewClock measures the offset once.
func NewClock() *Clock {
	c := &Clock{}
	c.Refresh()
	return c
}

// Refresh re-measures the offset. It brackets the boot-time read between
// two real-time reads and keeps the tightest of a few samples, so a
// preemption between the reads does not skew every timestamp.
func (c *Clock) Refresh() {
	best, bestSpread := int64(0), int64(-1)
	for range 5 {
		var r1, b, r2 unix.Timespec
		_ = unix.ClockGettime(unix.CLOCK_REALTIME, &r1)
		_ = unix.ClockGettime(unix.CLOCK_BOOTTIME, &b)
		_ = unix.ClockGettime(unix.CLOCK_REALTIME, &r2)
		spread := r2.Nano() - r1.Nano()
		if bestSpread < 0 || spread < bestSpread {
			best, bestSpread = (r1.Nano()+spread/2)-b.Nano(), spread
		}
	}
	c.offset.Store(best)
}

// Wall returns the wall-clock time of a CLOCK_BOOTTIME timestamp.
func (c *Clock) Wall(bootNS uint64) time.Time {
	return time.Unix(0, c.WallNS(bootNS))
}

// WallNS is Wall in nanoseconds since the epoch, without building a time.Time.
func (c *Clock) WallNS(bootNS uint64) int64 {
	return int64(bootNS) + c.offset.Load()
}

// BootNow returns the current CLOCK_BOOTTIME in nanoseconds.
func BootNow() uint64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts)
	return uint64(ts.Nano())
}
