//lint:file-ignore SA1019 The classic dashboard model, not v2: its JSON is what every Grafana's Import accepts; v2 needs Grafana 12's new schema.

package dashboards

import (
	"encoding/json"

	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

// Files are the dashboards as the JSON files users import, by file name.
func Files() (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, build := range map[string]func() (dashboard.Dashboard, error){
		"vigil-victorialogs.json": VictoriaLogs,
		"vigil-loki.json":         Loki,
	} {
		d, err := build()
		if err != nil {
			return nil, err
		}
		b, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return nil, err
		}
		out[name] = append(b, '\n')
	}
	return out, nil
}
