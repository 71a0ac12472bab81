package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/test/harness"
)

// tetragonProcess is a Process object of Tetragon's JSON export (field
// names as Tetragon's API reference gives them).
func tetragonProcess(execID string, pid int, uid int, binary, arguments, cwd, parentExecID string, pod map[string]any) map[string]any {
	p := map[string]any{
		"exec_id": execID, "pid": pid, "uid": uid, "cwd": cwd, "binary": binary,
		"flags": "execve clone", "start_time": "2026-11-20T10:00:00Z", "auid": 4294967295,
		"parent_exec_id": parentExecID, "tid": pid,
	}
	if arguments != "" {
		p["arguments"] = arguments
	}
	if pod != nil {
		p["pod"] = pod
		p["docker"] = pod["container"].(map[string]any)["id"].(string)[len("containerd://"):][:15]
	}
	return p
}

// TestTetragonExportIsDetected runs examples/tetragon.yaml — the file_log
// receiver on Tetragon's JSON export, the transform processor mapping it
// onto Vigil's schema, the detection processor's built-in pack — on a file
// written as Tetragon writes it, and reads what the file exporter wrote: an
// nginx in a pod spawning a shell is VGL-EXEC-001, an ordinary command on
// the host is no finding. It needs no privileges.
func TestTetragonExportIsDetected(t *testing.T) {
	harness.RequireDist(t)
	dir := t.TempDir()
	export := filepath.Join(dir, "tetragon.log")
	out := filepath.Join(dir, "records.json")
	containerID := strings.Repeat("9f3c1b7e", 8)

	pod := map[string]any{
		"namespace": "shop", "name": "web-5c8d7-q2x4z", "uid": "7d2c9a14-5e3b-4f86-a1c0-9b8e7f6d5c4a",
		"container": map[string]any{
			"id": "containerd://" + containerID, "name": "web", "pid": 31,
			"image": map[string]any{"id": "docker.io/library/nginx@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac", "name": "docker.io/library/nginx:1.27"},
		},
		"pod_labels": map[string]any{"app": "web"}, "workload": "web", "workload_kind": "Deployment",
	}
	events := []map[string]any{
		// (a) nginx in a pod runs `bash -c id`: a web shell's first command.
		{"process_exec": map[string]any{
			"process": tetragonProcess("bm9kZS0xOjQyNDI=", 4242, 33, "/usr/bin/bash", "-c id", "/var/www", "bm9kZS0xOjQxODE=", pod),
			"parent":  tetragonProcess("bm9kZS0xOjQxODE=", 4181, 0, "/usr/sbin/nginx", `-g "daemon off;"`, "/", "bm9kZS0xOjE=", pod),
		}, "node_name": "node-1", "time": "2026-11-20T10:00:00.123456789Z"},
		// (b) alice lists a directory from bash on the host.
		{"process_exec": map[string]any{
			"process": tetragonProcess("bm9kZS0xOjUxMjA=", 5120, 1000, "/usr/bin/ls", "-la /tmp", "/home/alice", "bm9kZS0xOjUwMDE=", nil),
			"parent":  tetragonProcess("bm9kZS0xOjUwMDE=", 5001, 1000, "/usr/bin/bash", "", "/home/alice", "bm9kZS0xOjQ5OTk=", nil),
		}, "node_name": "node-1", "time": "2026-11-20T10:00:01.5Z"},
		// ls exits with status 0, which Tetragon leaves out.
		{"process_exit": map[string]any{
			"process": tetragonProcess("bm9kZS0xOjUxMjA=", 5120, 1000, "/usr/bin/ls", "-la /tmp", "/home/alice", "bm9kZS0xOjUwMDE=", nil),
			"parent":  tetragonProcess("bm9kZS0xOjUwMDE=", 5001, 1000, "/usr/bin/bash", "", "/home/alice", "bm9kZS0xOjQ5OTk=", nil),
			"time":    "2026-11-20T10:00:01.6Z",
		}, "node_name": "node-1", "time": "2026-11-20T10:00:01.6Z"},
		// The shell connects out (a tcp_connect kprobe policy with a sock argument).
		{"process_kprobe": map[string]any{
			"process":       tetragonProcess("bm9kZS0xOjQyNDI=", 4242, 33, "/usr/bin/bash", "-c id", "/var/www", "bm9kZS0xOjQxODE=", pod),
			"parent":        tetragonProcess("bm9kZS0xOjQxODE=", 4181, 0, "/usr/sbin/nginx", `-g "daemon off;"`, "/", "bm9kZS0xOjE=", pod),
			"function_name": "tcp_connect",
			"args": []any{map[string]any{"sock_arg": map[string]any{
				"family": "AF_INET", "type": "SOCK_STREAM", "protocol": "IPPROTO_TCP",
				"saddr": "10.244.1.7", "daddr": "203.0.113.9", "sport": 41234, "dport": 4444,
				"cookie": "18446744072414993152", "state": "TCP_SYN_SENT",
			}}},
			"action": "KPROBE_ACTION_POST", "policy_name": "connect",
		}, "node_name": "node-1", "time": "2026-11-20T10:00:02Z"},
		// A kind the example does not map: dropped.
		{"process_lsm": map[string]any{
			"process":       tetragonProcess("bm9kZS0xOjQyNDI=", 4242, 33, "/usr/bin/bash", "-c id", "/var/www", "bm9kZS0xOjQxODE=", pod),
			"function_name": "security_bprm_check",
		}, "node_name": "node-1", "time": "2026-11-20T10:00:03Z"},
	}
	var lines bytes.Buffer
	for _, e := range events {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		lines.Write(append(b, '\n'))
	}
	require.NoError(t, os.WriteFile(export, lines.Bytes(), 0o600))

	config, err := filepath.Abs("../../examples/tetragon.yaml")
	require.NoError(t, err)
	// The example as it is, but: the file was written before the start, the
	// records go to a file instead of the otlp_http exporter (which is still
	// validated, hence its endpoint), and no metrics port is opened.
	harness.StartCollector(t, config,
		[]string{"TETRAGON_EXPORT_FILE=" + export, "OTLP_ENDPOINT=http://127.0.0.1:1"},
		"--set=receivers::file_log/tetragon::start_at=beginning",
		"--set=exporters::file::path="+out,
		"--set=service::pipelines::logs::exporters=[file]",
		"--set=service::telemetry::metrics::level=none",
	)

	recs := waitForRecords(t, out, 4, 30*time.Second)
	require.Len(t, recs, 4, "the process_lsm event is dropped, the others mapped")

	shell := only(t, recs, "process.exec", "process.executable.name", "bash")
	assert.Equal(t, "VGL-EXEC-001", shell.attr("security_rule.uuid"))
	assert.Equal(t, "T1059.004", shell.attr("vigil.mitre.technique.id"))
	assert.Equal(t, "TA0002", shell.attr("vigil.mitre.tactic.id"))
	assert.Equal(t, "high", shell.attr("vigil.finding.severity"))
	assert.Equal(t, plog.SeverityNumberError, shell.rec.SeverityNumber())
	assert.Contains(t, shell.attr("vigil.finding.rules"), "VGL-EXEC-001")
	assert.Equal(t, time.Date(2026, 11, 20, 10, 0, 0, 123456789, time.UTC), shell.rec.Timestamp().AsTime())
	for key, want := range map[string]string{
		"container.id": containerID, "container.runtime.name": "containerd",
		"k8s.namespace.name": "shop", "k8s.pod.name": "web-5c8d7-q2x4z", "k8s.container.name": "web",
		"k8s.pod.uid": "7d2c9a14-5e3b-4f86-a1c0-9b8e7f6d5c4a", "host.name": "node-1", "k8s.node.name": "node-1",
	} {
		assert.Equal(t, want, shell.res(key), "resource %s", key)
	}
	for key, want := range map[string]string{
		"process.pid":                          "4242",
		"process.parent_pid":                   "4181",
		"process.user.id":                      "33",
		"process.executable.path":              "/usr/bin/bash",
		"process.command_line":                 "/usr/bin/bash -c id",
		"process.command_args":                 `["/usr/bin/bash","-c","id"]`,
		"process.args_count":                   "3",
		"process.working_directory":            "/var/www",
		"vigil.process.exec_id":                "bm9kZS0xOjQyNDI=",
		"vigil.process.parent.exec_id":         "bm9kZS0xOjQxODE=",
		"vigil.process.parent.executable.path": "/usr/sbin/nginx",
		"vigil.process.parent.executable.name": "nginx",
		"vigil.process.parent.command_line":    `/usr/sbin/nginx -g "daemon off;"`,
	} {
		assert.Equal(t, want, shell.attr(key), key)
	}
	assert.Equal(t, pcommon.ValueTypeInt, shell.attrType("process.pid"), "ids are integers, as the rules compare them")
	_, hasLogin := shell.rec.Attributes().Get("vigil.process.login_user.id")
	assert.False(t, hasLogin, "an unset audit uid is no login uid")

	ls := only(t, recs, "process.exec", "process.executable.name", "ls")
	_, fired := ls.rec.Attributes().Get("security_rule.uuid")
	assert.False(t, fired, "ls from bash on the host is no finding (rules: %s)", ls.attr("vigil.finding.rules"))
	assert.Equal(t, plog.SeverityNumberInfo, ls.rec.SeverityNumber())
	_, inContainer := ls.rl.Resource().Attributes().Get("container.id")
	assert.False(t, inContainer, "a host process's record has the host's resource")
	assert.Equal(t, "node-1", ls.res("host.name"))
	assert.Equal(t, "bash", ls.attr("vigil.process.parent.executable.name"))

	exit := only(t, recs, "process.exit", "process.executable.name", "ls")
	assert.Equal(t, "0", exit.attr("process.exit.code"))
	assert.Equal(t, "exit /usr/bin/ls (pid 5120) code 0", exit.rec.Body().AsString())

	connect := only(t, recs, "network.connect", "process.executable.name", "bash")
	for key, want := range map[string]string{
		"network.transport": "tcp", "network.type": "ipv4", "network.peer.address": "203.0.113.9",
		"network.peer.port": "4444", "network.local.address": "10.244.1.7", "network.local.port": "41234",
		"vigil.network.direction": "outbound",
	} {
		assert.Equal(t, want, connect.attr(key), key)
	}
	assert.Equal(t, containerID, connect.res("container.id"))
}

