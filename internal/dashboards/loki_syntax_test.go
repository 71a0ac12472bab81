package dashboards

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-sensor/vigil/internal/testenv"
)

// lokiVariables are what Grafana puts in place of the variables a LogQL
// query of the dashboard uses: "All" for the namespace and severity, and
// the intervals it computes.
var lokiVariables = strings.NewReplacer(varNamespace, ".*", varSeverity, ".*", "$__auto", "1m", "$__range", "6h")

// TestLokiQueriesParseAsLogQL parses every LogQL query of the Loki
// dashboard with the grammar Grafana's Loki query editor uses
// (@grafana/lezer-logql, installed by test/setup/logql.sh). No Loki server
// is available here: this checks the syntax only, not that Loki's OTLP
// endpoint names the attributes as the queries expect
// (examples/grafana/README.md says what is assumed).
func TestLokiQueriesParseAsLogQL(t *testing.T) {
	testenv.Integration(t)
	dir := os.Getenv("VIGIL_LEZER_LOGQL")
	if dir == "" {
		t.Skip("needs @grafana/lezer-logql: run `make integration`, or test/setup/logql.sh and VIGIL_LEZER_LOGQL=_build/tools/lezer-logql")
	}
	var titles, exprs []string
	for _, s := range sections {
		for _, p := range s.panels {
			titles = append(titles, p.title)
			exprs = append(exprs, lokiVariables.Replace(p.logql))
		}
	}
	// The parser must see a mistake: one broken query is added.
	titles = append(titles, "a missing parenthesis")
	exprs = append(exprs, strings.TrimSuffix(exprs[0], ")"))

	errors := parseLogQL(t, dir, exprs)
	require.Len(t, errors, len(exprs))
	for i, errs := range errors[:len(errors)-1] {
		assert.Empty(t, errs, "%s: %s", titles[i], exprs[i])
	}
	assert.NotEmpty(t, errors[len(errors)-1], "the parser accepted a broken query")
}

// parseLogQL returns each expression's syntax errors.
func parseLogQL(t *testing.T, dir string, exprs []string) [][]map[string]any {
	in, err := json.Marshal(exprs)
	require.NoError(t, err)
	cmd := exec.Command("node", "testdata/parse-logql.cjs", dir)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var errs [][]map[string]any
	require.NoError(t, json.Unmarshal(out, &errs), string(out))
	return errs
}
