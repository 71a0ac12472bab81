package alertmanager

import (
	"strconv"
	"strings"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/internal/schema"
)

// annotationAttrs are the annotations copied from one attribute each.
var annotationAttrs = []struct{ annotation, attr string }{
	{"description", schema.SecurityRuleDescription},
	{"rule_name", schema.SecurityRuleName},
	{"ruleset", schema.SecurityRuleRulesetName},
	{"reference", schema.SecurityRuleReference},
	{"tactic_name", schema.VigilMitreTacticName},
	{"technique_name", schema.VigilMitreTechniqueName},
	{"risk_score", schema.VigilFindingRiskScore},
	{"pid", schema.ProcessPID},
	{"executable", schema.ProcessExecutablePath},
	{"command_line", schema.ProcessCommandLine},
	{"user_id", schema.ProcessUserID},
	{"file", schema.FilePath},
	{"dns_question", schema.DNSQuestionName},
	{"container_id", schema.ContainerID},
	{"pod", schema.K8sPodName},
	{"container", schema.K8sContainerName},
	{"image", schema.ContainerImageName},
}

// Annotations are what a finding says beyond its labels, each when known:
// summary (the record's one line), description (the rule's), rule_name,
// ruleset, reference, tactic_name, technique_name, technique_url,
// risk_score, risk_reasons, rules (when several matched), event, pid,
// executable, command_line, user_id, process_tree, file, peer,
// dns_question, container_id, pod, container, image, repeats (a summary's
// folded occurrences).
func Annotations(f finding.Finding) map[string]string {
	a := map[string]string{}
	put := func(name, value string) {
		if value != "" {
			a[name] = value
		}
	}
	put("summary", f.Body())
	put("event", f.EventName())
	for _, x := range annotationAttrs {
		put(x.annotation, f.Attr(x.attr))
	}
	put("technique_url", f.TechniqueURL())
	put("risk_reasons", strings.Join(f.Strings(schema.VigilFindingRiskReasons), ", "))
	if rules := f.Strings(schema.VigilFindingRules); len(rules) > 1 {
		put("rules", strings.Join(rules, ", "))
	}
	put("process_tree", f.ProcessTree())
	put("peer", f.Peer())
	if n, ok := f.Int(schema.VigilFindingCount); ok {
		put("repeats", strconv.FormatInt(n, 10))
	}
	return a
}
