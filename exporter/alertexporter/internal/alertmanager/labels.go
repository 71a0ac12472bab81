// Package alertmanager makes Alertmanager's v2 API alerts of findings
// (POST /api/v2/alerts takes a JSON array of postableAlerts). An alert's
// labels are its identity — Alertmanager folds alerts with equal labels
// into one — so they hold only what stays the same over a storm of one
// finding in one place; what differs between occurrences (pid, command
// line, file, peer) goes in the annotations.
package alertmanager

import (
	"slices"
	"strings"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/internal/schema"
)

// The labels every alert may carry, and the attributes they come from.
var stableLabels = []struct{ label, attr string }{
	{"rule_id", schema.SecurityRuleUUID},
	{"tactic", schema.VigilMitreTacticID},
	{"technique", schema.VigilMitreTechniqueID},
	{"cluster", schema.K8sClusterName},
	{"namespace", schema.K8sNamespaceName},
}

// labelled are the attributes the labels already say, whatever group_by
// names: the stable ones, the rule's name, the workload's and the node's
// or host's.
var labelled = func() map[string]bool {
	m := map[string]bool{
		schema.SecurityRuleName: true, schema.VigilFindingSeverity: true,
		schema.K8sNodeName: true, schema.HostName: true,
	}
	for _, l := range stableLabels {
		m[l.attr] = true
	}
	for _, a := range finding.WorkloadAttributes() {
		m[a] = true
	}
	return m
}()

// Labels are a finding's alert labels: alertname (the rule's name),
// rule_id, severity, tactic and technique (ATT&CK ids), cluster,
// namespace, workload_kind and workload, node (k8s.node.name) or else
// host (host.name), each when known; then each group_by attribute the
// labels do not already say, named with its dots and other characters
// Alertmanager refuses made underscores (process.pid → process_pid).
func Labels(f finding.Finding, groupBy []string) map[string]string {
	labels := map[string]string{}
	put := func(name, value string) {
		if value != "" {
			labels[name] = value
		}
	}
	name := f.Attr(schema.SecurityRuleName)
	if name == "" {
		name = f.Attr(schema.SecurityRuleUUID)
	}
	put("alertname", name)
	put("severity", f.Severity().String())
	for _, l := range stableLabels {
		put(l.label, f.Attr(l.attr))
	}
	kind, workload := f.Workload()
	put("workload_kind", kind)
	put("workload", workload)
	if node := f.Attr(schema.K8sNodeName); node != "" {
		put("node", node)
	} else {
		put("host", f.Attr(schema.HostName))
	}
	for _, attr := range groupBy {
		if !labelled[attr] {
			put(LabelName(attr), f.Attr(attr))
		}
	}
	return labels
}

// LabelName makes an attribute name a label name Alertmanager 0.25 takes:
// [a-zA-Z_][a-zA-Z0-9_]*.
func LabelName(attr string) string {
	b := []byte(attr)
	for i, c := range b {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

// fingerprint is a label set as one string, to find alerts Alertmanager
// would fold into one.
func fingerprint(labels map[string]string) string {
	names := make([]string, 0, len(labels))
	for n := range labels {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte(0)
		b.WriteString(labels[n])
		b.WriteByte(0)
	}
	return b.String()
}
