package sensor

import (
	"strings"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
)

// maxContainers bounds containerStarts. When it is full, the container seen
// least recently is forgotten (one scan of the map, only when a new
// container arrives then): one that has exited, unless more than
// maxContainers containers run at once.
const maxContainers = 16384

// containerStart is what the sensor knows of one container's age.
type containerStart struct {
	// startNS is the earliest process.creation.time (CLOCK_BOOTTIME ns) of
	// any process of the container the sensor has seen: its estimated start.
	startNS uint64
	// seenNS is the CLOCK_BOOTTIME of its last exec or fork, which picks
	// the entry to forget when the map is full.
	seenNS uint64
}

// containerStarts estimates when each container started, for drift: an
// executable whose inode changed after its container started was written,
// copied, renamed or chmod'ed inside the running container. It is fed by
// exec and fork records and by the start-up scan of /proc.
//
// A forgotten container's next estimate can only be later than the real
// start (every process of a container is created after it starts), so
// forgetting can hide drift but never invents it.
type containerStarts struct {
	byID map[string]*containerStart
	max  int // maxContainers; smaller in tests
}

// saw records that a process of container id, created at startNS, was seen
// at nowNS (both CLOCK_BOOTTIME). Host processes (id "") and unknown
// creation times are ignored.
func (c *containerStarts) saw(id string, startNS, nowNS uint64) {
	if id == "" || startNS == 0 {
		return
	}
	if e, ok := c.byID[id]; ok {
		e.startNS = min(e.startNS, startNS)
		e.seenNS = max(e.seenNS, nowNS)
		return
	}
	if c.byID == nil {
		c.byID = make(map[string]*containerStart)
	}
	if c.max == 0 {
		c.max = maxContainers
	}
	if len(c.byID) >= c.max {
		c.forgetOldest()
	}
	// The id is a substring of the cgroup path the record came with:
	// copied, so the entry does not keep the whole path alive.
	c.byID[strings.Clone(id)] = &containerStart{startNS: startNS, seenNS: nowNS}
}

func (c *containerStarts) forgetOldest() {
	var victim string
	var oldest uint64
	first := true
	for id, e := range c.byID {
		if first || e.seenNS < oldest {
			victim, oldest, first = id, e.seenNS, false
		}
	}
	delete(c.byID, victim)
}

// drifted tells whether an executable whose inode ctime is ctimeNS
// (CLOCK_REALTIME ns, 0 when unknown) changed after container id started.
// False for a host process and for a container the sensor knows nothing of.
func (c *containerStarts) drifted(id string, ctimeNS uint64, clock *kernel.Clock) bool {
	if id == "" || ctimeNS == 0 {
		return false
	}
	e, ok := c.byID[id]
	if !ok {
		return false
	}
	return changedAfter(ctimeNS, clock.WallNS(e.startNS))
}

// changedAfter compares a ctime with a start time, both wall-clock ns. The
// ctime is the kernel's coarse clock, which lags the precise one by up to a
// tick: a file changed in the very tick the container started may be missed,
// never the reverse.
func changedAfter(ctimeNS uint64, startWallNS int64) bool {
	return int64(ctimeNS) > startWallNS
}

// size is the number of containers known.
func (c *containerStarts) size() int { return len(c.byID) }
