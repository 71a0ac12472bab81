package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/test/harness"
)

// TestGatewayTierCorrelatesAcrossNodes runs examples/gateway as a fleet
// would, on loopback: two gateways, each with the cross-node rules, and two
// agents of one cluster routing their findings to them by the cluster's
// name. Agent "node-a" is the real sensor on this host; agent "node-b" gets
// the records of another node over OTLP (records the receiver wrote,
// testdata/node-b-records.json, under node-b's host identity): two eBPF
// agents on one kernel would both see every action, as one node.
//
// A credential read on node-a and, on node-b, a set-user-ID chmod then a
// credential read fire the sequence and the threshold that only a view of
// both nodes can fire. Then the gateway holding the cluster is killed
// (SIGKILL) and started again while node-a reads /etc/shadow again and
// again: every one of those findings reaches VictoriaLogs, counted by
// process (vigil.process.exec_id), the agent's queue holding them while
// the gateway is down and the gateway's persistent queue what it had
// accepted.
func TestGatewayTierCorrelatesAcrossNodes(t *testing.T) {
	harness.RequireE2E(t)
	harness.RequireControlPlane(t)
	started := time.Now()
	cp := harness.StartControlPlane(t)
	cp.Apply(t, "../../examples/kubernetes/rbac.yaml")
	vl := harness.StartVictoriaLogs(t)
	cluster := "e2e-" + marker()

	rules, err := filepath.Abs("../../examples/gateway/rules")
	require.NoError(t, err)
	gateways := []*gateway{newGateway(t, vl, rules), newGateway(t, vl, rules)}
	for _, g := range gateways {
		g.start(t)
	}
	list := fmt.Sprintf("[%s, %s]", gateways[0].endpoint, gateways[1].endpoint)
	agent := func(node string, args ...string) {
		harness.StartCollector(t, abs(t, "../../examples/gateway/agent.yaml"), []string{
			"CLUSTER_NAME=" + cluster, "GATEWAYS=" + list, "K8S_NODE_NAME=" + node,
			"VIGIL_QUEUE_DIR=" + t.TempDir(), "METRICS_PORT=" + strconv.Itoa(harness.FreePort(t)),
		}, append([]string{
			"--set=processors::workload::auth_type=kubeConfig",
			"--set=processors::workload::kubeconfig=" + cp.SensorKubeconfig,
		}, args...)...)
	}
	agent("node-a", "--set=receivers::ebpf::batch::timeout=100ms")
	nodeB := fmt.Sprintf("127.0.0.1:%d", harness.FreePort(t))
	agent("node-b", "--set=receivers::otlp::protocols::http::endpoint="+nodeB, "--set=service::pipelines::logs::receivers=[otlp]")
	t.Logf("control plane, VictoriaLogs, 2 gateways and 2 agents up in %s", time.Since(started).Round(time.Millisecond))

	inCluster := fmt.Sprintf(`k8s.cluster.name:=%q`, cluster)
	mine := fmt.Sprintf(`%s host.name:!="node-b" file.path:="/etc/shadow" process.parent_pid:=%d security_rule.uuid:*`, inCluster, os.Getpid())
	run(t, "cat", "/etc/shadow")
	first := vl.WaitFor(t, mine, 1, 60*time.Second)[0]
	assert.Equal(t, "VGL-CRED-001", first["security_rule.uuid"], "the agent's finding, through the gateway")
	assert.Equal(t, "node-a", first["k8s.node.name"])

	records, err := os.ReadFile("testdata/node-b-records.json")
	require.NoError(t, err)
	postRecords(t, nodeB, records, "file.chmod")
	seq := vl.WaitFor(t, inCluster+` host.name:="node-b" event_name:="file.chmod" vigil.finding.rules:~"CLUSTER-002"`, 1, 30*time.Second)[0]
	assert.Equal(t, "CLUSTER-002", seq["security_rule.uuid"], "the sequence begun on node-a, completed on node-b")
	assert.Equal(t, `["VGL-EVADE-003","CLUSTER-002"]`, seq["vigil.finding.rules"], "node-b's agent's finding is kept")
	assert.Equal(t, "cross-node", seq["security_rule.ruleset.name"])

	postRecords(t, nodeB, records, "file.open")
	threshold := vl.WaitFor(t, inCluster+` host.name:="node-b" event_name:="file.open" vigil.finding.rules:~"CLUSTER-001"`, 1, 30*time.Second)[0]
	assert.Equal(t, "CLUSTER-001", threshold["security_rule.uuid"], "credential access on a second node")
	assert.Equal(t, `["VGL-CRED-001","CLUSTER-001"]`, threshold["vigil.finding.rules"])

	// One cluster, one gateway: the other one has received nothing.
	var holder, idle *gateway
	for _, g := range gateways {
		if g.accepted(t) > 0 {
			holder = g
		} else {
			idle = g
		}
	}
	require.NotNil(t, holder, "no gateway accepted the findings")
	require.NotNil(t, idle, "both gateways received the cluster's findings")

	// The holder restarts while findings keep coming.
	const reads = 30
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range reads {
			_ = exec.Command("cat", "/etc/shadow").Run()
			time.Sleep(150 * time.Millisecond)
		}
	}()
	time.Sleep(time.Second)
	restart := time.Now()
	holder.kill(t)
	time.Sleep(2 * time.Second) // findings queue up at the agent
	holder.start(t)
	back := time.Now()
	t.Logf("gateway down for %s", back.Sub(restart).Round(time.Millisecond))
	wg.Wait()

	deadline := time.Now().Add(90 * time.Second)
	var byProcess map[string]int
	var whileDown int
	for time.Now().Before(deadline) {
		found, err := vl.Query(context.Background(), mine)
		require.NoError(t, err)
		byProcess, whileDown = map[string]int{}, 0
		for _, f := range found {
			byProcess[f["vigil.process.exec_id"]]++
			if at, err := time.Parse(time.RFC3339Nano, f["_time"]); err == nil && at.After(restart) && at.Before(back) {
				whileDown++
			}
		}
		if len(byProcess) >= reads+1 {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	assert.Len(t, byProcess, reads+1, "a finding per cat, the first one's included")
	assert.Positive(t, whileDown, "findings of reads while the gateway was down")
	duplicates := 0
	for _, n := range byProcess {
		duplicates += n - 1
	}
	t.Logf("%d findings of %d processes (%d while the gateway was down, %d delivered twice), all in %s after the kill; test %s",
		len(byProcess), reads+1, whileDown, duplicates, time.Since(restart).Round(time.Millisecond), time.Since(started).Round(time.Millisecond))
	assert.Zero(t, idle.accepted(t), "the idle gateway took none of the cluster's findings while the other restarted")
}

// gateway is one collector of the gateway tier, restartable on the same
// port and queue.
type gateway struct {
	endpoint, metrics string
	env               []string
	proc              *harness.Process
}

func newGateway(t *testing.T, vl *harness.VictoriaLogs, rules string) *gateway {
	g := &gateway{endpoint: fmt.Sprintf("127.0.0.1:%d", harness.FreePort(t))}
	port := harness.FreePort(t)
	g.metrics = fmt.Sprintf("http://127.0.0.1:%d/metrics", port)
	g.env = []string{"GATEWAY_ENDPOINT=" + g.endpoint, "GATEWAY_RULES=" + rules, "OTLP_LOGS_ENDPOINT=" + vl.LogsEndpoint(),
		"VIGIL_QUEUE_DIR=" + t.TempDir(), "METRICS_PORT=" + strconv.Itoa(port)}
	return g
}

func (g *gateway) start(t *testing.T) {
	g.proc = harness.StartCollector(t, abs(t, "../../examples/gateway/gateway.yaml"), g.env)
}

// kill stops the gateway at once, as an out-of-memory kill or a node
// failure would, and waits until it has exited.
func (g *gateway) kill(t *testing.T) {
	require.NoError(t, g.proc.Cmd.Process.Kill())
	select {
	case <-g.proc.Done:
	case <-time.After(30 * time.Second):
		t.Fatalf("gateway %s did not stop:\n%s", g.endpoint, g.proc.Output())
	}
}

// accepted is how many records the gateway's OTLP receiver accepted since
// it started, from its own metrics.
func (g *gateway) accepted(t *testing.T) float64 {
	resp, err := http.Get(g.metrics)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out bytes.Buffer
	_, err = out.ReadFrom(resp.Body)
	require.NoError(t, err)
	var sum float64
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "otelcol_receiver_accepted_log_records") {
			v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
			require.NoError(t, err, line)
			sum += v
		}
	}
	return sum
}

