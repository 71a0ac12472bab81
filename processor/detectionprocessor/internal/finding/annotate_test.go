package finding

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/risk"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

func rule(id string, severity rules.Severity, technique string) *rules.Compiled {
	return &rules.Compiled{Severity: severity, Rule: rules.Rule{
		ID: id, Name: id + " name", Description: id + " description",
		Tactic: rules.Mitre{ID: "TA0002", Name: "Execution"}, Technique: rules.Mitre{ID: technique, Name: "Unix Shell"},
		Pos: rules.Pos{File: "/etc/vigil/rules/default.yaml", Line: 3}, Ruleset: "default",
	}}
}

func TestTheMostSevereRuleIsTheFindingAndAllAreListed(t *testing.T) {
	lr := plog.NewLogRecord()
	lr.SetSeverityNumber(plog.SeverityNumberInfo)
	lr.SetSeverityText("INFO")
	resource := pcommon.NewMap()
	resource.PutBool("vigil.k8s.container.privileged", true)
	resource.PutBool("vigil.k8s.pod.host_pid", false)

	Annotate(lr, resource, []*rules.Compiled{rule("LOW-1", rules.SeverityLow, "T1082"), rule("HIGH-1", rules.SeverityHigh, "T1059.004")}, risk.DefaultWeights())

	assert.Equal(t, map[string]any{
		"security_rule.uuid": "HIGH-1", "security_rule.name": "HIGH-1 name", "security_rule.description": "HIGH-1 description",
		"security_rule.category": "Execution", "security_rule.ruleset.name": "default",
		"security_rule.reference": "https://attack.mitre.org/techniques/T1059/004/",
		"vigil.mitre.tactic.id":   "TA0002", "vigil.mitre.tactic.name": "Execution",
		"vigil.mitre.technique.id": "T1059.004", "vigil.mitre.technique.name": "Unix Shell",
		"vigil.finding.severity": "high", "vigil.finding.rules": []any{"LOW-1", "HIGH-1"}, "vigil.finding.techniques": []any{"T1082", "T1059.004"},
		"vigil.finding.risk_score": int64(80), "vigil.finding.risk_reasons": []any{"vigil.k8s.container.privileged"},
	}, lr.Attributes().AsRaw())
	assert.Equal(t, plog.SeverityNumberError, lr.SeverityNumber())
	assert.Equal(t, "ERROR", lr.SeverityText())
}

func TestSeverityIsNeverLowered(t *testing.T) {
	lr := plog.NewLogRecord()
	lr.SetSeverityNumber(plog.SeverityNumberFatal)
	lr.SetSeverityText("FATAL")
	r := rule("INFO-1", rules.SeverityInfo, "T1082")
	r.References = []string{"https://example.com/runbook"}
	Annotate(lr, pcommon.NewMap(), []*rules.Compiled{r}, risk.DefaultWeights())
	assert.Equal(t, plog.SeverityNumberFatal, lr.SeverityNumber())
	v, _ := lr.Attributes().Get("security_rule.reference")
	assert.Equal(t, "https://example.com/runbook", v.Str())
}

func TestSeverityTexts(t *testing.T) {
	for n, want := range map[plog.SeverityNumber]string{
		plog.SeverityNumberInfo: "INFO", plog.SeverityNumberWarn3: "WARN", plog.SeverityNumberError: "ERROR", plog.SeverityNumberFatal: "FATAL",
	} {
		assert.Equal(t, want, severityText(n))
	}
}

// A gateway's rules on an agent's finding add to it and never erase it.
func TestAnotherStagesRulesAddToAFinding(t *testing.T) {
	agent := rule("VGL-CRED-001", rules.SeverityHigh, "T1003.008")
	lr := plog.NewLogRecord()
	Annotate(lr, pcommon.NewMap(), []*rules.Compiled{agent}, risk.DefaultWeights())

	low := rule("GW-LOW", rules.SeverityLow, "T1082")
	Annotate(lr, pcommon.NewMap(), []*rules.Compiled{low, agent}, risk.DefaultWeights())
	a := lr.Attributes().AsRaw()
	assert.Equal(t, "VGL-CRED-001", a["security_rule.uuid"], "a less severe rule does not take the finding over")
	assert.Equal(t, []any{"VGL-CRED-001", "GW-LOW"}, a["vigil.finding.rules"], "listed once each")
	assert.Equal(t, []any{"T1003.008", "T1082"}, a["vigil.finding.techniques"])
	assert.Equal(t, int64(65), a["vigil.finding.risk_score"])

	critical := rule("GW-CRITICAL", rules.SeverityCritical, "T1021")
	Annotate(lr, pcommon.NewMap(), []*rules.Compiled{critical}, risk.DefaultWeights())
	a = lr.Attributes().AsRaw()
	assert.Equal(t, "GW-CRITICAL", a["security_rule.uuid"], "a more severe rule does")
	assert.Equal(t, "critical", a["vigil.finding.severity"])
	assert.Equal(t, int64(80), a["vigil.finding.risk_score"])
	assert.Equal(t, []any{"VGL-CRED-001", "GW-LOW", "GW-CRITICAL"}, a["vigil.finding.rules"])
	assert.Equal(t, plog.SeverityNumberFatal, lr.SeverityNumber())
}
