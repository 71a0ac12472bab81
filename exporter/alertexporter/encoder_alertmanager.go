package alertexporter

import (
	"time"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/alertmanager"
)

// alertmanagerEncoder posts every finding of a push in one request, one
// alert per label set.
type alertmanagerEncoder struct {
	groupBy      []string
	resolveAfter time.Duration
}

func (a *alertmanagerEncoder) encode(items []item, now time.Time) []message {
	findings := make([]alertmanager.Finding, len(items))
	all := make([]int, len(items))
	for i, it := range items {
		findings[i] = alertmanager.Finding{Finding: it.Finding, Link: it.link}
		all[i] = i
	}
	alerts, _ := alertmanager.Alerts(findings, alertmanager.Options{GroupBy: a.groupBy, ResolveAfter: a.resolveAfter, Now: now})
	body, err := encodeJSON(alerts)
	return []message{{body: body, header: jsonHeader(), items: all, err: err}}
}
