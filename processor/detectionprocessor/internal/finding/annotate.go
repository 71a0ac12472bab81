// Package finding turns a record that rules matched into a finding: the
// rule, its MITRE ATT&CK tactic and technique, a raised severity and a risk
// score that weighs the workload's exposure.
package finding

import (
	"slices"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/vigil-sensor/vigil/internal/schema"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/risk"
	"github.com/vigil-sensor/vigil/processor/detectionprocessor/internal/rules"
)

// severityNumbers map a rule's severity onto OpenTelemetry's log severity:
// a finding is never quieter than the record it was.
var severityNumbers = map[rules.Severity]plog.SeverityNumber{
	rules.SeverityInfo:     plog.SeverityNumberInfo,
	rules.SeverityLow:      plog.SeverityNumberWarn,
	rules.SeverityMedium:   plog.SeverityNumberWarn3,
	rules.SeverityHigh:     plog.SeverityNumberError,
	rules.SeverityCritical: plog.SeverityNumberFatal,
}

// Annotate writes the finding of matched rules (at least one) onto a
// record and returns the finding's rule: the one of highest severity (the
// first one written, on a tie). Every rule's id is listed.
func Annotate(lr plog.LogRecord, resource pcommon.Map, matched []*rules.Compiled, weights risk.Weights) *rules.Compiled {
	primary := matched[0]
	for _, r := range matched[1:] {
		if r.Severity > primary.Severity {
			primary = r
		}
	}
	a := lr.Attributes()
	a.PutStr(schema.SecurityRuleUUID, primary.ID)
	a.PutStr(schema.SecurityRuleName, primary.Name)
	a.PutStr(schema.SecurityRuleDescription, primary.Description)
	a.PutStr(schema.SecurityRuleCategory, primary.Tactic.Name)
	a.PutStr(schema.SecurityRuleRulesetName, primary.Ruleset)
	a.PutStr(schema.SecurityRuleReference, Reference(primary))
	a.PutStr(schema.VigilMitreTacticID, primary.Tactic.ID)
	a.PutStr(schema.VigilMitreTacticName, primary.Tactic.Name)
	a.PutStr(schema.VigilMitreTechniqueID, primary.Technique.ID)
	a.PutStr(schema.VigilMitreTechniqueName, primary.Technique.Name)
	a.PutStr(schema.VigilFindingSeverity, primary.Severity.String())
	ids := a.PutEmptySlice(schema.VigilFindingRules)
	techniques := a.PutEmptySlice(schema.VigilFindingTechniques)
	for _, r := range matched {
		ids.AppendEmpty().SetStr(r.ID)
		techniques.AppendEmpty().SetStr(r.Technique.ID)
	}
	score, reasons := weights.Score(primary.Severity, resource)
	a.PutInt(schema.VigilFindingRiskScore, int64(score))
	why := a.PutEmptySlice(schema.VigilFindingRiskReasons)
	slices.Sort(reasons)
	for _, r := range reasons {
		why.AppendEmpty().SetStr(r)
	}
	if n := severityNumbers[primary.Severity]; n > lr.SeverityNumber() {
		lr.SetSeverityNumber(n)
		lr.SetSeverityText(severityText(n))
	}
	return primary
}

// Reference is the rule's first reference, else its technique's ATT&CK page.
func Reference(r *rules.Compiled) string {
	if len(r.References) > 0 {
		return r.References[0]
	}
	return "https://attack.mitre.org/techniques/" + strings.ReplaceAll(r.Technique.ID, ".", "/") + "/"
}

// severityText is the short name of a severity number (Warn3 → "WARN"),
// as the receiver writes INFO and WARN.
func severityText(n plog.SeverityNumber) string {
	return strings.ToUpper(strings.TrimRight(n.String(), "0123456789"))
}