// postRecords sends node-b's records of one event, stamped now, to the
// agent's OTLP/HTTP receiver.
func postRecords(t *testing.T, endpoint string, recorded []byte, event string) {
	body := recordsOf(t, recorded, event, time.Now())
	resp, err := http.Post("http://"+endpoint+"/v1/logs", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func abs(t *testing.T, path string) string {
	p, err := filepath.Abs(path)
	require.NoError(t, err)
	return p
}

// recordsOf is the recorded OTLP/JSON request with only the records of
// event, their times set to at.
func recordsOf(t *testing.T, recorded []byte, event string, at time.Time) []byte {
	logs, err := (&plog.JSONUnmarshaler{}).UnmarshalLogs(recorded)
	require.NoError(t, err)
	n := 0
	for _, rl := range logs.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			sl.LogRecords().RemoveIf(func(lr plog.LogRecord) bool { return lr.EventName() != event })
			for _, lr := range sl.LogRecords().All() {
				lr.SetTimestamp(pcommon.NewTimestampFromTime(at))
				lr.SetObservedTimestamp(pcommon.NewTimestampFromTime(at))
				n++
			}
		}
	}
	require.Positive(t, n, "no %s record in the recording", event)
	out, err := (&plog.JSONMarshaler{}).MarshalLogs(logs)
	require.NoError(t, err)
	return out
}
