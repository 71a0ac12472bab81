//lint:file-ignore SA1019 The classic dashboard model, not v2: its JSON is what every Grafana's Import accepts; v2 needs Grafana 12's new schema.

package dashboards

import (
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/bargauge"
	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// backend is what differs between the two dashboards: the datasource and
// how a panel's query is written for it.
type backend struct {
	uid, title, plugin string
	target             func(p panel) cog.Builder[variants.Dataquery]
	namespaces         cog.Builder[dashboard.VariableModel] // the namespace variable
}

// datasource refers to the datasource the user picks in the ds variable.
func (b backend) datasource() common.DataSourceRef {
	return common.DataSourceRef{Type: cog.ToPtr(b.plugin), Uid: cog.ToPtr("${ds}")}
}

// build lays the sections out, each under its row.
func build(b backend) (dashboard.Dashboard, error) {
	d := dashboard.NewDashboardBuilder(b.title).
		Uid(b.uid).
		Description("Vigil's findings and the sensor's health (github.com/vigil-sensor/vigil, examples/grafana).").
		Tags([]string{"vigil", "security", "opentelemetry"}).
		Editable().
		Refresh("1m").
		Time("now-6h", "now").
		Timezone(common.TimeZoneBrowser).
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		WithVariable(dashboard.NewDatasourceVariableBuilder("ds").Label("Datasource").Type(b.plugin)).
		WithVariable(b.namespaces).
		WithVariable(severities())
	// Grafana tells panels apart by id: rows and panels are numbered in order.
	id := uint32(0)
	for _, s := range sections {
		id++
		d.WithRow(dashboard.NewRowBuilder(s.title).Id(id))
		for _, p := range s.panels {
			id++
			d.WithPanel(b.panel(p, id))
		}
	}
	return d.Build()
}

func (b backend) panel(p panel, id uint32) cog.Builder[dashboard.Panel] {
	target := b.target(p)
	switch p.kind {
	case overTime:
		ts := timeseries.NewPanelBuilder().Id(id).Title(p.title).Description(p.description).Datasource(b.datasource()).
			Span(p.width).Height(p.height).WithTarget(target).
			Legend(common.NewVizLegendOptionsBuilder().ShowLegend(true).DisplayMode(common.LegendDisplayModeTable).Placement(common.LegendPlacementBottom).Calcs([]string{"sum"})).
			Tooltip(common.NewVizTooltipOptionsBuilder().Mode(common.TooltipDisplayModeMulti).Sort(common.SortOrderDescending))
		if p.unit != "" {
			ts.Unit(p.unit)
		}
		return ts
	case ranking:
		return bargauge.NewPanelBuilder().Id(id).Title(p.title).Description(p.description).Datasource(b.datasource()).
			Span(p.width).Height(p.height).WithTarget(target).
			Orientation(common.VizOrientationHorizontal).DisplayMode(common.BarGaugeDisplayModeBasic).
			ReduceOptions(common.NewReduceDataOptionsBuilder().Calcs([]string{"lastNotNull"}).Values(false))
	default:
		// Records come as one frame whose labels field holds their fields:
		// the transformation makes each a column.
		return table.NewPanelBuilder().Id(id).Title(p.title).Description(p.description).Datasource(b.datasource()).
			Span(p.width).Height(p.height).WithTarget(target).
			WithTransformation(dashboard.DataTransformerConfig{Id: "extractFields", Options: map[string]any{"source": "labels"}}).
			Footer(common.NewTableFooterOptionsBuilder().Show(true).Reducer([]string{"count"}).CountRows(true))
	}
}

// severities is the severity variable: the rules' five severities.
func severities() cog.Builder[dashboard.VariableModel] {
	return dashboard.NewCustomVariableBuilder("severity").Label("Severity").
		Values(dashboard.StringOrMap{String: cog.ToPtr("critical,high,medium,low,info")}).
		Multi(true).IncludeAll(true).AllValue(".*").
		Current(dashboard.VariableOption{Text: dashboard.StringOrArrayOfString{String: cog.ToPtr("All")},
			Value: dashboard.StringOrArrayOfString{String: cog.ToPtr("$__all")}})
}

// lokiLabels writes a legend's {{attribute}} as Loki names it.
func lokiLabels(legend string) string {
	var out strings.Builder
	for {
		open := strings.Index(legend, "{{")
		if open < 0 {
			break
		}
		end := strings.Index(legend[open:], "}}")
		if end < 0 {
			break
		}
		out.WriteString(legend[:open])
		out.WriteString(strings.ReplaceAll(legend[open:open+end], ".", "_"))
		legend = legend[open+end:]
	}
	out.WriteString(legend)
	return out.String()
}