// exported is one record the file exporter wrote, with its resource.
type exported struct {
	rl  plog.ResourceLogs
	rec plog.LogRecord
}

func (e exported) attr(key string) string {
	v, ok := e.rec.Attributes().Get(key)
	if !ok {
		return ""
	}
	return v.AsString()
}

func (e exported) attrType(key string) pcommon.ValueType {
	v, _ := e.rec.Attributes().Get(key)
	return v.Type()
}

func (e exported) res(key string) string {
	v, ok := e.rl.Resource().Attributes().Get(key)
	if !ok {
		return ""
	}
	return v.AsString()
}

// only returns the one record of event whose attribute key is value.
func only(t *testing.T, recs []exported, event, key, value string) exported {
	t.Helper()
	var found []exported
	for _, r := range recs {
		if r.rec.EventName() == event && r.attr(key) == value {
			found = append(found, r)
		}
	}
	require.Len(t, found, 1, "%s records with %s=%s", event, key, value)
	return found[0]
}

// waitForRecords reads the file exporter's output (OTLP JSON, one request
// per line) until it holds n records, or timeout passes; it returns what it
// read last, and waits a moment more so that a record past n would be seen.
func waitForRecords(t *testing.T, path string, n int, timeout time.Duration) []exported {
	t.Helper()
	read := func() []exported {
		f, err := os.Open(path)
		if err != nil {
			return nil
		}
		defer f.Close()
		var recs []exported
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		var u plog.JSONUnmarshaler
		for sc.Scan() {
			logs, err := u.UnmarshalLogs(sc.Bytes())
			if err != nil {
				break // a line being written
			}
			for i := 0; i < logs.ResourceLogs().Len(); i++ {
				rl := logs.ResourceLogs().At(i)
				for j := 0; j < rl.ScopeLogs().Len(); j++ {
					lrs := rl.ScopeLogs().At(j).LogRecords()
					for k := 0; k < lrs.Len(); k++ {
						recs = append(recs, exported{rl: rl, rec: lrs.At(k)})
					}
				}
			}
		}
		return recs
	}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if recs := read(); len(recs) >= n {
			time.Sleep(time.Second) // the file exporter flushes every second
			return read()
		}
		time.Sleep(200 * time.Millisecond)
	}
	recs := read()
	t.Fatalf("%s holds %d records after %s, want %d", path, len(recs), timeout, n)
	return nil
}
