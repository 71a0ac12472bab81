package sensor

import "github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/containerid"

// maxCgroups bounds workloadsByCgroup; when full it starts over, which only
// costs the container of a few records of processes the cache never knew.
const maxCgroups = 16384

// workloadsByCgroup maps a cgroup id, which every kernel record carries, to
// the container its path names. It places records of processes the cache
// does not hold (an exit of a process started before the collector and gone
// from /proc, a fork of one) on the right resource.
type workloadsByCgroup map[uint64]containerid.Info

func (w *workloadsByCgroup) learn(cgroupID uint64, info containerid.Info) {
	if cgroupID == 0 || info == (containerid.Info{}) {
		return
	}
	if *w == nil || len(*w) >= maxCgroups {
		*w = make(workloadsByCgroup)
	}
	(*w)[cgroupID] = info
}

func (w workloadsByCgroup) of(cgroupID uint64) containerid.Info {
	return w[cgroupID]
}
