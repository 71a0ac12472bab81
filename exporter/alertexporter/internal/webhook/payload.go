// Package webhook makes the JSON document a generic webhook receives for a
// finding (one request per finding or group summary), or what a
// user-supplied Go text/template makes of it, and signs the body.
package webhook

import (
	"time"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/internal/schema"
)

// Version is the payload's version; a change that removes or renames a
// field makes a new one.
const Version = "1"

// Payload is the default body, documented field by field in the exporter's
// README. A template sees the same value.
type Payload struct {
	Version string `json:"version"`
	// Time is when the finding's event happened.
	Time time.Time `json:"time"`
	// Occurrences is how many times the finding happened as far as this
	// message tells (a summary's folded repeats, else 1); Summary says it
	// is a summary of repeats, whose first occurrence was sent before.
	Occurrences int64 `json:"occurrences"`
	Summary     bool  `json:"summary"`
	// Group are the group_by attributes' values.
	Group map[string]string `json:"group"`
	// URL is the generator_url template's link, when one is configured.
	URL      string         `json:"url,omitempty"`
	Rule     Rule           `json:"rule"`
	Mitre    Mitre          `json:"mitre"`
	Risk     Risk           `json:"risk"`
	Event    Event          `json:"event"`
	Where    Where          `json:"where"`
	Process  Process        `json:"process"`
	Resource map[string]any `json:"resource"`
	// Attributes are every attribute of the record.
	Attributes map[string]any `json:"attributes"`

	finding finding.Finding
}

// Rule is the rule that made the finding.
type Rule struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Severity    string   `json:"severity"`
	Ruleset     string   `json:"ruleset,omitempty"`
	Reference   string   `json:"reference,omitempty"`
	Matched     []string `json:"matched,omitempty"`
}

// Mitre is the finding's ATT&CK tactic and technique.
type Mitre struct {
	TacticID      string `json:"tactic_id,omitempty"`
	TacticName    string `json:"tactic_name,omitempty"`
	TechniqueID   string `json:"technique_id,omitempty"`
	TechniqueName string `json:"technique_name,omitempty"`
	TechniqueURL  string `json:"technique_url,omitempty"`
}

// Risk is the finding's risk score and what raised it.
type Risk struct {
	Score   int64    `json:"score"`
	Reasons []string `json:"reasons"`
}

// Event is the record the finding was made of.
type Event struct {
	Name string `json:"name"`
	Body string `json:"body"`
}

// Where is the place: Kubernetes workload, node and host.
type Where struct {
	Cluster      string `json:"cluster,omitempty"`
	Namespace    string `json:"namespace,omitempty"`
	WorkloadKind string `json:"workload_kind,omitempty"`
	Workload     string `json:"workload,omitempty"`
	Pod          string `json:"pod,omitempty"`
	Container    string `json:"container,omitempty"`
	ContainerID  string `json:"container_id,omitempty"`
	Node         string `json:"node,omitempty"`
	Host         string `json:"host,omitempty"`
}

// Process is the process that did it.
type Process struct {
	PID         int64  `json:"pid,omitempty"`
	Executable  string `json:"executable,omitempty"`
	CommandLine string `json:"command_line,omitempty"`
	Tree        string `json:"tree,omitempty"`
}

// NewPayload is the payload of a finding in its group, with its link; now
// is the time of a finding that has none.
func NewPayload(f finding.Finding, group map[string]string, link string, now time.Time) Payload {
	at := f.Time()
	if at.IsZero() {
		at = now
	}
	score, _ := f.Int(schema.VigilFindingRiskScore)
	pid, _ := f.Int(schema.ProcessPID)
	kind, workload := f.Workload()
	reasons := f.Strings(schema.VigilFindingRiskReasons)
	if reasons == nil {
		reasons = []string{}
	}
	return Payload{
		Version:     Version,
		Time:        at.UTC(),
		Occurrences: f.Occurrences(),
		Summary:     f.IsSummary(),
		Group:       group,
		URL:         link,
		Rule: Rule{
			ID:          f.Attr(schema.SecurityRuleUUID),
			Name:        f.Attr(schema.SecurityRuleName),
			Description: f.Attr(schema.SecurityRuleDescription),
			Severity:    f.Severity().String(),
			Ruleset:     f.Attr(schema.SecurityRuleRulesetName),
			Reference:   f.Attr(schema.SecurityRuleReference),
			Matched:     f.Strings(schema.VigilFindingRules),
		},
		Mitre: Mitre{
			TacticID:      f.Attr(schema.VigilMitreTacticID),
			TacticName:    f.Attr(schema.VigilMitreTacticName),
			TechniqueID:   f.Attr(schema.VigilMitreTechniqueID),
			TechniqueName: f.Attr(schema.VigilMitreTechniqueName),
			TechniqueURL:  f.TechniqueURL(),
		},
		Risk:  Risk{Score: score, Reasons: reasons},
		Event: Event{Name: f.EventName(), Body: f.Body()},
		Where: Where{
			Cluster:      f.Attr(schema.K8sClusterName),
			Namespace:    f.Attr(schema.K8sNamespaceName),
			WorkloadKind: kind,
			Workload:     workload,
			Pod:          f.Attr(schema.K8sPodName),
			Container:    f.Attr(schema.K8sContainerName),
			ContainerID:  f.Attr(schema.ContainerID),
			Node:         f.Attr(schema.K8sNodeName),
			Host:         f.Attr(schema.HostName),
		},
		Process: Process{
			PID:         pid,
			Executable:  f.Attr(schema.ProcessExecutablePath),
			CommandLine: f.Attr(schema.ProcessCommandLine),
			Tree:        f.ProcessTree(),
		},
		Resource:   f.Resource.Attributes().AsRaw(),
		Attributes: f.Record.Attributes().AsRaw(),
		finding:    f,
	}
}

// Attr is any attribute of the finding, the record's or else the
// resource's, as a string: what a template reads beyond the fields.
func (p Payload) Attr(name string) string { return p.finding.Attr(name) }
