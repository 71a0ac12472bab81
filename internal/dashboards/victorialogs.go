//lint:file-ignore SA1019 The classic dashboard model, not v2: its JSON is what every Grafana's Import accepts; v2 needs Grafana 12's new schema.

package dashboards

import (
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// VictoriaLogs is the dashboard for a VictoriaLogs datasource.
func VictoriaLogs() (dashboard.Dashboard, error) {
	b := backend{uid: "vigil-victorialogs", title: "Vigil findings (VictoriaLogs)", plugin: VictoriaLogsPlugin}
	b.target = func(p panel) cog.Builder[variants.Dataquery] {
		q := VictoriaLogsQuery{RefID: "A", Datasource: cog.ToPtr(b.datasource()), Expr: p.logsql, EditorMode: "code", LegendFormat: p.legend}
		switch p.kind {
		case overTime:
			q.QueryType = QueryStatsRange
		case ranking:
			q.QueryType = QueryStats
		default:
			q.QueryType, q.MaxLines = QueryInstant, 200
		}
		return victoriaLogsTarget{q}
	}
	// The namespaces findings were seen in: the plugin's field-values query.
	b.namespaces = dashboard.NewQueryVariableBuilder("namespace").Label("Namespace").
		Datasource(b.datasource()).
		Query(dashboard.StringOrMap{Map: map[string]any{
			"type": "fieldValue", "field": "k8s.namespace.name", "query": "security_rule.uuid:*", "limit": 200, "refId": "namespaces",
		}}).
		Refresh(dashboard.VariableRefreshOnTimeRangeChanged).
		Multi(true).IncludeAll(true).AllValue(".*").
		Current(dashboard.VariableOption{Text: dashboard.StringOrArrayOfString{String: cog.ToPtr("All")},
			Value: dashboard.StringOrArrayOfString{String: cog.ToPtr("$__all")}})
	return build(b)
}
