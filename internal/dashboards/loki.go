//lint:file-ignore SA1019 The classic dashboard model, not v2: its JSON is what every Grafana's Import accepts; v2 needs Grafana 12's new schema.

package dashboards

import (
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/loki"
)

// LokiPlugin is Grafana's Loki datasource plugin.
const LokiPlugin = "loki"

// Loki is the dashboard for a Loki datasource.
func Loki() (dashboard.Dashboard, error) {
	b := backend{uid: "vigil-loki", title: "Vigil findings (Loki)", plugin: LokiPlugin}
	b.target = func(p panel) cog.Builder[variants.Dataquery] {
		q := loki.NewDataqueryBuilder().RefId("A").Datasource(b.datasource()).Expr(p.logql).EditorMode(loki.QueryEditorModeCode)
		switch {
		case p.lokiLegend != "":
			q.LegendFormat(p.lokiLegend)
		case p.legend != "":
			q.LegendFormat(lokiLabels(p.legend))
		}
		switch p.kind {
		case overTime:
			q.QueryType(string(loki.LokiQueryTypeRange))
		case ranking:
			q.QueryType(string(loki.LokiQueryTypeInstant))
		default:
			q.QueryType(string(loki.LokiQueryTypeRange)).MaxLines(200)
		}
		return q
	}
	// The namespaces of the streams: k8s_namespace_name is a stream label.
	b.namespaces = dashboard.NewQueryVariableBuilder("namespace").Label("Namespace").
		Datasource(b.datasource()).
		Query(dashboard.StringOrMap{Map: map[string]any{"type": 1, "label": "k8s_namespace_name", "refId": "namespaces"}}).
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
		Multi(true).IncludeAll(true).AllValue(".*").
		Current(dashboard.VariableOption{Text: dashboard.StringOrArrayOfString{String: cog.ToPtr("All")},
			Value: dashboard.StringOrArrayOfString{String: cog.ToPtr("$__all")}})
	return build(b)
}
