package engine

import (
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

// clusterPack is what a gateway runs on the findings of every node of a
// cluster: a threshold across nodes and a sequence whose steps may happen
// on two nodes.
const clusterPack = `rules:
  - id: CRED-ON-NODES
    name: Credential access on several nodes
    description: Findings of credential access on two nodes of one cluster.
    severity: critical
    tactic: {id: TA0008, name: Lateral Movement}
    technique: {id: T1021, name: Remote Services}
    events: [file.open]
    condition: attributes["vigil.mitre.tactic.id"] == "TA0006"
    threshold:
      by: cluster
      within: 10m
      count: 2
      distinct: resource.attributes["host.id"]
  - id: CRED-THEN-ESCALATION
    name: Credential access, then privilege escalation in the cluster
    description: A credential access finding, then a privilege escalation finding on any node.
    severity: critical
    tactic: {id: TA0004, name: Privilege Escalation}
    technique: {id: T1548.001, name: Setuid and Setgid}
    sequence:
      by: cluster
      within: 10m
      steps:
        - events: [file.open]
          condition: attributes["vigil.mitre.tactic.id"] == "TA0006"
        - events: [file.chmod]
          condition: attributes["vigil.mitre.tactic.id"] == "TA0004"
`

func TestClusterKeyCorrelatesAcrossNodes(t *testing.T) {
	f, err := rules.Parse("cluster.yaml", []byte(clusterPack))
	require.NoError(t, err)
	set, err := rules.Compile([]*rules.File{f}, componenttest.NewNopTelemetrySettings())
	require.NoError(t, err)
	e := New(NewPlan(set), correlate.Limits{MaxKeys: 100, MaxValues: 100}, nil)
	finding := func(at float64, cluster, host, event, tactic string) []string {
		rl := plog.NewResourceLogs()
		rl.Resource().Attributes().PutStr("host.id", host)
		if cluster != "" {
			rl.Resource().Attributes().PutStr("k8s.cluster.name", cluster)
		}
		sl := rl.ScopeLogs().AppendEmpty()
		lr := sl.LogRecords().AppendEmpty()
		lr.SetEventName(event)
		lr.SetTimestamp(pcommon.NewTimestampFromTime(time.Unix(1_800_000_000, 0).Add(time.Duration(at * float64(time.Second)))))
		lr.Attributes().PutStr("vigil.mitre.tactic.id", tactic)
		return ids(evaluate(e, rl, sl, lr))
	}

	assert.Empty(t, finding(0, "prod", "node-a", "file.open", "TA0006"), "one node")
	assert.Empty(t, finding(1, "prod", "node-a", "file.open", "TA0006"), "the same node again")
	assert.Empty(t, finding(2, "", "node-b", "file.open", "TA0006"), "a record of no cluster is not counted")
	assert.Empty(t, finding(3, "staging", "node-c", "file.open", "TA0006"), "another cluster")
	assert.Equal(t, []string{"CRED-ON-NODES"}, finding(4, "prod", "node-b", "file.open", "TA0006"), "a second node of prod")

	assert.Equal(t, []string{"CRED-THEN-ESCALATION"}, finding(5, "prod", "node-d", "file.chmod", "TA0004"),
		"escalation on a node other than the credential access's")
	assert.Empty(t, finding(6, "dev", "node-f", "file.chmod", "TA0004"), "no credential access in dev")
	assert.Equal(t, []string{"CRED-THEN-ESCALATION"}, finding(7, "staging", "node-e", "file.chmod", "TA0004"),
		"staging's own sequence, begun on node-c")
}
