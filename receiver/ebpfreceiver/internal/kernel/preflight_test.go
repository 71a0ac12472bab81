package kernel

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMissingCapabilitiesNamesEachWithItsPurpose(t *testing.T) {
	all := uint64(1<<capBPF | 1<<capPerfmon | 1<<capSysPtrace | 1<<capDacReadSearch)
	assert.NoError(t, missingCapabilities(all, 998))
	// CAP_SYS_ADMIN stands in for CAP_BPF and CAP_PERFMON, not for the others.
	assert.NoError(t, missingCapabilities(1<<capSysAdmin|1<<capSysPtrace|1<<capDacReadSearch, 0))

	err := missingCapabilities(all&^(1<<capSysPtrace), 998)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the collector lacks CAP_SYS_PTRACE (running as uid 998; CAP_SYS_PTRACE for reading other processes' executables")
	assert.Contains(t, err.Error(), "systemd: AmbientCapabilities=")

	err = missingCapabilities(0, 1000)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "lacks CAP_BPF, CAP_PERFMON, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH (running as uid 1000;")
}
