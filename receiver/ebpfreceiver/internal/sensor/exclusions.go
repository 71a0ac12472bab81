package sensor

import (
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/kernel"
	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/proctable"
)

// excludeRunning marks, in the kernel, the processes running before the
// probe was loaded that the exclusion lists name: the probe marks the rest
// itself as they exec. A cgroup is found by the inode number of its
// directory under cgroupRoot, which is its id.
func (s *Sensor) excludeRunning(x kernel.Exclusions, cgroupRoot string) {
	s.table.Each(func(p *proctable.Process) {
		if slices.Contains(x.Executables, p.Exe) {
			if err := s.probe.ExcludeProcess(p.PID); err != nil {
				s.logger.Warn("excluding a running process: " + err.Error())
			}
		}
		if p.Cgroup == "" || !inCgroups(p.Cgroup, x.Cgroups) {
			return
		}
		var st unix.Stat_t
		if unix.Stat(filepath.Join(cgroupRoot, p.Cgroup), &st) != nil {
			return // gone meanwhile
		}
		if err := s.probe.ExcludeCgroup(st.Ino); err != nil {
			s.logger.Warn("excluding a cgroup: " + err.Error())
		}
	})
}

// inCgroups tells whether path is one of the cgroups or below one.
func inCgroups(path string, cgroups []string) bool {
	for _, cg := range cgroups {
		cg = strings.TrimSuffix(cg, "/")
		if path == cg || strings.HasPrefix(path, cg+"/") {
			return true
		}
	}
	return false
}
