package dashboards

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/variants"
	"github.com/grafana/grafana-foundation-sdk/go/common"
)

// VictoriaLogsPlugin is the VictoriaLogs datasource plugin's id. The SDK
// has no types for it: VictoriaLogsQuery is its query, as the plugin reads
// it.
const VictoriaLogsPlugin = "victoriametrics-logs-datasource"

// VictoriaLogsQueryType is the plugin's queryType: which endpoint a panel's
// LogsQL goes to.
type VictoriaLogsQueryType string

const (
	// QueryInstant lists records: /select/logsql/query.
	QueryInstant VictoriaLogsQueryType = "instant"
	// QueryStats is a stats pipe's result over the time range:
	// /select/logsql/stats_query.
	QueryStats VictoriaLogsQueryType = "stats"
	// QueryStatsRange is a stats pipe's result per interval:
	// /select/logsql/stats_query_range.
	QueryStatsRange VictoriaLogsQueryType = "statsRange"
)

var errEmptyExpr = errors.New("a query needs an expression")

// VictoriaLogsQuery is one target of a panel on a VictoriaLogs datasource.
type VictoriaLogsQuery struct {
	RefID        string                `json:"refId"`
	Datasource   *common.DataSourceRef `json:"datasource,omitempty"`
	Expr         string                `json:"expr"`
	QueryType    VictoriaLogsQueryType `json:"queryType"`
	EditorMode   string                `json:"editorMode,omitempty"`
	LegendFormat string                `json:"legendFormat,omitempty"`
	MaxLines     int                   `json:"maxLines,omitempty"`
}

// ImplementsDataqueryVariant makes it a query the SDK's panels take.
func (VictoriaLogsQuery) ImplementsDataqueryVariant() {}

// DataqueryType is the plugin it belongs to.
func (VictoriaLogsQuery) DataqueryType() string { return VictoriaLogsPlugin }

// Validate is what the SDK checks before a dashboard is built.
func (q VictoriaLogsQuery) Validate() error {
	if q.Expr == "" {
		return cog.MakeBuildErrors("expr", errEmptyExpr)
	}
	return nil
}

// Equals compares two queries.
func (q VictoriaLogsQuery) Equals(other variants.Dataquery) bool {
	o, ok := other.(VictoriaLogsQuery)
	return ok && reflect.DeepEqual(q, o)
}

// VictoriaLogsVariant registers the query type, so that the SDK reads
// dashboards holding it back into VictoriaLogsQuery values (strictly: an
// unknown field is an error).
func VictoriaLogsVariant() variants.DataqueryConfig {
	read := func(strict bool) func([]byte) (variants.Dataquery, error) {
		return func(raw []byte) (variants.Dataquery, error) {
			var q VictoriaLogsQuery
			dec := json.NewDecoder(bytes.NewReader(raw))
			if strict {
				dec.DisallowUnknownFields()
			}
			if err := dec.Decode(&q); err != nil {
				return nil, err
			}
			return q, nil
		}
	}
	return variants.DataqueryConfig{
		Identifier:                 VictoriaLogsPlugin,
		DataqueryUnmarshaler:       read(false),
		StrictDataqueryUnmarshaler: read(true),
	}
}

// victoriaLogsTarget builds a VictoriaLogsQuery for a panel.
type victoriaLogsTarget struct{ q VictoriaLogsQuery }

var _ cog.Builder[variants.Dataquery] = victoriaLogsTarget{}

func (t victoriaLogsTarget) Build() (variants.Dataquery, error) {
	if err := t.q.Validate(); err != nil {
		return nil, err
	}
	return t.q, nil
}
