package bench

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"
)

// enableBPFStats turns on the kernel's per-program run time accounting
// until the returned closer is closed.
func enableBPFStats() (io.Closer, error) {
	return ebpf.EnableStats(uint32(unix.BPF_STATS_RUN_TIME))
}

// programStats is the run count and total run time of a loaded program.
type programStats struct {
	runs    uint64
	runtime uint64 // ns
}

// vigilProgramStats reads the statistics of every loaded program whose name
// starts with "vigil_" (the kernel keeps 15 characters of it).
func vigilProgramStats() (map[string]programStats, error) {
	stats := map[string]programStats{}
	var id ebpf.ProgramID
	for {
		next, err := ebpf.ProgramGetNextID(id)
		if errors.Is(err, os.ErrNotExist) {
			return stats, nil
		}
		if err != nil {
			return nil, err
		}
		id = next
		prog, err := ebpf.NewProgramFromID(id)
		if err != nil {
			continue // unloaded meanwhile
		}
		info, err := prog.Info()
		if err != nil || !strings.HasPrefix(info.Name, "vigil_") {
			prog.Close()
			continue
		}
		st, err := prog.Stats()
		prog.Close()
		if err != nil {
			return nil, err
		}
		stats[info.Name] = programStats{runs: st.RunCount, runtime: uint64(st.Runtime)}
	}
}
