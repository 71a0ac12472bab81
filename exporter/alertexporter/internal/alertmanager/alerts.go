package alertmanager

import (
	"time"

	"github.com/vigil-sensor/vigil/exporter/alertexporter/internal/finding"
)

// Alert is a postableAlert of Alertmanager's v2 API.
type Alert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt"`
	GeneratorURL string            `json:"generatorURL,omitempty"`
}

// Finding is one finding to alert on, with its link (generator_url).
type Finding struct {
	finding.Finding
	Link string
}

// Options are what every alert of one exporter shares.
type Options struct {
	GroupBy      []string
	ResolveAfter time.Duration
	// Now is the start of findings without a time.
	Now time.Time
}

// Alerts makes one alert per distinct label set. An alert starts when its
// first finding happened and ends ResolveAfter after its last: while a
// storm goes on each post moves the end, and Alertmanager resolves the
// alert ResolveAfter after the storm. Annotations and link are the last
// finding's. Of returns, for each alert, the indexes of the findings it
// stands for.
func Alerts(findings []Finding, o Options) (alerts []Alert, of [][]int) {
	index := map[string]int{}
	var last []time.Time
	for i, f := range findings {
		at := f.Time()
		if at.IsZero() {
			at = o.Now
		}
		labels := Labels(f.Finding, o.GroupBy)
		key := fingerprint(labels)
		n, seen := index[key]
		if !seen {
			n = len(alerts)
			index[key] = n
			alerts = append(alerts, Alert{Labels: labels, StartsAt: at})
			of = append(of, nil)
			last = append(last, time.Time{})
		}
		of[n] = append(of[n], i)
		a := &alerts[n]
		if at.Before(a.StartsAt) {
			a.StartsAt = at
		}
		if !at.Before(last[n]) {
			last[n] = at
			a.Annotations = Annotations(f.Finding)
			a.GeneratorURL = f.Link
		}
		a.EndsAt = last[n].Add(o.ResolveAfter)
	}
	return alerts, of
}
