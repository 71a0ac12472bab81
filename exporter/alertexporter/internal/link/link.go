// Package link renders the generator_url template: a link from an alert to
// where the finding can be looked at (a VictoriaLogs query, a Grafana
// Explore view), built from the finding's attributes.
package link

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"text/template"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
)

// Template is a parsed generator_url; the zero value renders "".
type Template struct {
	t *template.Template
}

// funcs are what a link template may call beside text/template's own
// (printf, urlquery…).
var funcs = template.FuncMap{
	"queryescape": url.QueryEscape,
	"pathescape":  url.PathEscape,
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
}

// Parse parses a generator_url template. Its data is the finding:
// {{ .Attr "security_rule.uuid" }} is an attribute (the record's, else the
// resource's; "" when absent), {{ .Time }} when it happened (a time.Time:
// {{ .Time.UnixMilli }}), {{ .EventName }}, {{ .Body }}.
func Parse(text string) (*Template, error) {
	if text == "" {
		return &Template{}, nil
	}
	t, err := template.New("generator_url").Funcs(funcs).Parse(text)
	if err != nil {
		return nil, err
	}
	return &Template{t: t}, nil
}

// Render is the link of a finding. What it renders must parse as a URL.
func (t *Template) Render(f finding.Finding) (string, error) {
	if t.t == nil {
		return "", nil
	}
	var b strings.Builder
	if err := t.t.Execute(&b, f); err != nil {
		return "", err
	}
	link := strings.TrimSpace(b.String())
	if _, err := url.Parse(link); err != nil {
		return "", fmt.Errorf("the link %q is not a URL", link)
	}
	return link, nil
}
