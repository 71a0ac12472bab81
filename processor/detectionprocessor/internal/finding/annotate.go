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
// record and returns the finding's rule among them: the one of highest
// severity (the first one written, on a tie). Every rule's id is listed.
//
// A record that already is a finding — a gateway's detection on an
// agent's findings — keeps it: the new rules are added to its lists, and
// they become the record's finding only when more severe than the one it
// had, so that no stage's finding is erased by the next one's.
func Annotate(lr plog.LogRecord, resource pcommon.Map, matched []*rules.Compiled, weights risk.Weights) *rules.Compiled {
	primary := matched[0]
	for _, r := range matched[1:] {
		if r.Severity > primary.Severity {
			primary = r
		}
	}
	a := lr.Attributes()
	prior, annotated := priorSeverity(a)
	if !annotated || primary.Severity > prior {
		writeRule(a, primary, resource, weights)
	}
	ids := listed(a, schema.VigilFindingRules, annotated)
	techniques := listed(a, schema.VigilFindingTechniques, annotated)
	for _, r := range matched {
		if annotated && contains(ids, r.ID) {
			continue // the same rule at an earlier stage
		}
		ids.AppendEmpty().SetStr(r.ID)
		techniques.AppendEmpty().SetStr(r.Technique.ID)
	}
	if n := severityNumbers[primary.Severity]; n > lr.SeverityNumber() {
		lr.SetSeverityNumber(n)
		lr.SetSeverityText(severityText(n))
	}
	return primary
}

// writeRule makes rule the record's finding, with its risk score.
func writeRule(a pcommon.Map, rule *rules.Compiled, resource pcommon.Map, weights risk.Weights) {
	a.PutStr(schema.SecurityRuleUUID, rule.ID)
	a.PutStr(schema.SecurityRuleName, rule.Name)
	a.PutStr(schema.SecurityRuleDescription, rule.Description)
	a.PutStr(schema.SecurityRuleCategory, rule.Tactic.Name)
	a.PutStr(schema.SecurityRuleRulesetName, rule.Ruleset)
	a.PutStr(schema.SecurityRuleReference, Reference(rule))
	a.PutStr(schema.VigilMitreTacticID, rule.Tactic.ID)
	a.PutStr(schema.VigilMitreTacticName, rule.Tactic.Name)
	a.PutStr(schema.VigilMitreTechniqueID, rule.Technique.ID)
	a.PutStr(schema.VigilMitreTechniqueName, rule.Technique.Name)
	a.PutStr(schema.VigilFindingSeverity, rule.Severity.String())
	score, reasons := weights.Score(rule.Severity, resource)
	a.PutInt(schema.VigilFindingRiskScore, int64(score))
	why := a.PutEmptySlice(schema.VigilFindingRiskReasons)
	slices.Sort(reasons)
	for _, r := range reasons {
		why.AppendEmpty().SetStr(r)
	}
}

// priorSeverity is the severity of the finding a record already carries.
func priorSeverity(a pcommon.Map) (rules.Severity, bool) {
	if _, ok := a.Get(schema.SecurityRuleUUID); !ok {
		return 0, false
	}
	v, ok := a.Get(schema.VigilFindingSeverity)
	if !ok {
		return 0, true // a finding of unknown severity: any rule outranks it
	}
	s, err := rules.ParseSeverity(v.AsString())
	if err != nil {
		return 0, true
	}
	return s, true
}

// listed is the record's list under key: kept when the record already is
// a finding and the list is a list, else a new one.
func listed(a pcommon.Map, key string, keep bool) pcommon.Slice {
	if v, ok := a.Get(key); keep && ok && v.Type() == pcommon.ValueTypeSlice {
		return v.Slice()
	}
	return a.PutEmptySlice(key)
}

func contains(s pcommon.Slice, id string) bool {
	for _, v := range s.All() {
		if v.AsString() == id {
			return true
		}
	}
	return false
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
