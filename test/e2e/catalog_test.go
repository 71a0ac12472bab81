package e2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

func act(t *testing.T, bin string, args ...string) int {
	out, err := exec.Command(bin, args...).Output()
	require.NoError(t, err, "actions %v", args)
	var facts map[string]any
	require.NoError(t, json.Unmarshal(out, &facts))
	require.Nil(t, facts["error"], "actions %v", args)
	return int(facts["pid"].(float64))
}

// TestEveryGroupReachesVictoriaLogs performs one action per event group
// under the ocb-built collector and finds each record in VictoriaLogs.
func TestEveryGroupReachesVictoriaLogs(t *testing.T) {
	harness.RequireE2E(t)
	actions, err := harness.BuildActions(t.TempDir(), "../../receiver/ebpfreceiver/testdata/actions")
	require.NoError(t, err)
	vl := harness.StartVictoriaLogs(t)
	config, err := filepath.Abs("testdata/ebpf-to-victorialogs.yaml")
	require.NoError(t, err)
	harness.StartCollector(t, config, []string{
		"VIGIL_E2E_LOGS_ENDPOINT=" + vl.LogsEndpoint(),
		"VIGIL_E2E_METRICS_PORT=" + strconv.Itoa(harness.FreePort(t)),
	})
	harness.DNSResponder(t, "127.0.0.2:53")
	domain := marker() + ".example.invalid"

	for _, c := range []struct {
		args  []string
		event string
		check func(t *testing.T, e map[string]string)
	}{
		{[]string{"tcp", "127.0.0.1"}, "network.connect", func(t *testing.T, e map[string]string) {
			assert.Equal(t, "127.0.0.1", e["network.peer.address"])
			assert.Equal(t, "tcp", e["network.transport"])
		}},
		{[]string{"dns", "127.0.0.2:53", domain}, "dns.query", func(t *testing.T, e map[string]string) {
			assert.Contains(t, e["dns.question.name"], domain)
		}},
		{[]string{"open", "/etc/shadow", "r"}, "file.open", func(t *testing.T, e map[string]string) {
			assert.Equal(t, "/etc/shadow", e["file.path"])
			assert.Equal(t, "credentials", e["vigil.file.watch_category"])
		}},
		{[]string{"mmap-wx"}, "memory.protect", func(t *testing.T, e map[string]string) {
			assert.Equal(t, `["PROT_READ","PROT_WRITE","PROT_EXEC"]`, e["vigil.memory.protection"])
		}},
		{[]string{"setuid", "65534"}, "process.setuid", func(t *testing.T, e map[string]string) {
			assert.Equal(t, "65534", e["vigil.setid.after.effective"])
		}},
		{[]string{"unshare"}, "kernel.unshare", func(t *testing.T, e map[string]string) {
			assert.Equal(t, `["CLONE_NEWNS","CLONE_NEWUTS"]`, e["vigil.namespace.flags"])
		}},
	} {
		t.Run(c.event, func(t *testing.T) {
			pid := act(t, actions, c.args...)
			found := vl.WaitFor(t, fmt.Sprintf(`event_name:=%q process.pid:=%d`, c.event, pid), 1, 60*time.Second)
			e := found[0]
			assert.Equal(t, strconv.Itoa(pid), e["process.pid"])
			assert.NotEmpty(t, e["vigil.process.exec_id"], "joined to its process")
			assert.Equal(t, "linux", e["os.type"])
			c.check(t, e)
		})
	}
}
