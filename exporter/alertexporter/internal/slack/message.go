// Package slack makes the message a Slack incoming webhook posts for a
// finding: one line that says what and where (what a notification shows),
// and an attachment whose colour is the severity's, with the rule, the
// ATT&CK technique linked to its page, the workload, the command line and
// the process tree.
package slack

import (
	"fmt"
	"strings"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
	"github.com/vigil-sensor/vigil/internal/schema"
)

// Message is an incoming webhook's payload.
type Message struct {
	Text        string       `json:"text"`
	Attachments []Attachment `json:"attachments"`
}

// Attachment is the coloured part of a message.
type Attachment struct {
	Color     string   `json:"color"`
	Fallback  string   `json:"fallback"`
	Title     string   `json:"title"`
	TitleLink string   `json:"title_link,omitempty"`
	Text      string   `json:"text,omitempty"`
	Fields    []Field  `json:"fields"`
	Footer    string   `json:"footer"`
	Timestamp int64    `json:"ts,omitempty"`
	Markdown  []string `json:"mrkdwn_in"`
}

// Field is one titled value of an attachment.
type Field struct {
	Title string `json:"title"`
	Value string `json:"value"`
	Short bool   `json:"short"`
}

// colors are the severities' colours, info to critical.
var colors = [...]string{"#8d99a6", "#2f80ed", "#f2c94c", "#f2994a", "#d0021b"}

// maxValue keeps long command lines from making a message Slack refuses.
const maxValue = 1500

// NewMessage is the message of a finding; link (generator_url) titles it
// when not "".
func NewMessage(f finding.Finding, link string) Message {
	sev := f.Severity()
	rule := f.Attr(schema.SecurityRuleName)
	where := Where(f)
	headline := fmt.Sprintf("[%s] %s", strings.ToUpper(sev.String()), rule)
	if where != "" {
		headline += " on " + where
	}
	if f.IsSummary() {
		headline += fmt.Sprintf(" (%d more since the last message)", f.Occurrences())
	}
	a := Attachment{
		Color:     colors[sev],
		Fallback:  headline,
		Title:     escape(f.Attr(schema.SecurityRuleUUID) + " " + rule),
		TitleLink: link,
		Text:      escape(f.Attr(schema.SecurityRuleDescription)),
		Footer:    escape("Vigil · " + f.EventName()),
		Markdown:  []string{"text", "fields"},
	}
	if t := f.Time(); !t.IsZero() {
		a.Timestamp = t.Unix()
	}
	a.Fields = fields(f)
	return Message{Text: escape(headline), Attachments: []Attachment{a}}
}

func fields(f finding.Finding) []Field {
	var out []Field
	add := func(title, value string, short bool) {
		if value != "" {
			out = append(out, Field{Title: title, Value: value, Short: short})
		}
	}
	severity := f.Severity().String()
	if score := f.Attr(schema.VigilFindingRiskScore); score != "" {
		severity += ", risk " + score
	}
	add("Severity", escape(severity), true)
	technique := strings.TrimSpace(f.Attr(schema.VigilMitreTechniqueID) + " " + f.Attr(schema.VigilMitreTechniqueName))
	if url := f.TechniqueURL(); url != "" {
		technique = "<" + url + "|" + escape(technique) + ">"
	} else {
		technique = escape(technique)
	}
	add("Technique", technique, true)
	add("Where", escape(Where(f)), true)
	add("Container", escape(short(f.Attr(schema.ContainerID))), true)
	add("Command line", code(f.Attr(schema.ProcessCommandLine)), false)
	add("Process tree", code(f.ProcessTree()), false)
	add("File", code(f.Attr(schema.FilePath)), true)
	add("Peer", code(f.Peer()), true)
	if reasons := f.Strings(schema.VigilFindingRiskReasons); len(reasons) > 0 {
		add("Risk raised by", escape(strings.Join(reasons, ", ")), false)
	}
	if f.IsSummary() {
		add("Occurrences", fmt.Sprintf("%d more since the last message", f.Occurrences()), true)
	}
	return out
}

// Where is the finding's place in words: "Deployment shop/web on node-1
// (cluster prod)", "pod shop/web-0 on node-1", "host web-01".
func Where(f finding.Finding) string {
	ns := f.Attr(schema.K8sNamespaceName)
	var workload string
	if kind, name := f.Workload(); kind != "" {
		workload = kind + " " + qualified(ns, name)
	} else if pod := f.Attr(schema.K8sPodName); pod != "" {
		workload = "pod " + qualified(ns, pod)
	}
	machine, name := "node", f.Attr(schema.K8sNodeName)
	if name == "" {
		machine, name = "host", f.Attr(schema.HostName)
	}
	var w string
	switch {
	case workload != "" && name != "":
		w = workload + " on " + name
	case workload != "":
		w = workload
	case name != "":
		w = machine + " " + name
	}
	if cluster := f.Attr(schema.K8sClusterName); cluster != "" && w != "" {
		w += " (cluster " + cluster + ")"
	}
	return w
}

func qualified(ns, name string) string {
	if ns == "" {
		return name
	}
	return ns + "/" + name
}

// short is a container id as tools show it: its first 12 characters.
func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// code is a value as a code block, cut at maxValue bytes (the backend keeps
// it whole), with fences inside it broken.
func code(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > maxValue {
		s = strings.ToValidUTF8(s[:maxValue], "") + "…"
	}
	return "```" + escape(strings.ReplaceAll(s, "```", "`\u200b``")) + "```"
}

// escape makes text safe in Slack's mrkdwn, which reads &, < and > as
// markup.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
