package engine

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/correlate"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

const correlationPack = `rules:
  - id: SHELL-FROM-SERVER
    name: Shell from a server
    description: A server started a shell.
    severity: high
    tactic: {id: TA0002, name: Execution}
    technique: {id: T1059.004, name: Unix Shell}
    events: [process.exec]
    condition: attributes["process.executable.name"] == "sh" and attributes["vigil.process.parent.executable.name"] == "nginx"
  - id: SHELL-CONNECTS-OUT
    name: A server's shell connects out
    description: A shell a server started, or its child, connected to another host.
    severity: critical
    tactic: {id: TA0011, name: Command and Control}
    technique: {id: T1071, name: Application Layer Protocol}
    sequence:
      by: process_tree
      within: 30s
      steps:
        - rule: SHELL-FROM-SERVER
        - events: [network.connect]
          condition: attributes["network.peer.address"] != "127.0.0.1"
  - id: PORT-SCAN
    name: Connections to many ports
    description: One container connected to many distinct ports.
    severity: medium
    tactic: {id: TA0007, name: Discovery}
    technique: {id: T1046, name: Network Service Discovery}
    events: [network.connect]
    condition: "true"
    threshold:
      by: container
      within: 10s
      count: 5
      distinct: attributes["network.peer.port"]
`

type rec struct {
	event     string
	at        float64 // seconds
	container string
	attrs     map[string]any
}

func run(t *testing.T, e *Evaluator, r rec) []string {
	t.Helper()
	rl := plog.NewResourceLogs()
	if r.container != "" {
		rl.Resource().Attributes().PutStr("container.id", r.container)
	}
	sl := rl.ScopeLogs().AppendEmpty()
	lr := sl.LogRecords().AppendEmpty()
	lr.SetEventName(r.event)
	lr.SetTimestamp(pcommon.NewTimestampFromTime(time.Unix(1_800_000_000, 0).Add(time.Duration(r.at * float64(time.Second)))))
	require.NoError(t, lr.Attributes().FromRaw(r.attrs))
	return ids(evaluate(e, rl, sl, lr))
}

func correlationEvaluator(t *testing.T) *Evaluator {
	f, err := rules.Parse("c.yaml", []byte(correlationPack))
	require.NoError(t, err)
	set, err := rules.Compile([]*rules.File{f}, componenttest.NewNopTelemetrySettings())
	require.NoError(t, err)
	return New(NewPlan(set), correlate.Limits{MaxKeys: 100, MaxValues: 100}, nil)
}

func TestSequenceFollowsTheProcessTree(t *testing.T) {
	e := correlationEvaluator(t)
	shell := map[string]any{"process.executable.name": "sh", "vigil.process.parent.executable.name": "nginx", "vigil.process.exec_id": "sh-1"}
	assert.Equal(t, []string{"SHELL-FROM-SERVER"}, run(t, e, rec{event: "process.exec", at: 0, attrs: shell}))
	assert.Empty(t, run(t, e, rec{event: "network.connect", at: 1,
		attrs: map[string]any{"vigil.process.exec_id": "other", "network.peer.address": "203.0.113.9"}}), "an unrelated process")
	assert.Empty(t, run(t, e, rec{event: "network.connect", at: 2,
		attrs: map[string]any{"vigil.process.exec_id": "sh-1", "network.peer.address": "127.0.0.1"}}), "loopback is not the step")
	assert.Equal(t, []string{"SHELL-CONNECTS-OUT"}, run(t, e, rec{event: "network.connect", at: 3,
		attrs: map[string]any{"vigil.process.exec_id": "curl-1", "vigil.process.parent.exec_id": "sh-1", "network.peer.address": "203.0.113.9"}}),
		"the shell's child connects out")
}

func TestSequenceJoinsAShellsChildren(t *testing.T) {
	e := correlationEvaluator(t)
	// sh -c "…; curl …": the shell's first child is the step, its second
	// one connects out.
	first := map[string]any{"process.executable.name": "sh", "vigil.process.parent.executable.name": "nginx",
		"vigil.process.exec_id": "child-1", "vigil.process.parent.exec_id": "sh-3", "process.parent_pid": int64(300)}
	assert.Equal(t, []string{"SHELL-FROM-SERVER"}, run(t, e, rec{event: "process.exec", at: 0, attrs: first}))
	assert.Equal(t, []string{"SHELL-CONNECTS-OUT"}, run(t, e, rec{event: "network.connect", at: 1,
		attrs: map[string]any{"vigil.process.exec_id": "child-2", "vigil.process.parent.exec_id": "sh-3", "process.parent_pid": int64(300),
			"network.peer.address": "203.0.113.9"}}), "a sibling")

	// Children of the host's init are not one tree.
	first["vigil.process.exec_id"], first["vigil.process.parent.exec_id"], first["process.parent_pid"] = "svc-1", "init", int64(1)
	run(t, e, rec{event: "process.exec", at: 2, attrs: first})
	assert.Empty(t, run(t, e, rec{event: "network.connect", at: 3,
		attrs: map[string]any{"vigil.process.exec_id": "svc-2", "vigil.process.parent.exec_id": "init", "process.parent_pid": int64(1),
			"network.peer.address": "203.0.113.9"}}), "another service")
}

