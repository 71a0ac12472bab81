//lint:file-ignore SA1019 The classic dashboard model, not v2: its JSON is what every Grafana's Import accepts; v2 needs Grafana 12's new schema.

package dashboards

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/loki"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const committed = "../../examples/grafana"

// TestCommittedDashboardsAreGenerated keeps examples/grafana what this
// package builds: edit the Go, then go generate ./internal/dashboards.
func TestCommittedDashboardsAreGenerated(t *testing.T) {
	files, err := Files()
	require.NoError(t, err)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(committed, name))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "%s differs from what is generated: run go generate ./internal/dashboards", name)
	}
}

// TestDashboardsFollowGrafanasSchema reads the committed files back into
// the SDK's dashboard types, strictly (an unknown or mistyped field is an
// error), each query as its datasource's type.
func TestDashboardsFollowGrafanasSchema(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	cog.NewRuntime().RegisterDataqueryVariant(VictoriaLogsVariant())
	panels := 0
	for _, s := range sections {
		panels += len(s.panels)
	}
	for name, plugin := range map[string]string{"vigil-victorialogs.json": VictoriaLogsPlugin, "vigil-loki.json": LokiPlugin} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(committed, name))
			require.NoError(t, err)
			require.NoError(t, strictly(raw))
			// The strict reader does find a field Grafana does not know.
			assert.Error(t, strictly(bytes.Replace(raw, []byte(`"transparent"`), []byte(`"transparency"`), 1)))
			var d dashboard.Dashboard
			require.NoError(t, json.Unmarshal(raw, &d))
			rows, seen := 0, map[uint32]bool{}
			var queries []string
			for _, p := range d.Panels {
				if p.RowPanel != nil {
					rows++
					assert.False(t, seen[p.RowPanel.Id], "row id %d twice", p.RowPanel.Id)
					seen[p.RowPanel.Id] = true
					continue
				}
				require.NotNil(t, p.Panel)
				require.NotNil(t, p.Panel.Id, p.Panel.Title)
				assert.False(t, seen[*p.Panel.Id], "panel id %d twice", *p.Panel.Id)
				seen[*p.Panel.Id] = true
				assert.Equal(t, plugin, *p.Panel.Datasource.Type, p.Panel.Title)
				require.Len(t, p.Panel.Targets, 1, p.Panel.Title)
				switch q := p.Panel.Targets[0].(type) {
				case VictoriaLogsQuery:
					assert.Equal(t, VictoriaLogsPlugin, plugin)
					assert.Contains(t, []VictoriaLogsQueryType{QueryInstant, QueryStats, QueryStatsRange}, q.QueryType, p.Panel.Title)
					queries = append(queries, q.Expr)
				case *loki.Dataquery:
					assert.Equal(t, LokiPlugin, plugin)
					queries = append(queries, q.Expr)
				default:
					t.Fatalf("panel %q: a %T query", *p.Panel.Title, q)
				}
			}
			assert.Equal(t, len(sections), rows)
			assert.Len(t, queries, panels)
			for _, q := range queries {
				assert.NotEmpty(t, q)
			}
			names := map[string]bool{}
			for _, v := range d.Templating.List {
				names[v.Name] = true
			}
			assert.Equal(t, map[string]bool{"ds": true, "namespace": true, "severity": true}, names)
		})
	}
}

// strictly checks a dashboard with the SDK's strict reader. Its errors come
// as a cog.BuildErrors, also when there are none (a non-nil error holding
// no error); and in v0.0.22 that empty error makes it leave every panel
// out of the result, so the values are read apart, leniently.
func strictly(raw []byte) error {
	var d dashboard.Dashboard
	err := d.UnmarshalJSONStrict(raw)
	if errs, ok := err.(cog.BuildErrors); ok && len(errs) == 0 {
		return nil
	}
	return err
}

func TestLokiLegendsNameLokisLabels(t *testing.T) {
	assert.Equal(t, "{{security_rule_uuid}} {{security_rule_name}} of k8s.pod", lokiLabels("{{security_rule.uuid}} {{security_rule.name}} of k8s.pod"))
}
