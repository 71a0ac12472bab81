package engine

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/correlate"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

const pack = `lists:
  shell_binaries: [bash, sh, dash, zsh]
  server_binaries: [nginx, httpd, node]
macros:
  spawned_by_server: ContainsValue(@server_binaries, attributes["vigil.process.parent.executable.name"])
rules:
  - id: VGL-T-1
    name: Shell spawned by a server
    description: A server process started a shell.
    severity: high
    tactic: {id: TA0002, name: Execution}
    technique: {id: T1059.004, name: "Command and Scripting Interpreter: Unix Shell"}
    events: [process.exec]
    condition: ContainsValue(@shell_binaries, attributes["process.executable.name"]) and $spawned_by_server
    exceptions:
      - name: health checks
        condition: attributes["process.command_line"] == "sh -c /healthz"
  - id: VGL-T-2
    name: Shadow read
    description: Something read /etc/shadow.
    severity: medium
    tactic: {id: TA0006, name: Credential Access}
    technique: {id: T1003.008, name: "OS Credential Dumping: /etc/passwd and /etc/shadow"}
    events: [file.open]
    condition: attributes["file.path"] == "/etc/shadow"
  - id: VGL-T-3
    name: Bad type
    description: Compares a string attribute with a number, which the compiler cannot see.
    severity: low
    tactic: {id: TA0007, name: Discovery}
    technique: {id: T1082, name: System Information Discovery}
    events: [file.open]
    condition: Int(attributes["file.path"]) > 3
`

func evaluator(t testing.TB) (*Evaluator, *[]string) {
	f, err := rules.Parse("pack.yaml", []byte(pack))
	require.NoError(t, err)
	set, err := rules.Compile([]*rules.File{f}, componenttest.NewNopTelemetrySettings())
	require.NoError(t, err)
	var failed []string
	return New(NewPlan(set), correlate.Limits{MaxKeys: 100, MaxValues: 100}, func(r *rules.Compiled, _ error) { failed = append(failed, r.ID) }), &failed
}

func testRecord(event string, attrs map[string]string) (plog.ResourceLogs, plog.ScopeLogs, plog.LogRecord) {
	rl := plog.NewResourceLogs()
	sl := rl.ScopeLogs().AppendEmpty()
	lr := sl.LogRecords().AppendEmpty()
	lr.SetEventName(event)
	for k, v := range attrs {
		lr.Attributes().PutStr(k, v)
	}
	return rl, sl, lr
}

func evaluate(e *Evaluator, rl plog.ResourceLogs, sl plog.ScopeLogs, lr plog.LogRecord) []*rules.Compiled {
	matched, _ := e.Evaluate(context.Background(), rl, sl, lr, nil)
	return matched
}

func ids(rs []*rules.Compiled) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func TestEvaluateOnlyTheEventsRules(t *testing.T) {
	e, failed := evaluator(t)
	rl, sl, lr := testRecord("process.exec", map[string]string{"process.executable.name": "bash", "vigil.process.parent.executable.name": "nginx"})
	assert.Equal(t, []string{"VGL-T-1"}, ids(evaluate(e, rl, sl, lr)))

	rl, sl, lr = testRecord("process.exec", map[string]string{"process.executable.name": "sh", "vigil.process.parent.executable.name": "nginx", "process.command_line": "sh -c /healthz"})
	assert.Empty(t, evaluate(e, rl, sl, lr), "the exception holds")

	rl, sl, lr = testRecord("file.open", map[string]string{"file.path": "/etc/shadow"})
	assert.Equal(t, []string{"VGL-T-2"}, ids(evaluate(e, rl, sl, lr)))
	assert.Equal(t, []string{"VGL-T-3"}, *failed, "an evaluation error is reported, the rule does not match")
}

func benchmark(b *testing.B, event string, attrs map[string]string) {
	e, _ := evaluator(b)
	e.onError = nil
	rl, sl, lr := testRecord(event, attrs)
	var matched []*rules.Compiled
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		matched, _ = e.Evaluate(ctx, rl, sl, lr, matched[:0])
	}
}

// A record whose event no rule names.
func BenchmarkEvaluateUnindexedEvent(b *testing.B) {
	benchmark(b, "network.connect", map[string]string{"network.peer.address": "10.0.0.1"})
}

// A record tested by one rule that does not match.
func BenchmarkEvaluateNoMatch(b *testing.B) {
	benchmark(b, "process.exec", map[string]string{"process.executable.name": "ls", "vigil.process.parent.executable.name": "bash"})
}

// A record that matches.
func BenchmarkEvaluateMatch(b *testing.B) {
	benchmark(b, "process.exec", map[string]string{"process.executable.name": "bash", "vigil.process.parent.executable.name": "nginx"})
}