func TestSequenceOutOfOrderOrLateDoesNotFire(t *testing.T) {
	e := correlationEvaluator(t)
	out := map[string]any{"vigil.process.exec_id": "sh-2", "network.peer.address": "203.0.113.9"}
	assert.Empty(t, run(t, e, rec{event: "network.connect", at: 0, attrs: out}), "the connect came first")
	shell := map[string]any{"process.executable.name": "sh", "vigil.process.parent.executable.name": "nginx", "vigil.process.exec_id": "sh-2"}
	run(t, e, rec{event: "process.exec", at: 1, attrs: shell})
	assert.Empty(t, run(t, e, rec{event: "network.connect", at: 40, attrs: out}), "past the 30 s window")
}

func TestThresholdOfDistinctPorts(t *testing.T) {
	e := correlationEvaluator(t)
	connect := func(at float64, container string, port int64) []string {
		return run(t, e, rec{event: "network.connect", at: at, container: container,
			attrs: map[string]any{"network.peer.port": port, "network.peer.address": "127.0.0.1"}})
	}
	for i, port := range []int64{22, 80, 80, 443, 8443} {
		assert.Empty(t, connect(float64(i), "c1", port), "four distinct ports so far")
	}
	assert.Empty(t, connect(5, "c2", 8080), "another container's port")
	assert.Equal(t, []string{"PORT-SCAN"}, connect(6, "c1", 3306), "the fifth distinct port")
	assert.Empty(t, connect(7, "", 1), "a host record has no container key")
	assert.Equal(t, 1, e.Stats().Keys, "c2's state; c1's was reset when it fired")
}

func TestCorrelationRuleErrors(t *testing.T) {
	for name, c := range map[string]struct{ body, want string }{
		"unknown step rule": {"    sequence:\n      by: process\n      within: 10s\n      steps:\n        - rule: NOPE\n        - rule: NOPE2\n", `sequence.steps[0].rule: no rule has id "NOPE"`},
		"bad key":           {"    sequence:\n      by: galaxy\n      within: 10s\n      steps: [{rule: A}, {rule: A}]\n", `sequence.by: "galaxy" is not a key`},
		"bad window":        {"    sequence:\n      by: pod\n      within: 2d\n      steps: [{rule: A}, {rule: A}]\n", `sequence.within: "2d" is not a duration`},
		"one step":          {"    sequence:\n      by: pod\n      within: 10s\n      steps: [{rule: A}]\n", "sequence.steps: a sequence has 2 to 16 steps, not 1"},
		"threshold of one":  {"    events: [a]\n    condition: \"true\"\n    threshold:\n      by: host\n      within: 10s\n      count: 1\n", "threshold.count: 1: a threshold counts at least 2"},
	} {
		t.Run(name, func(t *testing.T) {
			text := fmt.Sprintf(`rules:
  - id: A
    name: a
    description: a
    severity: low
    tactic: {id: TA0007, name: Discovery}
    technique: {id: T1082, name: S}
    events: [a]
    condition: "true"
  - id: C
    name: c
    description: c
    severity: low
    tactic: {id: TA0007, name: Discovery}
    technique: {id: T1082, name: S}
%s`, c.body)
			f, err := rules.Parse("c.yaml", []byte(text))
			require.NoError(t, err)
			_, err = rules.Compile([]*rules.File{f}, componenttest.NewNopTelemetrySettings())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "c.yaml:10: rule C: "+c.want)
		})
	}
}

func TestDistinctValuesAreComparedAsOTTLPrintsThem(t *testing.T) {
	e := correlationEvaluator(t)
	for i, port := range []any{int64(80), "80", int64(443), "443", int64(22)} {
		assert.Empty(t, run(t, e, rec{event: "network.connect", at: float64(i), container: "c3",
			attrs: map[string]any{"network.peer.port": port, "network.peer.address": "127.0.0.1"}}), "80 and \"80\" are one port")
	}
	assert.Empty(t, run(t, e, rec{event: "network.connect", at: 6, container: "c3",
		attrs: map[string]any{"network.peer.port": int64(8080), "network.peer.address": "127.0.0.1"}}), "the fourth distinct port")
	assert.Equal(t, []string{"PORT-SCAN"}, run(t, e, rec{event: "network.connect", at: 7, container: "c3",
		attrs: map[string]any{"network.peer.port": "3306", "network.peer.address": "127.0.0.1"}}), "the fifth")
}
