package ebpfreceiver

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/vigil-sensor/vigil/receiver/ebpfreceiver/internal/metadata"
)

// fakeProc builds a procfs tree of symbolic links: path → target.
func fakeProc(t *testing.T, links map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for path, target := range links {
		p := filepath.Join(root, path)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.Symlink(target, p))
	}
	return root
}

const (
	hostNS      = "pid:[4026531836]"
	containerNS = "pid:[4026532900]"
)

func TestHostPIDIsTheCollectorsNumberInTheHostsProcfs(t *testing.T) {
	for _, c := range []struct {
		name  string
		links map[string]string
	}{
		{"on the host, or with hostPID", map[string]string{"self": "4242", "4242/ns/pid": hostNS}},
		{"in a container, with the host's /proc mounted",
			map[string]string{"self": "4242", "4242/ns/pid": containerNS, "1/ns/pid": hostNS}},
		// pid 1 unreadable: kthreadd, pid 2 of every host, tells.
		{"in a container, the host's init hiding its namespace",
			map[string]string{"self": "4242", "4242/ns/pid": containerNS, "2/ns/pid": hostNS}},
	} {
		t.Run(c.name, func(t *testing.T) {
			pid, err := hostPID(fakeProc(t, c.links))
			require.NoError(t, err)
			assert.Equal(t, uint32(4242), pid)
		})
	}
}

func TestHostPIDRefusesAProcfsThatIsNotTheHosts(t *testing.T) {
	for _, c := range []struct {
		name  string
		links map[string]string
		want  string
	}{
		{"the container's own /proc", map[string]string{"self": "1", "1/ns/pid": containerNS, "2/ns/pid": containerNS},
			"is not the host's procfs: none of its processes the collector could read is in the initial pid namespace (pid:[4026531836])"},
		{"nothing readable", map[string]string{"self": "7"}, "is not the host's procfs"},
		{"the collector outside the procfs's namespace", map[string]string{"1/ns/pid": hostNS}, "reading the collector's pid in"},
		{"a self that is no pid", map[string]string{"self": "net", "net/ns/pid": hostNS}, `self is "net", not a pid`},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := fakeProc(t, c.links)
			pid, err := hostPID(root)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Contains(t, err.Error(), root)
			assert.Zero(t, pid)
		})
	}
}

func TestExcludeSelfExcludesNothingItCannotName(t *testing.T) {
	cfg := createDefaultConfig()
	cfg.ProcPath = fakeProc(t, map[string]string{"self": "1", "1/ns/pid": containerNS})
	set := receivertest.NewNopSettings(metadata.Type)
	core, logs := observer.New(zap.WarnLevel)
	set.Logger = zap.New(core)
	r, err := newReceiver(set, cfg, nil)
	require.NoError(t, err)
	scfg, err := r.sensorConfig()
	require.NoError(t, err)
	assert.Zero(t, scfg.Probe.ExcludeTGID, "not pid 1 of the host")
	require.Equal(t, 1, logs.Len())
	warning := logs.All()[0]
	assert.Contains(t, warning.Message, "exclude_self is on, but the collector's pid on the host is unknown")
	assert.Contains(t, warning.ContextMap()["error"], "is not the host's procfs")

	cfg.ProcPath = fakeProc(t, map[string]string{"self": "4242", "4242/ns/pid": containerNS, "1/ns/pid": hostNS})
	scfg, err = r.sensorConfig()
	require.NoError(t, err)
	assert.Equal(t, uint32(4242), scfg.Probe.ExcludeTGID)
}
