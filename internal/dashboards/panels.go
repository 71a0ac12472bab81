package dashboards

// kind is how a panel shows its query's result.
type kind int

const (
	overTime kind = iota // a time series: counts per interval, by a label
	ranking              // horizontal bars: counts over the range, by a label
	rows                 // a table of records or of aggregated rows
)

// panel is one panel of both dashboards: what it shows and its query in
// each language. Both queries answer the same question; their differences
// are the backends' (see examples/grafana/README.md).
type panel struct {
	title, description string
	kind               kind
	logsql             string // LogsQL, for VictoriaLogs
	logql              string // LogQL, for Loki
	legend             string // the series' name; {{label}} as Grafana writes it
	lokiLegend         string // when Loki's labels are others than the legend's, dots aside
	unit               string
	width, height      uint32
}

// section is a row of the dashboards and its panels.
type section struct {
	title  string
	panels []panel
}

// The dashboards' variables, as queries write them.
const (
	// Namespaces chosen ("All" is .*, which also matches a host's findings,
	// which have none).
	varNamespace = "${namespace:regex}"
	// Severities chosen.
	varSeverity = "${severity:regex}"
)
