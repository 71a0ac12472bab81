package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

// behaviour is one row of docs/coverage.md performed for real: an attack
// technique done on this machine (on loopback, in temporary directories or
// in runc containers, cleaned up), and the findings it must produce.
type behaviour struct {
	// name is the row's end-to-end action, as docs/coverage.md writes it.
	name string
	// perform does it and returns a LogsQL filter that selects the records
	// it caused (a path, a port, a marker in a command line).
	perform func(t *testing.T, a *arena) string
	// expect are the rules that must fire on those records, each with the
	// ATT&CK technique its finding must carry.
	expect []expected
}

type expected struct{ rule, technique string }

// behaviours are every registered behaviour, from the coverage_*_test.go
// files, one per tactic.
var behaviours []behaviour

func register(b ...behaviour) { behaviours = append(behaviours, b...) }

// arena is what behaviours act with and in.
type arena struct {
	// actions is the receiver's actions program: one syscall per command.
	actions string
	// dir is a temporary directory under /tmp, removed at the end.
	dir string
	// The privileged pod's container (a cluster-admin service account),
	// known to the API server.
	podUID, podContainer string
	// web is a loopback HTTP server's address; every path serves payload.
	web string
}

// payload is what the loopback web server serves: a harmless program.
const payloadFrom = "/usr/bin/true"

// host runs a command on the host and requires it to succeed.
func (a *arena) host(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	require.NoError(t, err, "%s %v: %s", name, args, out)
}

// hostMayFail runs a command whose failure is part of the behaviour (a
// refused setuid, a scan of closed ports).
func (a *arena) hostMayFail(t *testing.T, name string, args ...string) {
	t.Helper()
	_ = exec.Command(name, args...).Run()
}

// shell runs a sh -c script on the host.
func (a *arena) shell(t *testing.T, script string) {
	t.Helper()
	a.host(t, "sh", "-c", script)
}

// inPod runs a script in the privileged pod's container (busybox, the
// actions program at /actions, a writable root) and returns the LogsQL
// filter of that container's records.
func (a *arena) inPod(t *testing.T, script string, files ...any) string {
	t.Helper()
	args := append([]any{"-c", script, harness.Writable{}, harness.Privileged{}, harness.WithFile("/actions", a.actions)}, files...)
	harness.RunInContainer(t, a.podUID, a.podContainer, "/bin/sh", args...)
	return fmt.Sprintf(`container.id:=%q`, a.podContainer)
}

// inRunc runs a script in a plain runc container that no orchestrator
// knows, named as a person would name it (not a 64-digit id), with
// runc's default cgroup: what `runc run` on a bare host does. It returns
// the LogsQL filter of that container's records.
func (a *arena) inRunc(t *testing.T, name, script string, files ...any) string {
	t.Helper()
	args := append([]any{"-c", script, harness.Writable{}, harness.WithFile("/actions", a.actions)}, files...)
	harness.RunInContainer(t, "", name, "/bin/sh", args...)
	return fmt.Sprintf(`container.id:=%q`, name)
}

// TestCoverage runs the ocb-built distribution (ebpf → workload →
// detection with the built-in pack → VictoriaLogs), first under a benign
// workload, which must produce no finding, then performs every behaviour
// of docs/coverage.md marked covered and finds each expected finding, with
// its rule and technique, in VictoriaLogs.
func TestCoverage(t *testing.T) {
	harness.RequireE2E(t)
	harness.RequireControlPlane(t)
	actions, err := harness.BuildActions(t.TempDir(), "../../receiver/ebpfreceiver/testdata/actions")
	require.NoError(t, err)
	cp := harness.StartControlPlane(t)
	cp.Apply(t, "../../examples/kubernetes/rbac.yaml")
	a := &arena{actions: actions, dir: t.TempDir()}
	a.podContainer = strings.Repeat("ab", 20) + fmt.Sprintf("%024x", time.Now().UnixNano())
	a.podUID = seedPod(t, cp.Client, a.podContainer)
	a.web = servePayload(t)

	vl := harness.StartVictoriaLogs(t)
	config, err := filepath.Abs("testdata/detection-to-victorialogs.yaml")
	require.NoError(t, err)
	harness.StartCollector(t, config, []string{
		"VIGIL_E2E_LOGS_ENDPOINT=" + vl.LogsEndpoint(),
		"VIGIL_E2E_METRICS_PORT=" + strconv.Itoa(harness.FreePort(t)),
		"VIGIL_E2E_KUBECONFIG=" + cp.SensorKubeconfig,
	})

	t.Run("a benign workload finds nothing", func(t *testing.T) {
		benignWorkload(t, a)
		time.Sleep(3 * time.Second) // the batch, the exporter's queue
		found, err := vl.Query(context.Background(), `security_rule.uuid:*`)
		require.NoError(t, err)
		for _, f := range found {
			t.Errorf("finding %s (%s) on %s by %s: %s", f["security_rule.uuid"], f["vigil.finding.rules"],
				f["event_name"], f["process.executable.path"], f["_msg"])
		}
	})

	where := map[string]string{}
	for _, b := range behaviours {
		t.Run("perform/"+b.name, func(t *testing.T) { where[b.name] = b.perform(t, a) })
	}
	for _, b := range behaviours {
		t.Run("found/"+b.name, func(t *testing.T) {
			filter, ok := where[b.name]
			require.True(t, ok, "not performed")
			for _, want := range b.expect {
				found := vl.WaitFor(t, fmt.Sprintf(`%s vigil.finding.rules:~%q`, filter, `"`+want.rule+`"`), 1, 30*time.Second)
				assertFinding(t, found[0], want)
			}
		})
	}
}

// assertFinding checks that a finding names the rule and carries its
// technique: as the finding's own when the rule is the finding's
// (highest-severity) rule, and among every matched rule's techniques
// always.
func assertFinding(t *testing.T, f map[string]string, want expected) {
	t.Helper()
	rules := jsonStrings(t, f["vigil.finding.rules"])
	techniques := jsonStrings(t, f["vigil.finding.techniques"])
	i := slices.Index(rules, want.rule)
	require.GreaterOrEqual(t, i, 0, "%s in %v", want.rule, rules)
	require.Len(t, techniques, len(rules), "a technique per matched rule")
	assert.Equal(t, want.technique, techniques[i], "%s's technique", want.rule)
	if f["security_rule.uuid"] == want.rule {
		assert.Equal(t, want.technique, f["vigil.mitre.technique.id"])
	}
	assert.Equal(t, "default", f["security_rule.ruleset.name"])
}

// jsonStrings reads a string array as VictoriaLogs returns it: JSON text.
func jsonStrings(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	if s != "" {
		require.NoError(t, json.Unmarshal([]byte(s), &out), "%q", s)
	}
	return out
}

// servePayload serves a harmless program on a loopback port for the
// download behaviours, until the test ends; it returns host:port.
func servePayload(t *testing.T) string {
	t.Helper()
	payload, err := os.ReadFile(payloadFrom)
	require.NoError(t, err)
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(payload) }),
		ReadHeaderTimeout: 5 * time.Second}
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = server.Serve(l) }()
	t.Cleanup(func() { server.Close() })
	return l.Addr().String()
}
